// Draw diagrams as SVG, PNG or PDF with mermaid-cli (@mermaid-js/mermaid-cli's renderMermaid,
// the function behind `mmdc`) in one headless Chromium for the whole batch.
//
// Shipped inside the Python package; the node_modules folder is given in SPECMAID_NODE_MODULES.
// stdin: {"browser": {executablePath, args}, "format": "svg"|"png"|"pdf", "now": ms,
//         "concurrency": n, "freshPages": bool,
//         "jobs": [{"name", "text", "output", "config", "svgId"}]}
// stdout: one JSON line per job as it finishes (not in order): {"index", "name", "ok",
// "error"}; the image is written to `output` (svg, png or pdf bytes) only when `ok`.
//
// Speed: up to `concurrency` diagrams are drawn at once, each in its own tab, and a tab is
// reused for the next diagram (a new tab costs more than the drawing). Bytes do not depend on
// either: every diagram is drawn in a freshly loaded document (renderMermaid navigates), with
// its own seeded Math.random and stopped clock, at the default viewport. `freshPages` opens a
// new tab per diagram, as before pages were reused (the tests compare both).
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

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

async function seededPage(seed) {
  if (request.freshPages) {
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(seedRandom, seed, request.now);
    return page;
  }
  const page = idle.pop() ?? (await browser.newPage());
  if (page.specmaidSeed) await page.removeScriptToEvaluateOnNewDocument(page.specmaidSeed);
  page.specmaidSeed = (await page.evaluateOnNewDocument(seedRandom, seed, request.now)).identifier;
  // renderMermaid closes its page when done: put the tab back instead, as it was.
  return new Proxy(page, {
    get(target, key) {
      if (key === 'close') {
        return async () => {
          target.removeAllListeners('request');
          target.removeAllListeners('console');
          await target.setRequestInterception(false);
          await target.setViewport(VIEWPORT);
          idle.push(target);
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function draw(index) {
  const job = request.jobs[index];
  let result;
  try {
    // renderMermaid only asks its browser for new pages.
    const seeded = { newPage: () => seededPage(job.svgId) };
    const { data } = await renderMermaid(seeded, job.text, request.format, {
      mermaidConfig: job.config,
      backgroundColor: request.backgroundColor ?? 'white',
      svgId: job.svgId,
      pdfFit: true,
    });
    writeFileSync(job.output, data);
    result = { index, name: job.name, ok: true, error: null };
  } catch (error) {
    const message = String(error?.message ?? error).split('\n').slice(0, 3).join(' ');
    result = { index, name: job.name, ok: false, error: message };
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

try {
  let next = 0;
  const lanes = Math.max(1, Math.min(request.concurrency ?? 1, request.jobs.length));
  // Each lane takes the next diagram as soon as it finishes one.
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < request.jobs.length) await draw(next++);
    }),
  );
} finally {
  await browser.close();
}
