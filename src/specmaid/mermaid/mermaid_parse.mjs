// Real Mermaid as the oracle: parse diagrams with the pinned `mermaid` package under jsdom.
//
// Shipped inside the Python package, so it does not sit next to node_modules: the folder is
// given in SPECMAID_NODE_MODULES. Two modes:
//   node mermaid_parse.mjs            stdin: {"diagrams": [{"name", "text"}, ...]} → one JSON document
//   node mermaid_parse.mjs --serve    one JSON request per stdin line → one JSON result per line
// A result: {name, ok, error, diagramType, config, title, graph}. For flowcharts `graph` holds
// what Mermaid's flowDb built (vertices, edges, classDefs, subgraphs, direction); texts are
// decoded the way Mermaid decodes them when it draws (its entity placeholders, then HTML).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const modulesDir = process.env.SPECMAID_NODE_MODULES;
if (!modulesDir) {
  process.stderr.write('SPECMAID_NODE_MODULES is not set (the node_modules folder holding mermaid)\n');
  process.exit(2);
}

// stdout carries the results; some grammars print their lexer's trace with console.log
// (block-beta in 10.9), so the console's chatty methods are silenced.
for (const method of ['log', 'info', 'debug', 'trace']) console[method] = () => {};
// SPECMAID_MERMAID_PACKAGE: another Mermaid installed beside the pinned one under an npm
// alias (e.g. "mermaid-10.9"), to check output for an older target (specmaid.features).
const mermaidPackage = process.env.SPECMAID_MERMAID_PACKAGE || 'mermaid';
// Mermaid 12 needs Node >= 22.12: its usecase-beta parser calls Object.groupBy, which Node 20
// lacks (every parse throws "Object.groupBy is not a function"). These follow the spec'd
// behaviour closely enough for Mermaid's use, and are only set where the runtime has none.
if (typeof Object.groupBy !== 'function') {
  Object.groupBy = (items, key) => {
    const groups = Object.create(null);
    let index = 0;
    for (const item of items) (groups[key(item, index++)] ??= []).push(item);
    return groups;
  };
}
if (typeof Map.groupBy !== 'function') {
  Map.groupBy = (items, key) => {
    const groups = new Map();
    let index = 0;
    for (const item of items) {
      const k = key(item, index++);
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(item);
    }
    return groups;
  };
}
let mermaid;
let window;
let yaml;
try {
  const require = createRequire(join(modulesDir, 'noop.js'));
  const { JSDOM } = require('jsdom');
  ({ window } = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true }));
  // The DOM must exist before mermaid is imported: its sanitiser binds to `window` at load.
  globalThis.window = window;
  globalThis.document = window.document;
  globalThis.Option = window.Option; // sequence `box <colour>` calls new Option()
  globalThis.DOMParser = window.DOMParser;
  globalThis.Element = window.Element;
  globalThis.HTMLElement = window.HTMLElement;
  const pkg = JSON.parse(readFileSync(join(modulesDir, mermaidPackage, 'package.json'), 'utf8'));
  const entry = pkg.exports?.['.']?.import ?? pkg.module ?? 'dist/mermaid.core.mjs';
  const entryPath = typeof entry === 'string' ? entry : entry.default;
  ({ default: mermaid } = await import(pathToFileURL(join(modulesDir, mermaidPackage, entryPath)).href));
  yaml = require('js-yaml');
  mermaid.initialize({ startOnLoad: false });
} catch (error) {
  process.stderr.write(`cannot load mermaid and jsdom from ${modulesDir}: ${error.message}\n`);
  process.exit(2);
}
const mermaidVersion = JSON.parse(readFileSync(join(modulesDir, mermaidPackage, 'package.json'), 'utf8')).version;

const textarea = window.document.createElement('textarea');
function decode(text) {
  if (typeof text !== 'string') return text;
  // Mermaid's decodeEntities, then the browser's entity decoding (RCDATA: tags stay text).
  textarea.innerHTML = text.replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';')
    .replace(/</g, '&lt;');
  return textarea.value;
}

