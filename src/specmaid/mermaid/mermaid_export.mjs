// Draw diagrams as SVG, PNG or PDF the way mermaid-cli's renderMermaid (the function behind
// `mmdc`) draws them, in one headless Chromium for the whole batch.
//
// Shipped inside the Python package; the node_modules folder is given in SPECMAID_NODE_MODULES.
// stdin: {"browser": {executablePath, args}, "format": "svg"|"png"|"pdf", "now": ms,
//         "concurrency": n, "freshPages": bool,
//         "jobs": [{"name", "text", "output", "config", "svgId"}]}
// stdout: one JSON line per job as it finishes (not in order): {"index", "name", "ok",
// "error"}; the image is written to `output` (svg, png or pdf bytes) only when `ok`.
//
// Speed: up to `concurrency` diagrams are drawn at once, each in its own tab; a tab is reused
// for the next diagram, the page and its scripts come from a loopback server (one origin, so
// Chromium keeps them and their compiled code in its caches), and a lane loads the next
// diagram's document while it draws the current one (loadServed, drawServed). Bytes depend on neither: every diagram is drawn in a freshly loaded document,
// with renderMermaid's page and steps, its own seeded Math.random and stopped clock, at the
// default viewport. `freshPages` calls renderMermaid itself with a new tab per diagram, one
// at a time, as export drew before (the tests compare the two byte for byte).
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const modulesDir = process.env.SPECMAID_NODE_MODULES;
if (!modulesDir) {
  process.stderr.write('SPECMAID_NODE_MODULES is not set (the node_modules folder holding mermaid-cli)\n');
  process.exit(2);
}

const request = JSON.parse(readFileSync(0, 'utf8'));
const require = createRequire(join(modulesDir, 'noop.js'));
const puppeteer = (await import(pathToFileURL(require.resolve('puppeteer')).href)).default;
const cliEntry = join(modulesDir, '@mermaid-js', 'mermaid-cli', 'src', 'index.js');
const { renderMermaid } = await import(pathToFileURL(cliEntry).href);

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
// step by step, in a tab of ours, in two parts: loadServed opens the diagram's fresh document,
// evaluates Mermaid's modules and loads the fonts (the same for every diagram), drawServed
// then draws in it.
// A lane loads the next diagram's document while it draws the current one (see below); the
// page runs the same steps in the same order either way, so the bytes are the same.
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
  }, urls);
}

async function drawServed(page, job, format, backgroundColor) {
  await page.$eval(
    '#container',
    async (container, { definition, mermaidConfig, backgroundColor, svgId }) => {
      const { mermaid, elkLayouts, zenuml, tidyTree } = window.specmaidModules;
      await mermaid.registerExternalDiagrams([zenuml]);
      mermaid.registerLayoutLoaders([...elkLayouts, ...(tidyTree ?? [])]);
      mermaid.registerIconPacks([]);
      mermaid.registerIconPacks([]);
      mermaid.initialize({ startOnLoad: false, ...mermaidConfig });
      const { svg: svgText } = await mermaid.render(svgId || 'my-svg', definition, container);
      container.innerHTML = svgText;
      const svg = container.getElementsByTagName?.('svg')?.[0];
      if (svg?.style) svg.style.backgroundColor = backgroundColor;
    },
    { definition: job.text, mermaidConfig: job.config, backgroundColor, svgId: job.svgId },
  );
  if (format === 'svg') {
    const xml = await page.$eval('svg', (svg) => new XMLSerializer().serializeToString(svg));
    return new TextEncoder().encode(xml);
  }
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

// Puppeteer's default viewport: a reused tab is put back to it (a PNG export resizes it).
const VIEWPORT = { width: 800, height: 600 };
const browser = await puppeteer.launch({
  headless: true,
  executablePath: request.browser.executablePath,
  args: request.browser.args,
  defaultViewport: VIEWPORT,
  // Chromium prints its own warnings on stderr; they are not the diagram's problem.
  dumpio: false,
});
// Mermaid draws some shapes with rough.js and makes some element ids (state diagrams) from
// Math.random, and a gantt chart draws a line at "today"; deterministicIds covers neither.
// Each page gets Math.random replaced by a seeded generator (mulberry32) and a clock stopped
// at `now` (ms), so the same diagram gives the same bytes on every run.
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
  for (const ch of seed) state = (Math.imul(state, 31) + ch.charCodeAt(0)) | 0;
  Math.random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const idle = []; // tabs ready for the next diagram

async function freshPage(seed) {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(seedRandom, seed, request.now);
  return page;
}

async function reusedPage(seed) {
  const page = idle.pop() ?? (await browser.newPage());
  if (page.specmaidSeed) await page.removeScriptToEvaluateOnNewDocument(page.specmaidSeed);
  page.specmaidSeed = (await page.evaluateOnNewDocument(seedRandom, seed, request.now)).identifier;
  return page;
}

function report(index, error) {
  const job = request.jobs[index];
  const result = error
    ? { index, name: job.name, ok: false, error: String(error?.message ?? error).split('\n').slice(0, 3).join(' ') }
    : { index, name: job.name, ok: true, error: null };
  process.stdout.write(JSON.stringify(result) + '\n');
}

const backgroundColor = request.backgroundColor ?? 'white';

// renderMermaid itself, in a new tab (it only asks its browser for new pages).
async function drawFresh(index) {
  const job = request.jobs[index];
  try {
    const seeded = { newPage: () => freshPage(job.svgId) };
    const { data } = await renderMermaid(seeded, job.text, request.format, {
      mermaidConfig: job.config,
      backgroundColor,
      svgId: job.svgId,
      pdfFit: true,
    });
    writeFileSync(job.output, data);
    report(index, null);
  } catch (error) {
    report(index, error);
  }
}

// The diagram's tab with its document loaded, or the error that stopped it (never throws).
async function load(index) {
  const job = request.jobs[index];
  let page;
  try {
    page = await reusedPage(job.svgId);
    await loadServed(page, backgroundColor);
    return { index, page };
  } catch (error) {
    await page?.close().catch(() => {}); // a tab in an unknown state is not reused
    return { index, error };
  }
}

async function finish({ index, page, error }) {
  if (error) return report(index, error);
  const job = request.jobs[index];
  try {
    const data = await drawServed(page, job, request.format, backgroundColor);
    await page.setViewport(VIEWPORT); // (a PNG resized it)
    idle.push(page);
    writeFileSync(job.output, data);
    report(index, null);
  } catch (error) {
    await page.close().catch(() => {}); // a tab in an unknown state is not reused
    report(index, error);
  }
}

try {
  let next = 0;
  const lanes = Math.max(1, Math.min(request.concurrency ?? 1, request.jobs.length));
  // Each lane takes the next diagram as soon as it finishes one; in reused tabs it loads the
  // next diagram's document (page, stylesheets, Mermaid's modules) while it draws the
  // current one, so the browser's waits for the one fill with the other's work.
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      if (request.freshPages) {
        while (next < request.jobs.length) await drawFresh(next++);
        return;
      }
      // (SVG only: a screenshot or PDF waits for its tab to draw a frame, which a tab in
      // the background does not, and a tab opened to load ahead takes the foreground.)
      const ahead = request.format === 'svg';
      let current = next < request.jobs.length ? load(next++) : null;
      while (current) {
        const following = ahead && next < request.jobs.length ? load(next++) : null;
        await finish(await current);
        current = following ?? (next < request.jobs.length ? load(next++) : null);
      }
    }),
  );
} finally {
  await browser.close();
  server.close();
}
