from __future__ import annotations

from pathlib import Path

import pytest

from specmaid.errors import SpecErrors
from specmaid.pipeline.load import load_yaml
from specmaid.pipeline.pyyaml_loader import locate
from specmaid.pipeline.source import Plain, SourceText, read_source


def load(text: str) -> object:
    return load_yaml(SourceText("t.yaml", text))


def test_yaml11_words_and_numbers_stay_text() -> None:
    data = load("a: [no, on, yes, 1e3, 0o12, 2024-01-01, true, 007]\nno: off\n")
    assert data == {
        "a": ["no", "on", "yes", "1e3", "0o12", "2024-01-01", "true", "007"],
        "no": "off",
    }


def test_plain_scalars_that_yaml12_types_are_marked() -> None:
    data = load('a: [1, "1", true, "true", on]\n')
    assert [isinstance(v, Plain) for v in data["a"]] == [True, False, True, False, False]


def test_null_and_keys() -> None:
    assert load("a: ~\nb:\nnull: x\n") == {"a": None, "b": None, "null": "x"}


def test_duplicate_keys_are_errors_with_position() -> None:
    with pytest.raises(SpecErrors) as info:
        load("nodes:\n  A: x\n  A: y\n")
    (err,) = info.value.errors
    assert (err.file, err.line, err.column) == ("t.yaml", 3, 3)
    assert "duplicate key 'A'" in err.message


def test_tabs_get_a_clear_message() -> None:
    with pytest.raises(SpecErrors) as info:
        load("nodes:\n\tA: x\n")
    assert "tab character" in info.value.errors[0].message
    assert info.value.errors[0].line == 2


def test_alias_bomb_is_refused() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    with pytest.raises(SpecErrors) as info:
        load("\n".join(lines) + "\n")
    assert "alias" in info.value.errors[0].message


def test_no_python_objects() -> None:
    with pytest.raises(SpecErrors):
        load("a: !!python/object/apply:os.system ['echo hi']\n")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text("  \n")
    with pytest.raises(SpecErrors) as info:
        load_yaml(read_source(path))
    assert "empty" in info.value.errors[0].message


def test_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"diagram: flowchart\ntitle: caf\xe9\n")
    with pytest.raises(SpecErrors) as info:
        read_source(path)
    err = info.value.errors[0]
    assert "UTF-8" in err.message and err.line == 2 and err.column == 11


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(read_source(path)) == {"a": "1"}


def test_locate_values_and_keys() -> None:
    text = (
        "diagram: flowchart\nnodes:\n  A: {label: x, shape: diamnd}\nedges:\n  - {from: A, to: B}\n"
    )
    assert locate(text, ("nodes", "A", "shape")) == (3, 24)
    assert locate(text, ("nodes", "A", "shape"), key=True) == (3, 17)
    assert locate(text, ("edges", 0, "to")) == (5, 19)
    assert locate(text, ("edges", 5)) == (5, 3)