// Mermaid's preprocess.ts, copied from the pinned 11.17.2 (mermaid.core.mjs): parse() hands
// the db this `code`, with the frontmatter title as metadata. getDiagramFromText is the only
// public way to reach the db, so the same steps run here first.
const FRONTMATTER = /^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+/s;
const DIRECTIVE = /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi;
function preprocess(text) {
  let code = text.replace(/\r\n?/g, '\n').replace(
    /<(\w+)([^>]*)>/g,
    (match, tag, attributes) => '<' + tag + attributes.replace(/="([^"]*)"/g, "='$1'") + '>',
  );
  let title;
  const match = code.match(FRONTMATTER);
  if (match) {
    const indent = match[1];
    const body = indent
      ? match[2].split('\n').map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n')
      : match[2];
    let data = {};
    try {
      data = yaml.load(body, { schema: yaml.JSON_SCHEMA }) ?? {};
    } catch {
      data = {};
    }
    if (data && typeof data === 'object' && data.title) title = data.title.toString();
    code = code.slice(match[0].length);
  }
  code = code.replace(DIRECTIVE, '');
  code = code.replace(/^\s*%%(?!{)[^\n]+\n?/gm, '').trimStart();
  return { code, title };
}

function clean(object) {
  const out = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

function flowchartGraph(db) {
  const vertices = [...db.getVertices().values()].map((v) =>
    clean({
      id: v.id,
      text: decode(v.text),
      labelType: v.labelType,
      type: v.type,
      classes: v.classes ?? [],
      styles: v.styles ?? [],
      img: v.img,
      icon: v.icon,
      form: v.form,
      pos: v.pos,
      w: v.assetWidth ?? v.w,
      h: v.assetHeight ?? v.h,
      constraint: v.constraint,
      link: v.link,
      linkTarget: v.linkTarget,
      tooltip: decode(db.getTooltip?.(v.id)),
    }),
  );
  const edges = db.getEdges().map((e) =>
    clean({
      id: e.id,
      start: e.start,
      end: e.end,
      type: e.type,
      stroke: e.stroke,
      length: e.length,
      text: decode(e.text),
      labelType: e.labelType,
      style: e.style ?? [],
      classes: e.classes ?? [],
      animate: e.animate,
      animation: e.animation,
      interpolate: e.interpolate,
    }),
  );
  const classDefs = {};
  for (const [name, value] of db.getClasses()) {
    classDefs[name] = { styles: value.styles ?? [], textStyles: value.textStyles ?? [] };
  }
  const subgraphs = db.getSubGraphs().map((s) =>
    clean({
      id: s.id,
      title: decode(s.title),
      labelType: s.labelType,
      nodes: s.nodes,
      dir: s.dir,
      classes: s.classes ?? [],
    }),
  );
  return { direction: db.getDirection?.(), vertices, edges, classDefs, subgraphs };
}

// For other kinds: the texts their db holds, decoded, so tests can check that hostile text
// arrived whole and created no extra items. Each getter is read only when the db has it.
function texts(value) {
  if (typeof value === 'string') return decode(value);
  if (Array.isArray(value)) return value.map(texts);
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [texts(k), texts(v)]));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'function' && !(v instanceof Date)) out[texts(k)] = texts(v);
    }
    return out;
  }
  return value;
}

