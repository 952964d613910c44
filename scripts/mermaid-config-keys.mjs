// The config keys each pinned Mermaid reads, from Mermaid's own package, for specmaid's
// config checks (src/specmaid/mermaid/config_keys.py): the keys its types declare
// (dist/config.type.d.ts, the interfaces its JSON Schema compiles to) united with the keys of
// its built-in defaults (mermaid.mermaidAPI.defaultConfig, which also holds keys the types
// leave out). Hand-kept lists drifted (issue 19: `defaultRenderer` was refused for 11, which
// reads it); tests/test_mermaid_config.py regenerates these files and compares.
//
//   node scripts/mermaid-config-keys.mjs [--check] [package ...]
//     package: npm package names under ./node_modules (default: mermaid mermaid-12)
//     writes src/specmaid/mermaid/data/mermaid-config-<version>.json; --check prints the JSON of
//     every package to stdout ({version: document}) and writes nothing.
//   node scripts/mermaid-config-keys.mjs --types path/to/config.type.d.ts
//     prints the key tree of a types file alone (to compare with releases not installed).
//
// A key tree: {name: {type?: [JSON types], keys?: {…}, open?: true}}. `type` is left out
// where the types allow anything (`any`, imported types); `keys` are the known sub-keys of a
// mapping; `open` marks a mapping that takes any key (an index signature, `any`).
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const modulesDir = process.env.SPECMAID_NODE_MODULES || join(repo, 'node_modules');
const outDir = join(repo, 'src', 'specmaid', 'mermaid', 'data');

// ------------------------------------------------------------ config.type.d.ts

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const OPEN = '{([<';
const CLOSE = '})]>';

// The text from `start` (just after an opening brace) to its matching closing brace.
function bracedBody(text, start) {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (OPEN.includes(text[i])) depth++;
    else if (CLOSE.includes(text[i]) && !(text[i] === '>' && text[i - 1] === '=')) depth--;
    if (depth === 0) return text.slice(start, i);
  }
  throw new Error('unbalanced braces in config.type.d.ts');
}

