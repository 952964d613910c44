"""The one page `specmaid serve` sends: it draws the diagrams with Mermaid's browser script
and redraws those whose text changed when the event stream announces a new version.
"""

from __future__ import annotations

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>specmaid preview</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
  header { position: sticky; top: 0; z-index: 1; background: #24292f; color: #fff;
           padding: .5rem 1rem; display: flex; gap: 1rem; align-items: baseline; }
  header h1 { font-size: 1rem; margin: 0; }
  #status { font-size: .85rem; opacity: .8; }
  main { display: flex; }
  nav { width: 16rem; flex: none; padding: 1rem; font-size: .85rem; position: sticky;
        top: 2.5rem; align-self: flex-start; max-height: calc(100vh - 3rem); overflow: auto; }
  nav a { display: block; color: #0969da; text-decoration: none; padding: .1rem 0;
          overflow-wrap: anywhere; }
  nav a.error { color: #cf222e; }
  #diagrams { flex: 1; min-width: 0; padding: 1rem; overflow-anchor: none; }
  section { background: #fff; border: 1px solid #d0d7de; border-radius: 6px;
            margin-bottom: 1rem; padding: .75rem 1rem; }
  section h2 { font-size: .95rem; margin: 0 0 .5rem; font-weight: 600; }
  section h2 small { font-weight: normal; color: #57606a; margin-left: .5rem; }
  .diagram { overflow: auto; }
  .diagram svg { max-width: 100%; height: auto; }
  pre.error, #problems pre { background: #ffebe9; color: #82071e; border: 1px solid #ff818266;
              padding: .5rem .75rem; border-radius: 6px; white-space: pre-wrap; margin: 0; }
  #problems:empty { display: none; }
</style>
</head>
<body data-version="0">
<header><h1>specmaid preview</h1><span id="project"></span><span id="status">loading…</span>
</header>
<main>
<nav id="toc"></nav>
<div id="diagrams"><div id="problems"></div><p id="empty" hidden>No specs yet.</p></div>
</main>
<script src="/mermaid.min.js"></script>
<script>
"use strict";
mermaid.initialize({ startOnLoad: false, securityLevel: "strict", suppressErrorRendering: true });
const layouts = import("/layout-elk/mermaid-layout-elk.esm.min.mjs")
  .then((m) => mermaid.registerLayoutLoaders(m.default))
  .catch(() => {});  // without @mermaid-js/layout-elk, `layout: elk` falls back to dagre
const shown = new Map();  // spec name -> what its section shows (text or errors)
let counter = 0;
let queue = Promise.resolve();
let latest = 0;

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function slug(name) { return "d-" + name.replace(/[^A-Za-z0-9_-]+/g, "-"); }

function section(d) {
  let s = document.getElementById(slug(d.name));
  if (!s) {
    s = el("section", { id: slug(d.name), "data-spec": d.name, "data-state": "pending" });
    const h = el("h2");
    s.append(h, el("div", { class: "diagram" }));
  }
  const h = s.querySelector("h2");
  h.textContent = d.title || d.name;
  if (d.title) h.append(el("small", {}, d.name));
  return s;
}

function drawn(s, state) {
  s.dataset.state = state;
  // When it was redrawn, in ms since the epoch (benchmarks/live.py measures save → redrawn).
  s.dataset.drawnAt = (performance.timeOrigin + performance.now()).toFixed(1);
}

function showError(s, lines) {
  const box = s.querySelector(".diagram");
  box.replaceChildren(el("pre", { class: "error" }, lines.join("\\n")));
  drawn(s, "error");
}

// The diagram in view stays where it is on the screen while diagrams above it change size.
function viewAnchor() {
  for (const s of document.querySelectorAll("#diagrams > section")) {
    const top = s.getBoundingClientRect().top;
    if (s.getBoundingClientRect().bottom > 0) return { s, top };
  }
  return null;
}

function keep(anchor) {
  if (!anchor || !anchor.s.isConnected) return;
  const shift = anchor.s.getBoundingClientRect().top - anchor.top;
  if (shift) window.scrollBy(0, shift);
}

async function draw(s, d) {
  if (d.errors.length) { showError(s, d.errors); return; }
  const id = "m" + (++counter);
  try {
    const { svg, bindFunctions } = await mermaid.render(id, d.text);
    const box = s.querySelector(".diagram");
    box.innerHTML = svg;
    if (bindFunctions) bindFunctions(box);
    drawn(s, "ok");
  } catch (err) {
    showError(s, [d.name + ": Mermaid cannot draw the diagram: " + (err && err.message || err)]);
  } finally {
    // Mermaid draws in a scratch element "d<id>"; a failed render can leave it behind.
    const scratch = document.getElementById("d" + id);
    if (scratch && !s.contains(scratch)) scratch.remove();
  }
}

async function update() {
  const response = await fetch("/api/diagrams", { cache: "no-store" });
  const data = await response.json();
  await layouts;
  document.getElementById("project").textContent = data.root;
  const problems = document.getElementById("problems");
  problems.replaceChildren(...data.errors.map((e) => el("pre", {}, e)));
  const list = document.getElementById("diagrams");
  const toc = document.getElementById("toc");
  const names = new Set(data.diagrams.map((d) => d.name));
  for (const name of [...shown.keys()]) {
    if (!names.has(name)) { document.getElementById(slug(name))?.remove(); shown.delete(name); }
  }
  toc.replaceChildren();
  const anchor = viewAnchor();
  let previous = document.getElementById("empty");
  const stale = [];
  for (const d of data.diagrams) {
    const s = section(d);
    // The project's order; a section already in place is not moved (nor redrawn).
    if (previous.nextElementSibling !== s) previous.after(s);
    previous = s;
    const link = el("a", { href: "#" + s.id }, d.name);
    if (d.errors.length) link.className = "error";
    toc.append(link);
    const key = JSON.stringify([d.text, d.errors]);
    if (shown.get(d.name) !== key) stale.push([s, d, key]);
  }
  keep(anchor);
  for (const [s, d, key] of stale) {  // only the diagrams whose text changed
    await draw(s, d);
    shown.set(d.name, key);
    keep(anchor);
  }
  document.getElementById("empty").hidden = data.diagrams.length > 0;
  const broken = data.diagrams.filter((d) => d.errors.length).length + data.errors.length;
  document.getElementById("status").textContent =
    data.diagrams.length + " diagrams" + (broken ? ", " + broken + " with errors" : "") +
    " · updated " + new Date().toLocaleTimeString();
  document.body.dataset.version = data.version;
}

function schedule(version) {
  if (version <= latest) return;
  latest = version;
  // When the newest version was announced, in ms since the epoch (see data-drawn-at).
  document.body.dataset.announcedAt = (performance.timeOrigin + performance.now()).toFixed(1);
  queue = queue.then(update).catch((err) => {
    document.getElementById("status").textContent = "cannot update: " + err;
  });
}

const events = new EventSource("/events");
events.addEventListener("version", (e) => schedule(Number(e.data)));
events.onopen = () => { latest = 0; };  // a restarted server counts from 1 again
events.onerror = () => { document.getElementById("status").textContent = "reconnecting…"; };
</script>
</body>
</html>
"""