// Every query a db answers without arguments: its zero-argument `get*`/`is*` methods (own and
// inherited; the dbs are classes or plain objects), found by reflection so a new kind or getter
// needs no edit here. A query that throws (it needs state we do not have) is skipped.
const QUERY_NAME = /^(get|is)[A-Z]/;
// Queries not read, and why.
const SKIPPED_QUERIES = new Set([
  'getConfig', // the effective config is result.config already; the kind's whole section is long
  'getChartConfig', // (xychart) the same config again, with defaults filled in
  'getChartThemeConfig', // (xychart) theme colours, not the diagram
  'getLogger', // Mermaid's logger object
  'getCommonDb', // the shared db: title and accessibility are read from it above
  'getDividerId', // (state) makes a new divider id on every call: a side effect
  'getDrawableElem', // (xychart) computes the drawing's geometry: slow and not the diagram
]);
// Queries read although reflection would not pick them: no `get`/`is` prefix (gantt), or an
// optional argument that makes `length` non-zero while a call without it answers for the whole
// diagram (C4's getC4ShapeArray(parentBoundary) and getBoundaries(parentBoundary): every shape
// and boundary, without which the C4 import came back empty; block's getColumns). Found by
// checking, over every @mermaid-js/examples diagram, which of the queries the hand-kept list
// (that reflection replaced) called have a non-zero length: these three.
const EXTRA_QUERIES = [
  'endDatesAreInclusive', 'topAxisEnabled', 'getC4ShapeArray', 'getBoundaries', 'getColumns',
];
function queryNames(db) {
  const names = new Set();
  for (let object = db; object && object !== Object.prototype; object = Object.getPrototypeOf(object)) {
    for (const name of Object.getOwnPropertyNames(object)) {
      if (QUERY_NAME.test(name) && !SKIPPED_QUERIES.has(name)) names.add(name);
    }
  }
  const extra = new Set(EXTRA_QUERIES);
  return [...names, ...EXTRA_QUERIES].filter(
    (name, i, all) => all.indexOf(name) === i && typeof db[name] === 'function'
      && (db[name].length === 0 || extra.has(name)),
  );
}
// What the class db keeps outside its getters: classDefs (`styleClasses`; getClasses returns
// the diagram's classes), lollipop interfaces and the namespace tree (flattened to ids).
function classDbExtras(db) {
  if (!(db.styleClasses instanceof Map && Array.isArray(db.interfaces) && db.namespaces instanceof Map)) {
    return {};
  }
  const styleClasses = {};
  for (const [name, value] of db.styleClasses) {
    styleClasses[name] = { styles: value.styles ?? [], textStyles: value.textStyles ?? [] };
  }
  const interfaces = db.interfaces.map((i) => ({ id: i.id, label: decode(i.label), classId: i.classId }));
  const namespaces = [...db.namespaces.values()].map((n) =>
    clean({
      id: n.id,
      label: decode(n.label),
      parent: n.parent,
      explicit: n.explicit,
      classes: [...n.classes.keys()],
      notes: [...n.notes.keys()],
    }),
  );
  return { styleClasses, interfaces, namespaces };
}

function otherGraph(db) {
  const out = {};
  for (const name of queryNames(db)) {
    try {
      const value = db[name]();
      const key = name.startsWith('get') ? name.slice(3, 4).toLowerCase() + name.slice(4) : name;
      out[key] = JSON.parse(JSON.stringify(texts(value)) ?? 'null');
    } catch {
      // a query that needs state we do not have: skip it
    }
  }
  // The extras win over a query of the same name (the class db's getNamespaces gives the
  // namespace objects; the importer reads the flattened tree).
  return Object.assign(out, classDbExtras(db));
}

// Gantt: what the getters leave out. The weekend start has no getter: isInvalidDate is asked
// whether a Friday (isoWeekday 5) is a weekend day when weekends are excluded. Each task's
// computed start and end are Dates, which `texts` drops: they say where the bars are drawn.
function ganttExtras(db) {
  const friday = { format: () => '', isoWeekday: () => 5 };
  const iso = (value) => (value instanceof Date && !isNaN(value) ? value.toISOString() : null);
  return {
    weekend: db.isInvalidDate(friday, '', ['weekends'], []) ? 'friday' : 'saturday',
    times: db.getTasks().map((t) => [iso(t.startTime), iso(t.endTime), iso(t.renderEndTime)]),
  };
}

// Git graph: the branches in the order they were created (the getBranches Map's order, which
// a JSON object loses for names like "1") and in the order their lanes are drawn.
function gitGraphExtras(db) {
  return {
    branchOrder: [...db.getBranches().keys()].map(decode),
    lanes: db.getBranchesAsObjArray().map((b) => decode(b.name)),
  };
}

// C4: what its db keeps outside the getters read above: the level, its own title statement
// (not the common db's), and the layout.
function c4Extras(db) {
  return {
    c4Type: db.getC4Type(),
    c4Title: decode(db.getTitle()) || null,
    shapeInRow: db.getC4ShapeInRow(),
    boundaryInRow: db.getC4BoundaryInRow(),
  };
}

// Kinds whose db keeps only what it computed for drawing (a quadrant chart's points in pixels,
// their classes resolved into colours; an XY chart's series laid on axes fitted to the data):
// what Mermaid's own parser handed the db is read by parsing the text again with a db that
// records its set…/add… calls (then passes them on).
const RECORDED_CALLS = new Set(['quadrantChart', 'xychart']);
async function dbCalls(diagram) {
  const jison = diagram.parser?.parser;
  if (!jison) return null;
  const db = diagram.db;
  const calls = [];
  const recorder = new Proxy(db, {
    get(target, key) {
      const value = target[key];
      if (typeof value !== 'function' || typeof key !== 'string' || !/^(set|add)/.test(key)) return value;
      return (...args) => {
        calls.push([key, texts(args)]);
        return value.apply(target, args);
      };
    },
  });
  db.clear?.();
  jison.yy = recorder;
  try {
    await diagram.parser.parse(diagram.text);
  } finally {
    jison.yy = db;
  }
  return JSON.parse(JSON.stringify(calls));
}