// Split at `separator` where no bracket is open (and outside quotes).
function splitTop(text, separator) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote && text[i - 1] !== '\\') quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch) && !(ch === '>' && text[i - 1] === '=')) depth--;
    if (!quote && depth === 0 && ch === separator) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function parseTypes(text) {
  const source = stripComments(text);
  const interfaces = {};
  const aliases = {};
  const declaration = /export (interface|type) (\w+)(?: extends ([\w\s,]+))?\s*(\{|=)/g;
  for (let match; (match = declaration.exec(source)); ) {
    const [, what, name, parents] = match;
    const after = match.index + match[0].length;
    if (match[4] === '{') {
      interfaces[name] = {
        body: bracedBody(source, after),
        parents: parents ? parents.split(',').map((p) => p.trim()) : [],
      };
    } else {
      aliases[name] = source.slice(after, source.indexOf(';', after)).trim();
    }
  }
  const members = (body) => {
    const out = {};
    for (const member of splitTop(body, ';')) {
      const found = member.match(/^(?:readonly\s+)?(?:'([^']+)'|"([^"]+)"|([\w$]+))\??\s*:\s*([\s\S]*)$/);
      if (found) out[found[1] ?? found[2] ?? found[3]] = found[4].trim();
      else if (/^\[/.test(member)) out['[index]'] = member;
    }
    return out;
  };
  const interfaceTree = (name, seen) => {
    const { body, parents } = interfaces[name];
    let tree = {};
    for (const parent of parents) if (interfaces[parent]) Object.assign(tree, interfaceTree(parent, seen).keys);
    const own = objectTree(body, seen);
    return { keys: { ...tree, ...own.keys }, open: own.open };
  };
  const objectTree = (body, seen) => {
    const keys = {};
    let open = false;
    for (const [key, type] of Object.entries(members(body))) {
      if (key === '[index]') open = true;
      else keys[key] = typeNode(type, seen);
    }
    return { keys, open };
  };
  const typeNode = (type, seen = new Set()) => {
    const parts = splitTop(type, '|');
    const types = new Set();
    let free = false;
    let object = null;
    for (let part of parts) {
      part = part.replace(/^\(|\)$/g, '').trim();
      if (/^'.*'$|^".*"$|^string$|^`/.test(part)) types.add('string');
      else if (/^-?\d+(\.\d+)?$|^number$/.test(part)) types.add('number');
      else if (/^(boolean|true|false)$/.test(part)) types.add('boolean');
      else if (part === 'null' || part === 'undefined') types.add('null');
      else if (/\[\]$|^Array</.test(part)) types.add('array');
      else if (part.startsWith('{')) {
        types.add('object');
        object = objectTree(part.slice(1, -1), seen);
      } else if (/^Record</.test(part)) {
        types.add('object');
        object = { keys: {}, open: true };
      } else if (interfaces[part] && !seen.has(part)) {
        types.add('object');
        object = interfaceTree(part, new Set([...seen, part]));
      } else if (aliases[part] && !seen.has(part)) {
        const resolved = typeNode(aliases[part], new Set([...seen, part]));
        if (resolved.type) resolved.type.forEach((t) => types.add(t));
        else free = true;
        if (resolved.keys || resolved.open) object = { keys: resolved.keys ?? {}, open: !!resolved.open };
      } else free = true; // any, unknown, an imported type: Mermaid takes anything here
    }
    const node = {};
    if (!free) node.type = [...types].filter((t) => t !== 'null').sort();
    if (node.type && node.type.length === 0) delete node.type;
    if (object) {
      if (Object.keys(object.keys).length) node.keys = object.keys;
      if (object.open) node.open = true;
    } else if (free) node.open = true;
    return node;
  };
  if (!interfaces.MermaidConfig) throw new Error('no MermaidConfig interface in config.type.d.ts');
  return interfaceTree('MermaidConfig', new Set(['MermaidConfig'])).keys;
}

// ------------------------------------------------------------ defaultConfig

function jsonType(value) {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}

// Keys of the defaults that the types leave out, added to the tree (never removing one).
function addDefaults(tree, defaults) {
  for (const [key, value] of Object.entries(defaults)) {
    if (typeof value === 'function' || value === undefined) continue;
    const type = jsonType(value);
    if (!(key in tree)) tree[key] = type === 'null' ? {} : { type: [type] };
    const node = tree[key];
    if (type === 'object' && !node.open && !(node.type && !node.type.includes('object'))) {
      node.keys ??= {};
      addDefaults(node.keys, value);
      if (!Object.keys(node.keys).length) delete node.keys;
    }
  }
  return tree;
}

function sorted(tree) {
  const out = {};
  for (const key of Object.keys(tree).sort()) {
    const node = { ...tree[key] };
    if (node.keys) node.keys = sorted(node.keys);
    out[key] = node;
  }
  return out;
}

async function loadMermaid(pkgName) {
  const require = createRequire(join(modulesDir, 'noop.js'));
  const { JSDOM } = require('jsdom');
  if (!globalThis.window) {
    const { window } = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
    Object.assign(globalThis, {
      window, document: window.document, Option: window.Option, DOMParser: window.DOMParser,
      Element: window.Element, HTMLElement: window.HTMLElement,
    });
  }
  const pkg = JSON.parse(readFileSync(join(modulesDir, pkgName, 'package.json'), 'utf8'));
  const entry = pkg.exports?.['.']?.import ?? pkg.module ?? 'dist/mermaid.core.mjs';
  const entryPath = typeof entry === 'string' ? entry : entry.default;
  const { default: mermaid } = await import(pathToFileURL(join(modulesDir, pkgName, entryPath)).href);
  return { mermaid, version: pkg.version };
}

async function keyDocument(pkgName) {
  const { mermaid, version } = await loadMermaid(pkgName);
  const types = readFileSync(join(modulesDir, pkgName, 'dist', 'config.type.d.ts'), 'utf8');
  const tree = addDefaults(parseTypes(types), JSON.parse(JSON.stringify(mermaid.mermaidAPI.defaultConfig)));
  return {
    mermaid: version,
    generated_by: 'scripts/mermaid-config-keys.mjs (from dist/config.type.d.ts and mermaidAPI.defaultConfig)',
    keys: sorted(tree),
  };
}

for (const method of ['log', 'info', 'debug', 'trace', 'warn']) console[method] = () => {};
const args = process.argv.slice(2);
if (args[0] === '--types') {
  process.stdout.write(JSON.stringify(sorted(parseTypes(readFileSync(args[1], 'utf8'))), null, 1) + '\n');
} else {
  const check = args[0] === '--check';
  const packages = args.filter((a) => !a.startsWith('--'));
  const documents = {};
  // One package per process would be cleaner, but both Mermaids load fine side by side: each
  // import is its own bundle with its own defaults.
  for (const pkgName of packages.length ? packages : ['mermaid', 'mermaid-12']) {
    const document = await keyDocument(pkgName);
    documents[document.mermaid] = document;
    if (!check) {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, `mermaid-config-${document.mermaid}.json`), JSON.stringify(document, null, 1) + '\n');
    }
  }
  if (check) process.stdout.write(JSON.stringify(documents));
}
