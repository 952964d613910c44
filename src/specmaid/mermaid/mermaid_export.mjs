// Draw diagrams as SVG, PNG or PDF the way mermaid-cli's renderMermaid (the function behind
// `mmdc`) draws them, in one headless Chromium for the whole batch.
//
// Shipped inside the Python package; the node_modules folder is given in SPECMAID_NODE_MODULES.
// argv[2]: the browser, {executablePath, args}
// stdin: {"format": "svg"|"png"|"pdf", "now": ms,
//         "concurrency": n, "freshPages": bool,
//         "jobs": [{"name", "text", "output", "config", "svgId"}]}
// stdout: one JSON line per job as it finishes (not in order): {"index", "name", "ok",
// "error", "document"}; the image is written to `output` (svg, png or pdf bytes) only when
// `ok`, and "document" numbers the page that drew it.
//
// Speed: up to `concurrency` diagrams are drawn at once, one per lane, each lane a tab of its
// own. A lane loads renderMermaid's page once (its scripts from a loopback server, so Chromium
// keeps them and their compiled code in its caches) and draws diagram after diagram in that
// document, where Mermaid's code is already evaluated and warmed up (drawing in a new document
// took three times the CPU). The bytes are those of a new document per diagram: every
// diagram is drawn with renderMermaid's steps, Math.random restarted from its own seed, a
// stopped clock and the default viewport, and a document draws no two diagrams that would see
// each other's leftovers (documentKeys); the next such one gets a freshly loaded document.
// `freshPages` calls renderMermaid itself with a new tab per diagram, one at a time, as export
// drew before (the tests compare the two byte for byte).
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { realpathSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const modulesDir = process.env.SPECMAID_NODE_MODULES;
if (!modulesDir) {
  process.stderr.write('SPECMAID_NODE_MODULES is not set (the node_modules folder holding mermaid-cli)\n');
  process.exit(2);
}

const require = createRequire(join(modulesDir, 'noop.js'));
const puppeteer = (await import(pathToFileURL(require.resolve('puppeteer')).href)).default;
const cliEntry = join(modulesDir, '@mermaid-js', 'mermaid-cli', 'src', 'index.js');

// Chromium starts while specmaid is still rendering the specs (it writes the request when
// they are rendered, and closes stdin with nothing written when a spec has errors).
// Puppeteer's default viewport: a reused tab is put back to it (a PNG export resizes it).
const VIEWPORT = { width: 800, height: 600 };
const browserOptions = JSON.parse(process.argv[2]);
const launching = puppeteer.launch({
  headless: true,
  executablePath: browserOptions.executablePath,
  args: browserOptions.args,
  defaultViewport: VIEWPORT,
  // Chromium prints its own warnings on stderr; they are not the diagram's problem.
  dumpio: false,
});
launching.catch(() => {}); // (a failed launch is reported where it is awaited, below)
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = Buffer.concat(chunks).toString('utf8');
if (!input.trim()) {
  await (await launching).close();
  process.exit(0);
}
const request = JSON.parse(input);
const browser = await launching;

// ----------------------------------------------------------------------------------------
// The files renderMermaid loads into its page, found as it finds them (its src/index.js), and
// served to the page over loopback HTTP with long cache lifetimes. renderMermaid serves them
// through Puppeteer's request interception, which sends every module file (mermaid is ~100
// of them) through the DevTools protocol for every diagram and keeps Chromium from caching
// them or their compiled code; served like this a diagram's page loads from Chromium's
// caches. The page, the steps and so the bytes are renderMermaid's (the tests compare).
const cliRequire = createRequire(cliEntry);
const packageDir = (name) => dirname(cliRequire.resolve(`${name}/package.json`));
const optionalPackageDir = (name) => {
  try {
    return packageDir(name);
  } catch {
    return null; // @mermaid-js/layout-tidy-tree is an optional dependency of mermaid-cli
  }
};
const indexFile = join(dirname(cliEntry), '..', 'dist', 'index.html');
const allowedDirs = new Set();
const CONTENT_TYPES = {
  '.css': 'text/css;charset=UTF-8',
  '.html': 'text/html;charset=UTF-8',
  '.js': 'application/javascript',
  '.mjs': 'application/javascript',
  '.woff2': 'font/woff2',
};
const server = createServer(async (req, res) => {
  try {
    const file = realpathSync(fileURLToPath(new URL(req.url, 'file://')));
    const inside = [...allowedDirs].some((dir) => !relative(dir, file).startsWith('..'));
    const type = CONTENT_TYPES[extname(file).toLowerCase()];
    if (!inside || !type) throw new Error('not served');
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': type,
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
function served(file, level = 1) {
  let dir = realpathSync(file);
  for (let i = 0; i <= level; i++) dir = dirname(dir);
  allowedDirs.add(dir + sep);
  return origin + pathToFileURL(file).pathname;
}
const indexURL = served(indexFile, 0);
const tidyDir = optionalPackageDir('@mermaid-js/layout-tidy-tree');
const urls = {
  mermaidUrl: served(join(packageDir('mermaid'), 'dist', 'mermaid.esm.mjs')),
  elkUrl: served(join(packageDir('@mermaid-js/layout-elk'), 'dist', 'mermaid-layout-elk.esm.mjs')),
  zenumlUrl: served(
    join(packageDir('@mermaid-js/mermaid-zenuml'), 'dist', 'mermaid-zenuml.esm.mjs'),
  ),
  tidyTreeESMUrl: tidyDir
    ? served(join(tidyDir, 'dist', 'mermaid-layout-tidy-tree.esm.mjs'))
    : undefined,
};
const cssURLs = [
  ['@fortawesome/fontawesome-free', 'css/brands.css'],
  ['@fortawesome/fontawesome-free', 'css/regular.css'],
  ['@fortawesome/fontawesome-free', 'css/solid.css'],
  ['@fortawesome/fontawesome-free', 'css/fontawesome.css'],
  ['katex', 'dist/katex.css'],
].map(([name, file]) => served(join(packageDir(name), file), 2));

// renderMermaid(browser, text, format, {mermaidConfig, backgroundColor, svgId, pdfFit: true})
// step by step, in a tab of ours, in two parts: loadServed opens a fresh document, evaluates
// Mermaid's modules and loads the fonts (the same for every diagram), drawServed then draws a
// diagram in it (its render empties the container first).
async function loadServed(page, backgroundColor) {
  await page.goto(indexURL);
  await page.$eval(
    'body',
    (body, backgroundColor) => {
      body.style.background = backgroundColor;
    },
    backgroundColor,
  );
  await Promise.all(cssURLs.map((url) => page.addStyleTag({ url })));
  await page.$eval('#container', async (container, urls) => {
    const { default: mermaid } = await import(urls.mermaidUrl);
    const { default: elkLayouts } = await import(urls.elkUrl);
    const { default: zenuml } = await import(urls.zenumlUrl);
    const { default: tidyTree } = urls.tidyTreeESMUrl
      ? await import(urls.tidyTreeESMUrl)
      : { default: undefined };
    await Promise.all(Array.from(document.fonts, (font) => font.load()));
    window.specmaidModules = { mermaid, elkLayouts, zenuml, tidyTree };
    // A PDF's Title is the page's title, which renderMermaid's untitled file:// page shows as
    // its file name; served, it would be the URL, with the run's port in it.
    document.title = 'index.html';
  }, urls);
}

// (One round trip to the page: before the render, `afterAnother` clears what the diagram drawn
// before left in Mermaid's shared state and Math.random restarts from the diagram's seed, see
// drawInLane; an SVG comes back serialized as renderMermaid serializes it.)
async function drawServed(page, job, format, backgroundColor, afterAnother) {
  const xml = await page.$eval(
    '#container',
    async (container, { definition, mermaidConfig, backgroundColor, svgId, format, afterAnother }) => {
      const { mermaid, elkLayouts, zenuml, tidyTree } = window.specmaidModules;
      if (afterAnother) await mermaid.parse('pie');
      globalThis.specmaidReseed(svgId);
      await mermaid.registerExternalDiagrams([zenuml]);
      mermaid.registerLayoutLoaders([...elkLayouts, ...(tidyTree ?? [])]);
      mermaid.registerIconPacks([]);
      mermaid.registerIconPacks([]);
      mermaid.initialize({ startOnLoad: false, ...mermaidConfig });
      const { svg: svgText } = await mermaid.render(svgId || 'my-svg', definition, container);
      container.innerHTML = svgText;
      const svg = container.getElementsByTagName?.('svg')?.[0];
      if (svg?.style) svg.style.backgroundColor = backgroundColor;
      if (format !== 'svg') return null;
      return new XMLSerializer().serializeToString(document.querySelector('svg'));
    },
    {
      definition: job.text,
      mermaidConfig: job.config,
      backgroundColor,
      svgId: job.svgId,
      format,
      afterAnother,
    },
  );
  if (format === 'svg') return new TextEncoder().encode(xml);
  const clip = await page.$eval('svg', (svg) => {
    const box = svg.getBoundingClientRect();
    return { x: box.left, y: box.top, width: box.width, height: box.height };
  });
  if (format === 'png') {
    const pixels = {
      x: Math.floor(clip.x),
      y: Math.floor(clip.y),
      width: Math.ceil(clip.width),
      height: Math.ceil(clip.height),
    };
    await page.setViewport({ width: pixels.x + pixels.width, height: pixels.y + pixels.height });
    return await page.screenshot({
      clip: pixels,
      omitBackground: backgroundColor === 'transparent',
    });
  }
  return await page.pdf({
    omitBackground: backgroundColor === 'transparent',
    width: Math.ceil(clip.width) + clip.x * 2 + 'px',
    height: Math.ceil(clip.height) + clip.y * 2 + 'px',
    pageRanges: '1-1',
  });
}

// Mermaid draws some shapes with rough.js and makes some element ids (state diagrams) from
// Math.random, and a gantt chart draws a line at "today"; deterministicIds covers neither.
// Each document gets Math.random replaced by a seeded generator (mulberry32) and a clock
// stopped at `now` (ms), so the same diagram gives the same bytes on every run.
// specmaidReseed(seed) puts the generator where a new document seeded with `seed` would have
// it once the page is loaded: restarted from `seed`, past the draws made while loading (Mermaid
// takes one while its modules are evaluated), so every diagram drawn in a lane's document gets
// the numbers it would get in a document of its own.
function seedRandom(seed, now) {
  const RealDate = Date;
  globalThis.Date = class extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(now);
      else super(...args);
    }
    static now() {
      return now;
    }
  };
  let state = 0;
  let calls = 0;
  const start = (seed) => {
    state = 0;
    for (const ch of seed) state = (Math.imul(state, 31) + ch.charCodeAt(0)) | 0;
  };
  start(seed);
  Math.random = () => {
    calls++;
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let loadCalls = null;
  globalThis.specmaidReseed = (seed) => {
    loadCalls ??= calls;
    start(seed);
    for (let i = 0; i < loadCalls; i++) Math.random();
    return loadCalls;
  };
}

async function freshPage(seed) {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(seedRandom, seed, request.now);
  return page;
}

// A lane's tab (a new one, or `page` again) set to load its next document with Math.random
// seeded from `seed`: the first diagram it draws there, whose seed it is, sees the stream and
// the module state a new tab would give it (renderMermaid's).
async function reusedPage(page, seed) {
  page ??= await browser.newPage();
  if (page.specmaidSeed) await page.removeScriptToEvaluateOnNewDocument(page.specmaidSeed);
  page.specmaidSeed = (await page.evaluateOnNewDocument(seedRandom, seed, request.now)).identifier;
  return page;
}

let documentsLoaded = 0; // (each result says which document drew it; the tests look)

function report(index, error, document = null) {
  const job = request.jobs[index];
  const result = error
    ? { index, name: job.name, ok: false, error: String(error?.message ?? error).split('\n').slice(0, 3).join(' ') }
    : { index, name: job.name, ok: true, error: null, document };
  process.stdout.write(JSON.stringify(result) + '\n');
}

const backgroundColor = request.backgroundColor ?? 'white';

// renderMermaid itself, in a new tab (it only asks its browser for new pages).
async function drawFresh(index) {
  const job = request.jobs[index];
  try {
    const seeded = { newPage: () => freshPage(job.svgId) };
    const { renderMermaid } = await import(pathToFileURL(cliEntry).href);
    const { data } = await renderMermaid(seeded, job.text, request.format, {
      mermaidConfig: job.config,
      backgroundColor,
      svgId: job.svgId,
      pdfFit: true,
    });
    writeFileSync(job.output, data);
    report(index, null, ++documentsLoaded);
  } catch (error) {
    report(index, error);
  }
}

// What a diagram's drawing leaves behind in its document. Mermaid keeps module state that no
// render resets: counters that number a diagram type's element ids (a sankey's `node-N`, a
// sequence diagram's `actorN`), and a layout module such as ELK draws one Math.random when it
// is first evaluated, which shifts every later number a hand-drawn diagram takes from the
// seeded generator. A document therefore draws at most one diagram of each type and at most
// one with each layout (and one with math): then every diagram finds its type's and its
// layout's modules as a fresh document would, and the next one of the same kind gets a
// freshly loaded document.
const FRONTMATTER = /^---\r?\n[\s\S]*?\r?\n---\r?\n/;
function documentKeys(text) {
  const keys = new Set();
  const body = text.replace(FRONTMATTER, '');
  const first = body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line && !line.startsWith('%%'));
  // (A type's names share its modules: graph and flowchart-v2 are flowchart, stateDiagram-v2
  // is stateDiagram, sankey-beta is sankey, C4Context and C4Container are C4.)
  const type = (first ?? '').split(/[\s{:;]/, 1)[0].toLowerCase();
  const family = type === 'graph' ? 'flowchart' : type.startsWith('c4') ? 'c4' : type;
  keys.add(`type:${family.replace(/-(v2|elk|beta)$/, '')}`);
  for (const [, layout] of text.matchAll(/\blayout['"]?\s*:\s*['"]?([\w-]+)/g)) {
    keys.add(`layout:${layout}`);
  }
  if (/elk/i.test(first ?? '')) keys.add('layout:elk'); // flowchart-elk
  if (text.includes('$$')) keys.add('math'); // KaTeX, loaded on demand
  return [...keys];
}
const jobKeys = request.jobs.map((job) => documentKeys(job.text));
const pending = request.jobs.map((_, index) => index);

// The next diagram for a lane whose document has drawn `used` (null: no document yet): the
// first waiting one its document can draw, else the first waiting one in a fresh document.
function take(used) {
  if (pending.length === 0) return null;
  const fits = used ? pending.findIndex((i) => jobKeys[i].every((key) => !used.has(key))) : 0;
  return fits >= 0
    ? { index: pending.splice(fits, 1)[0], fresh: !used }
    : { index: pending.shift(), fresh: true };
}

// Before a diagram drawn after another in the same document: the accessible title and
// description live in a module every diagram type shares (Mermaid's commonDb), and not every
// type clears them (a C4 diagram drawn after a packet diagram would show the packet's), so they
// are cleared the way a pie chart's parse clears them. Then Math.random restarts from the
// diagram's seed, as in a new document (drawServed does both).
async function drawInLane(page, index, first) {
  const job = request.jobs[index];
  const data = await drawServed(page, job, request.format, backgroundColor, !first);
  if (request.format !== 'svg') await page.setViewport(VIEWPORT); // (a PNG resized it)
  writeFileSync(job.output, data);
}

try {
  const lanes = Math.max(1, Math.min(request.concurrency ?? 1, request.jobs.length));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      if (request.freshPages) {
        for (let next = take(null); next; next = take(null)) await drawFresh(next.index);
        return;
      }
      let page = null; // the lane's tab
      let used = null; // what its document has drawn (null: no document loaded)
      let document = 0;
      for (let next = take(used); next; next = take(used)) {
        try {
          if (next.fresh) {
            used = null;
            page = await reusedPage(page, request.jobs[next.index].svgId);
            await loadServed(page, backgroundColor);
            document = ++documentsLoaded;
            used = new Set();
          }
          await drawInLane(page, next.index, used.size === 0);
          for (const key of jobKeys[next.index]) used.add(key);
          report(next.index, null, document);
        } catch (error) {
          // A tab in an unknown state is not reused: the next diagram gets a new one.
          await page?.close().catch(() => {});
          page = null;
          used = null;
          report(next.index, error);
        }
      }
    }),
  );
} finally {
  await browser.close();
  server.close();
}