// Block: the diagram's own `columns` live on its root block, which getBlocks leaves out.
function blockExtras(db) {
  return { rootColumns: db.getBlock('root')?.columns ?? -1 };
}

// Eventmodeling: the db keeps only the Langium AST, which no getter returns (getState lays
// it out, measuring text jsdom cannot). So setAst is wrapped to keep it, and the text is read
// once more (`reparse`) so that the wrapped setAst sees this diagram's AST.
async function eventModelingExtras(db, reparse) {
  if (!db.specmaidKeepsAst) {
    const setAst = db.setAst;
    db.setAst = (ast) => {
      db.specmaidAst = ast;
      return setAst(ast);
    };
    db.specmaidKeepsAst = true;
  }
  db.specmaidAst = null;
  await reparse();
  const root = db.specmaidAst;
  if (!root) return {};
  const frames = root.frames.map((f) =>
    clean({
      reset: f.$type === 'EmResetFrame',
      name: f.name,
      modelEntityType: f.modelEntityType,
      entityIdentifier: f.entityIdentifier,
      sourceFrames: (f.sourceFrames ?? []).map((r) => r.$refText),
      dataInlineValue: f.dataInlineValue,
      dataReference: f.dataReference?.$refText,
      dataType: f.dataType,
    }),
  );
  const dataEntities = root.dataEntities.map((d) =>
    clean({ name: d.name, dataType: d.dataType, dataBlockValue: d.dataBlockValue }),
  );
  const notDrawn = {
    entity: root.modelEntities?.length ?? 0,
    note: root.noteEntities?.length ?? 0,
    gwt: root.gwtEntities?.length ?? 0,
  };
  return { eventModel: texts({ frames, dataEntities, notDrawn }) };
}

