"""What Mermaid's HTML sanitiser will drop from an ``html:`` label, said before it happens.

Mermaid 11 passes every label through DOMPurify (``sanitizeText`` in its ``common`` module:
``DOMPurify.sanitize(text, {FORBID_TAGS: ["style"]})``, after a plain ``DOMPurify.sanitize``
at the default ``securityLevel: strict``). It does so at every security level, so a label's
``<script>``, ``onclick=`` or ``javascript:`` link is silently not drawn. specmaid warns
(rather than refuses) because a site can widen the sanitiser with ``dompurifyConfig`` in
its own ``mermaid.initialize``, which a spec cannot see. tests/test_sanitizer.py checks each
rule against the pinned DOMPurify itself.
"""

from __future__ import annotations

import re

#: Elements DOMPurify's default allow-list lacks (or Mermaid forbids: style), with content
#: dropped too where DOMPurify drops it.
DROPPED_ELEMENTS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "link",
        "meta",
        "noscript",
        "noembed",
        "noframes",
        "param",
        "xmp",
        "plaintext",
        "template",
    }
)

_TAG_RE = re.compile(r"<\s*([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>?")
_ATTRIBUTE_RE = re.compile(
    r"""([^\s"'<>/=]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""",
)
#: Attributes whose value DOMPurify reads as a URL (and drops when the scheme is not safe).
_URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "action", "formaction", "background"})
_UNSAFE_URL_RE = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.I)
_CONTROL_RE = re.compile(r"[\x00-\x20]")


def dropped_parts(html: str) -> list[str]:
    """What Mermaid's sanitiser removes from ``html``, each said once, in order."""
    found: list[str] = []

    def add(what: str) -> None:
        if what not in found:
            found.append(what)

    for tag in _TAG_RE.finditer(html):
        name = tag.group(1).lower()
        if name in DROPPED_ELEMENTS:
            add(f"<{name}>")
            continue
        for attribute in _ATTRIBUTE_RE.finditer(tag.group(2)):
            attr = attribute.group(1).lower()
            value = (attribute.group(2) or "").strip("\"'")
            if attr.startswith("on"):
                add(f"the {attr}= handler")
            elif attr in _URL_ATTRIBUTES and _UNSAFE_URL_RE.match(_CONTROL_RE.sub("", value)):
                scheme = _CONTROL_RE.sub("", value).split(":", 1)[0].lower()
                if not (scheme == "data" and name == "img" and attr == "src"):
                    add(f"the {scheme}: URL of {attr}=")
    return found


def sanitiser_warning(html: str) -> str | None:
    """The warning for an ``html:`` label, or None when Mermaid draws all of it."""
    parts = dropped_parts(html)
    if not parts:
        return None
    return (
        f"Mermaid's HTML sanitiser drops {', '.join(parts)} from this label, so the diagram"
        " shows less than the spec says (remove it, or widen `dompurifyConfig` in your site's"
        " mermaid.initialize)"
    )
