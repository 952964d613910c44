"""The one place that turns user text into safe Mermaid text.

Mermaid runs several rewrites over the whole diagram text before its grammar sees it
(``utils.encodeEntities``, directive stripping, comment removal), so a label is only safe
when it survives all of them. The rules below follow
``shared/reference/mermaid-11-syntax.md`` section 2 and were checked against the real
parser (see ``tests/test_escape.py`` and the hypothesis suite):

* labels are always double-quoted; ``"`` cannot be backslash-escaped, so it becomes
  ``#quot;``;
* ``#`` starts an entity only when followed by ``word;``, so only then is it written ``#35;``;
* ``%%`` starts comments and ``%%{`` directives anywhere, so a ``%`` next to another ``%``
  becomes ``#37;``;
* ``<`` would be read as HTML by DOMPurify (text lost), so plain text writes ``#lt;``;
* ``&`` followed by a letter, digit or ``#`` could be read as an HTML entity, so it
  becomes ``#amp;`` (a lone ``&`` stays readable);
* a leading backtick would turn ``"`` into the start of a Markdown string: ``#96;``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

# --------------------------------------------------------------------------- text

_HASH_ENTITY_RE = re.compile(r"#(?=\w+;)")
_DOUBLE_PERCENT_RE = re.compile(r"%(?=%)|(?<=%)%")
_AMP_RE = re.compile(r"&(?=[A-Za-z0-9#])")


def _base_escape(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _HASH_ENTITY_RE.sub("#35;", text)  # first: later steps add '#name;' themselves
    text = _DOUBLE_PERCENT_RE.sub("#37;", text)
    if text.startswith("`"):
        text = "#96;" + text[1:]  # '"`' would open a Markdown string
    return text.replace('"', "#quot;")


#: Spaces other than the plain one (no-break, em, thin, ideographic…): Mermaid's layout trims
#: and splits labels at them, so a label of only `&nbsp;` (an invisible subgraph title)
#: would be drawn empty. Written as numeric entities, they pass the layout as text and reach
#: the drawing as the character itself, as `&nbsp;` does.
_WIDE_SPACE_RE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]")


def _wide_spaces(text: str) -> str:
    return _WIDE_SPACE_RE.sub(lambda m: f"#{ord(m.group(0))};", text)


#: Text without any of these comes out of escape_text as it went in (most labels).
_ESCAPED_CHARS_RE = re.compile('[\r#%`"&<>\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]')


def escape_text(text: str) -> str:
    """Plain text for a double-quoted label: every character arrives as written."""
    if _ESCAPED_CHARS_RE.search(text) is None:
        return text
    text = _base_escape(text)
    text = _AMP_RE.sub("#amp;", text)
    return _wide_spaces(text.replace("<", "#lt;").replace(">", "#gt;"))


_TAG_RE = re.compile(r"<(\w+)([^>]*)>")


def escape_html(text: str) -> str:
    """HTML label text: tags pass through, but nothing can leave the quotes.

    Double-quoted attribute values inside tags become single-quoted first, exactly as
    Mermaid's own preprocessing (``cleanupText``) would do, so they keep their meaning.
    """
    text = _TAG_RE.sub(
        lambda m: "<" + m.group(1) + re.sub(r'="([^"]*)"', r"='\1'", m.group(2)) + ">", text
    )
    return _wide_spaces(_base_escape(text))


# An empty quoted string is a parse error in the jison grammars (`A[""]`, `-->|""|`):
# a space draws the same nothing.
def quote_text(text: str) -> str:
    return f'"{escape_text(text) or " "}"'


def quote_html(text: str) -> str:
    return f'"{escape_html(text) or " "}"'


def quote_markdown(text: str) -> str:
    """A markdown string label; the validator has refused backticks and double quotes."""
    return f'"`{escape_html(text) or " "}`"'


def quote_label(text: str, kind: str = "text") -> str:
    """Quote a label of the given kind: ``text`` (default), ``html`` or ``markdown``."""
    if kind == "html":
        return quote_html(text)
    if kind == "markdown":
        return quote_markdown(text)
    return quote_text(text)


def escape_shape_data(text: str, kind: str = "text") -> str:
    """A value inside ``@{ key: "..." }``: also a YAML double-quoted scalar."""
    escaped = escape_text(text) if kind == "text" else escape_html(text)
    escaped = escaped.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


# ------------------------------------------------------------------------ entity guard

# Mermaid's encodeEntities first strips the last ';' of any line that matches these (meant
# for `style x fill:#f9f;`), one regex after the other. A label can match them by accident, so
# such a line gets as many extra ';' at its end as Mermaid will strip, and the label keeps its
# own. (`;` also ends a statement, so any left over would be harmless.)
_STRIP_SEMICOLON_RES = (re.compile(r"style.*:\S*#.*;"), re.compile(r"classDef.*:\S*#.*;"))


def _mermaid_strip(line: str) -> str:
    for regex in _STRIP_SEMICOLON_RES:
        line = regex.sub(lambda m: m.group(0)[:-1], line)
    return line


def guard_semicolons(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if ";" not in line or _mermaid_strip(line) == line:  # (both patterns end in ';')
            continue
        for extra in range(1, len(_STRIP_SEMICOLON_RES) + 1):
            guarded = line + ";" * extra
            if _mermaid_strip(guarded) == line:
                lines[i] = guarded
                break
    return "\n".join(lines)


# ----------------------------------------------------------------------------- ids

_SAFE_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
#: Words Mermaid's flowchart lexer reads as keywords (case-sensitive), plus words that
#: are safe today but start statements, so an id equal to one is renamed.
RESERVED_IDS = frozenset(
    {
        "end",
        "style",
        "class",
        "classDef",
        "linkStyle",
        "interpolate",
        "subgraph",
        "graph",
        "flowchart",
        "click",
        "call",
        "callback",
        "href",
        "direction",
        "default",
        "accTitle",
        "accDescr",
        "TB",
        "TD",
        "BT",
        "RL",
        "LR",
    }
)


def is_safe_id(text: str) -> bool:
    return bool(_SAFE_ID_RE.match(text)) and text not in RESERVED_IDS


#: Letters Mermaid's flowchart lexer takes into an id (its UNICODE_TEXT ranges), as far as
#: checked against the real parser: Latin, Greek, Cyrillic, CJK (to U+9FCC), kana, Hangul
#: (every character up to U+052F was tried in every place an id goes; the unassigned Greek
#: code points and `϶` are not letters to it).
_ID_LETTERS = (
    "A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0386\u0388-\u038a\u038c\u038e-\u03a1\u03a3-\u03f5\u03f7-\u03ff"
    "\u0400-\u0481\u048a-\u04ff\u3041-\u309f\u30a1-\u30ff\u4e00-\u9fcc\uac00-\ud7a3"
)
#: A flowchart id Mermaid reads back as written wherever specmaid writes one (a node, a
#: subgraph, an edge's end, the target of `style`, `class`, `click` and `:::`): letters,
#: digits, `_` and the punctuation real-world ids use (`check-ff`, `HTTP1.1`, `CI/CD`,
#: `:core:data`), but never an arrow's start (`--`, `-.`, `.-`, a last `-`) nor a `::`.
_FLOWCHART_ID_RE = re.compile(rf"^(?!.*(?:--|-\.|\.-|::|-$))[{_ID_LETTERS}0-9_./:-]+$")
#: Words the flowchart lexer takes for a keyword when an id starts with one and goes on with
#: punctuation or ends (`end`, `end-x`, `:end`; `endpoint` and `x-end` are ids). `TB`, `LR`,
#: `direction`… are read as ids in every place specmaid writes one.
_FLOWCHART_KEYWORD_RE = re.compile(
    r"^:?(?:end|style|classDef|class|linkStyle|interpolate|subgraph|graph|flowchart|click"
    r"|call|href|default|accTitle|accDescr|_blank|_self|_parent|_top)(?:[-./:]|$)"
    r"|^:?flowchart-elk"
)


def is_flowchart_id(text: str) -> bool:
    """Whether Mermaid's flowchart reads ``text`` back as the same node or subgraph id
    (checked against the real parser in tests/test_import_ids.py)."""
    return bool(_FLOWCHART_ID_RE.match(text)) and not _FLOWCHART_KEYWORD_RE.match(text)


def _short_digest(text: str) -> str:
    """Six hex digits that tell apart ids whose readable parts are the same."""
    import hashlib  # imported here: it costs more than rendering a small spec

    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def mermaid_id(user_id: str) -> str:
    """The id written into a flowchart for a user's node or subgraph id: the same whenever
    Mermaid reads it back as written (:func:`is_flowchart_id`), renamed otherwise.

    Renamed ids keep the readable part and add a short hash, so two different user ids
    can never map to the same Mermaid id.
    """
    if is_flowchart_id(user_id):
        return user_id
    return strict_id(user_id)


def strict_id(user_id: str) -> str:
    """A user's id as a plain word id (letters, digits, `_`; not a keyword), for places
    that take no punctuation (a flowchart edge's `id@`): the same when it is one, else
    renamed as :func:`mermaid_id` does."""
    if is_safe_id(user_id):
        return user_id
    readable = re.sub(r"[^A-Za-z0-9]+", "_", user_id).strip("_")[:24]
    digest = _short_digest(user_id)
    return f"id_{readable}_{digest}" if readable else f"id_{digest}"


# -------------------------------------------------------------------------- styles


def style_value(value: Any) -> str:
    """One CSS value inside ``style``/``classDef``/``linkStyle``: commas are ``\\,``."""
    return str(value).replace(",", "\\,")


def style_list(styles: Mapping[str, Any]) -> str:
    """``{fill: "#f9f", stroke-width: 2px}`` → ``fill:#f9f,stroke-width:2px``."""
    return ",".join(f"{key}:{style_value(value)}" for key, value in styles.items())


# -------------------------------------------------------------------------- comments


def comment_lines(text: str, indent: str = "") -> list[str]:
    """A ``%%`` comment, one line per input line with text; it cannot form a directive.

    Blank lines are left out: a bare ``%%`` line before the diagram's first word stops
    Mermaid 11 from finding it (``%%`` then ``timeline``: "Expecting 'timeline'")."""
    lines = []
    for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        # '%%{' anywhere in the text would be a directive, even inside a comment.
        safe = line.replace("%", "% ").rstrip()
        if safe.strip():
            lines.append(f"{indent}%% {safe}")
    return lines


# ---------------------------------------------------------------------- frontmatter


def json_string(text: str) -> str:
    """A JSON (and so YAML) double-quoted string with no raw line breaks of any kind."""
    out = json.dumps(text, ensure_ascii=False)
    for ch in ("\u0085", "\u2028", "\u2029"):
        out = out.replace(ch, f"\\u{ord(ch):04x}")
    return out


_YAML_KEY_RE = re.compile(r"^[A-Za-z_$][A-Za-z0-9_.$-]*$")


def yaml_key(key: str) -> str:
    return key if _YAML_KEY_RE.match(key) else json_string(key)


_PLAIN_SAFE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_. -]*[A-Za-z0-9_.]$|^[A-Za-z_]$")
# Words some YAML reader would take for a boolean or null: quote them.
_YAML_WORDS = frozenset(
    {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf", "~"}
)


def yaml_scalar(value: Any) -> str:
    """A scalar for frontmatter: plain when unambiguous, JSON-quoted otherwise."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    text = str(value)
    if _PLAIN_SAFE_RE.match(text) and text.lower() not in _YAML_WORDS and "  " not in text:
        return text
    return json_string(text)


def yaml_block(data: Mapping[str, Any], indent: int = 0) -> list[str]:
    """A small, deterministic YAML emitter for Mermaid frontmatter (keeps key order)."""
    pad = "  " * indent
    lines: list[str] = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            if value:
                lines.append(f"{pad}{yaml_key(key)}:")
                lines.extend(yaml_block(value, indent + 1))
            else:
                lines.append(f"{pad}{yaml_key(key)}: {{}}")
        elif isinstance(value, list | tuple):
            items = ", ".join(_flow_value(v) for v in value)
            lines.append(f"{pad}{yaml_key(key)}: [{items}]")
        else:
            lines.append(f"{pad}{yaml_key(key)}: {yaml_scalar(value)}")
    return lines


def _flow_value(value: Any) -> str:
    if isinstance(value, Mapping):
        inner = ", ".join(f"{yaml_key(k)}: {_flow_value(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow_value(v) for v in value) + "]"
    return yaml_scalar(value)


def directive_json(data: Mapping[str, Any]) -> str:
    """The body of an ``%%{init: …}%%`` directive.

    Mermaid reads it as JSON after turning single quotes into double quotes, and ends it
    at the first ``}%%``, so both characters are written as JSON escapes. (Mermaid removes
    directives before its entity pass, so ``#`` and ``;`` are safe here.)
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    for ch in "'%":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


# ----------------------------------------------------------------- line-end texts

_LINE_KEYWORD_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


_LINE_TEXT_RE = re.compile(
    r"#(?=\w+;)|%(?=%)|(?<=%)%|&(?=[A-Za-z0-9#])|[<>;]|" + _WIDE_SPACE_RE.pattern
)
_LINE_TEXT_MAP = {"#": "#35;", "%": "#37;", "&": "#amp;", "<": "#lt;", ">": "#gt;", ";": "#59;"}


def escape_line_text(text: str, *, semicolon: bool = True, newline: str = "<br/>") -> str:
    """Text that runs to the end of a line (messages, notes, section names in most kinds).

    Same entity rules as labels, in one pass so no inserted entity is escaped again; ``;``
    ends a statement in several grammars (``#59;``), and a line break becomes ``newline``
    (``<br/>`` where the kind draws HTML, or a space).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    def replace(match: re.Match[str]) -> str:
        ch = match.group(0)
        if ch == ";" and not semicolon:
            return ch
        return _LINE_TEXT_MAP.get(ch) or f"#{ord(ch)};"

    text = _LINE_TEXT_RE.sub(replace, text)
    text = "\n".join(part.strip() for part in text.split("\n"))
    return text.replace("\n", newline).strip()


def kind_safe_id(user_id: str, reserved: frozenset[str], prefix: str = "id") -> str:
    """A safe id for kinds with their own keywords (compared case-insensitively)."""
    if _LINE_KEYWORD_RE.match(user_id) and user_id.lower() not in reserved:
        return user_id
    readable = re.sub(r"[^A-Za-z0-9]+", "_", user_id).strip("_")[:24]
    digest = _short_digest(user_id)
    return f"{prefix}_{readable}_{digest}" if readable else f"{prefix}_{digest}"


# ---------------------------------------------------------------- numbers, strings


def number_text(value: float) -> str:
    """A number as Mermaid expects it: ``3`` rather than ``3.0``, and never in exponent form
    (``1e-07``): the pie, radar, xychart… grammars read digits and one point only."""
    if float(value).is_integer():
        return str(int(value))
    shown = repr(float(value))
    if "e" in shown:
        from decimal import Decimal

        shown = format(Decimal(shown), "f")
    return shown


def langium_string(value: str) -> str:
    """A double-quoted STRING of Mermaid's Langium grammars (pie, gitGraph, packet, radar,
    treeView…): backslash escapes work there, unlike in the jison grammars; a line break
    becomes a space, and ``%%`` is written ``%\\%`` so it cannot start a comment."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return '"' + escaped.replace("%%", "%\\%") + '"'