// Mermaid 12's usecase-beta and agentflow-beta: no other installed Mermaid has them, so their
// graphs are read whichever package parses (an older one stops at "ok" below). usecase's db
// keeps Maps of records; agentflow's is a cut-down flowDb plus a semantic model, and reports
// removed shapes only as diagnostics that getData() (run when Mermaid draws) adds: a
// diagnostic of severity "error" is what the drawing refuses, so it fails the parse here.
function usecaseGraph(db) {
  const records = (map) => [...map.values()].map((item) => texts(clean({ ...item })));
  return {
    direction: db.getDirection(),
    actors: records(db.getActors()),
    useCases: records(db.getUseCases()),
    systemBoundaries: records(db.getSystemBoundaries()),
    relationships: db.getRelationships().map((r) => texts(clean({ ...r }))),
    notes: records(db.getNotes()),
    jsonNodes: records(db.getJsonNodes()),
    classDefs: Object.fromEntries([...db.getClassDefs().values()].map((c) => [c.id, { styles: c.styles ?? [] }])),
  };
}
function agentflowGraph(db) {
  db.getData();
  const errors = db.getDiagnostics().filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.code ?? d.id}: ${d.message}`).join('; '));
  const graph = flowchartGraph(db);
  const model = db.getSemanticModel();
  const kinds = Object.fromEntries(model.vertices.map((v) => [v.id, v.vertexKind]));
  const vertexMetadata = Object.fromEntries(model.vertices.map((v) => [v.id, texts(v.metadata ?? {})]));
  graph.vertices = graph.vertices.map((v) => ({ ...v, kind: kinds[v.id], metadata: vertexMetadata[v.id] ?? {} }));
  graph.edges = graph.edges.map((e, i) => ({ ...e, semantic: model.edges[i]?.edgeSemantic }));
  graph.connectors = model.connectors.map((c) => texts(clean({ id: c.id, title: c.title, metadata: c.metadata })));
  graph.flows = model.subGraphs.map((s) => texts(clean({ id: s.id, title: s.title, nodes: s.nodes, type: s.type })));
  graph.warnings = db.getDiagnostics().filter((d) => d.severity !== 'error').map((d) => `${d.code ?? d.id}: ${d.message}`);
  return graph;
}
const NEWER_KIND_GRAPHS = { usecase: usecaseGraph, agentflow: agentflowGraph };

async function parseOne(name, text) {
  const result = { name, ok: false, error: null, diagramType: null, config: {}, title: null, graph: null };
  try {
    // Every diagram starts from the same site config, whatever the previous one set.
    mermaid.mermaidAPI.globalReset?.();
    mermaid.initialize({ startOnLoad: false });
    const parsed = await mermaid.parse(text);
    result.diagramType = parsed.diagramType;
    result.config = parsed.config ?? {};
    // As when Mermaid draws: preprocessed code, and the frontmatter title through the db
    // (which sanitises it). render() preprocesses once, but getDiagramFromText (also inside
    // mermaid.parse) preprocesses again: a `---` block that only became the start of the code
    // after the first pass (a `%%` comment, a directive or a blank line before it) would be
    // taken as frontmatter and dropped, so parse() says ok where render() fails. The leading
    // newline keeps the second pass from matching frontmatter; its trimStart removes it.
    const { code, title } = preprocess(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText('\n' + code, { title });
    const db = diagram.db;
    // Some kinds (timeline) keep title and accessibility in the common db only.
    const common = db.getCommonDb?.() ?? {};
    result.title = db.getDiagramTitle?.() || common.getDiagramTitle?.() || null; // drawn with .text(): no entity decoding
    result.accTitle = decode(db.getAccTitle?.() || common.getAccTitle?.() || '') || null;
    result.accDescription = decode(db.getAccDescription?.() || common.getAccDescription?.() || '') || null;
    if (typeof db.getC4Type === 'function') {
      // The C4 db's clear() leaves the shared accessibility texts alone: the next C4 diagram
      // read would inherit this one's accDescr.
      db.setAccTitle('');
      db.setAccDescription('');
    }
    const newerKindGraph = NEWER_KIND_GRAPHS[parsed.diagramType];
    if (newerKindGraph) {
      result.graph = newerKindGraph(db);
      result.ok = true;
      return result;
    }
    if (mermaidPackage !== 'mermaid' && Number(mermaidVersion.split('.')[0]) < 12) {
      // An older Mermaid (a compatibility target): whether it parses is the question; its
      // db has other shapes (10.x keeps vertices in an object, not a Map). Mermaid 12's db
      // is read in full: tests compare its graphs with the pinned 11's.
      result.ok = true;
      return result;
    }
    if (typeof db.getVertices === 'function' && typeof db.getEdges === 'function') {
      result.graph = flowchartGraph(db);
    } else {
      result.graph = otherGraph(db);
      if (typeof db.getDateFormat === 'function' && typeof db.isInvalidDate === 'function') {
        Object.assign(result.graph, ganttExtras(db));
      }
      if (typeof db.getBranchesAsObjArray === 'function') Object.assign(result.graph, gitGraphExtras(db));
      if (typeof db.getC4Type === 'function') Object.assign(result.graph, c4Extras(db));
      if (RECORDED_CALLS.has(diagram.type)) result.graph.calls = await dbCalls(diagram);
      // Radar: its options (scale, rings, legend) have a getter the list above leaves out.
      if (diagram.type === 'radar') result.graph.options = texts(db.getOptions());
      if (typeof db.setAst === 'function' && typeof db.getDiagramProps === 'function') {
        const reparse = () => mermaid.mermaidAPI.getDiagramFromText('\n' + code, { title });
        Object.assign(result.graph, await eventModelingExtras(db, reparse));
      }
      if (typeof db.getBlocksFlat === 'function' && typeof db.getBlock === 'function') {
        Object.assign(result.graph, blockExtras(db));
      }
    }
    result.ok = true;
  } catch (error) {
    result.error = String(error?.message ?? error).slice(0, 1000);
  }
  return result;
}

if (process.argv.includes('--serve')) {
  process.stdout.write(JSON.stringify({ ready: true, mermaid_version: mermaidVersion }) + '\n');
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const request = JSON.parse(line);
    process.stdout.write(JSON.stringify(await parseOne(request.name ?? '', request.text)) + '\n');
  }
} else {
  const input = JSON.parse(readFileSync(0, 'utf8'));
  const results = [];
  for (const diagram of input.diagrams ?? []) results.push(await parseOne(diagram.name, diagram.text));
  process.stdout.write(JSON.stringify({ mermaid_version: mermaidVersion, results }));
}
