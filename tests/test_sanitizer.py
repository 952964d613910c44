"""The sanitiser warnings agree with the pinned DOMPurify, run as Mermaid runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from specmaid.mermaid.bridge import find_node_modules
from specmaid.pipeline.sanitizer import dropped_parts, sanitiser_warning

SAMPLES = [
    # (label, what the warning names; [] = Mermaid draws all of it)
    ("<b>bold</b> and <i>it</i><br>next", []),
    ('<a href="https://example.com" target="_blank">link</a>', []),
    ('<span style="color: red">red</span>', []),
    ('<img src="data:image/png;base64,AAAA">', []),
    ("a < b and c > d", []),
    ("<script>alert(1)</script>after", ["<script>"]),
    ('<img src="x.png" onerror="alert(1)">', ["the onerror= handler"]),
    (
        "<b onclick='f()' onmouseover=g()>x</b>",
        ["the onclick= handler", "the onmouseover= handler"],
    ),
    ('<iframe src="https://example.com"></iframe>', ["<iframe>"]),
    ('<a href="javascript:alert(1)">x</a>', ["the javascript: URL of href="]),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', ["the javascript: URL of href="]),
    ('<a href="data:text/html,hi">x</a>', ["the data: URL of href="]),
    ("<style>b {color: red}</style><b>x</b>", ["<style>"]),
    ('<object data="x.swf"></object>', ["<object>"]),
    ('<embed src="x.swf">', ["<embed>"]),
    ("<meta http-equiv='refresh' content='0'>", ["<meta>"]),
]


@pytest.mark.parametrize(("label", "expected"), SAMPLES)
def test_dropped_parts(label: str, expected: list[str]) -> None:
    assert dropped_parts(label) == expected
    warning = sanitiser_warning(label)
    assert (warning is None) == (not expected)
    for part in expected:
        assert warning is not None and part in warning


_ORACLE = """
const { createRequire } = require('node:module');
const path = require('node:path');
const req = createRequire(path.join(process.env.MODULES, 'mermaid', 'package.json'));
const { JSDOM } = req('jsdom');
const { window } = new JSDOM('');
globalThis.window = window;  // (as Mermaid loads it: bound to the page's window)
const createDOMPurify = req('dompurify');
const purify = createDOMPurify(window);
// Mermaid's own hooks (setupDompurifyHooks in its common module): a link keeps its target.
purify.addHook('beforeSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('target')) {
    node.setAttribute('data-temp-href-target', node.getAttribute('target') ?? '');
  }
});
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('data-temp-href-target')) {
    node.setAttribute('target', node.getAttribute('data-temp-href-target') ?? '');
    node.removeAttribute('data-temp-href-target');
    if (node.getAttribute('target') === '_blank') node.setAttribute('rel', 'noopener');
  }
});
const body = window.document.createElement('div');
const labels = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const out = labels.map((label) => {
  // Mermaid's sanitizeText at securityLevel strict: removeScript, then FORBID_TAGS style.
  const drawn = purify.sanitize(purify.sanitize(label), { FORBID_TAGS: ['style'] }).toString();
  body.innerHTML = label;  // the same markup, only normalised (quotes, closing tags)
  // (the rel= Mermaid adds to a _blank link is not a loss)
  return drawn.replace(' rel="noopener"', '') !== body.innerHTML;
});
process.stdout.write(JSON.stringify(out));
"""


def purify_changes(labels: list[str]) -> list[bool]:
    modules = find_node_modules(Path(__file__).resolve().parents[1])
    node = shutil.which("node")
    if modules is None or node is None:
        pytest.fail("node and node_modules (npm ci) are needed for the DOMPurify oracle")
    done = subprocess.run(
        [node, "-e", _ORACLE],
        input=json.dumps(labels),
        capture_output=True,
        text=True,
        env={"MODULES": str(modules)},
        check=True,
    )
    result: Any = json.loads(done.stdout)
    return [bool(x) for x in result]


def test_warnings_agree_with_the_pinned_dompurify() -> None:
    labels = [label for label, _ in SAMPLES]
    changed = purify_changes(labels)
    for label, drops in zip(labels, changed, strict=True):
        assert bool(dropped_parts(label)) == drops, label


def test_a_flowchart_html_label_warns_with_its_location(tmp_path: Path) -> None:
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project

    text = "diagram: flowchart\nnodes:\n  A: {html: \"<b onclick='f()'>x</b>\"}\n"
    rendered = render_source(SourceText("h.yaml", text), Project(root=tmp_path))
    (warning,) = rendered.warnings
    assert (warning.file, warning.line, warning.column) == ("h.yaml", 3, 13)
    assert warning.path == ("nodes", "A", "html") and "onclick=" in warning.message
