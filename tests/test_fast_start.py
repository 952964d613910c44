"""The fast start: `specmaid --version` and a clean `specmaid check` answered from the quick
record import none of the heavy libraries (Jinja2, PyYAML, jsonschema) nor any diagram kind.

Why a test: this held only by convention across dozens of function-local imports; one
module-level import in the wrong place would add the whole pipeline's import time to every
pre-commit run without any test noticing. The entry point runs in a fresh interpreter, and
its ``sys.modules`` is read after it answered.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import specmaid
from specmaid.project import quick
from specmaid.project.apply import apply_build
from specmaid.project.config import find_project
from specmaid.project.plan import plan_build

#: Packages (with their submodules) that must not be imported; the kinds' own package
#: ``specmaid.kinds`` is empty, so only its submodules (the kinds) count.
HEAVY = ("jinja2", "yaml", "jsonschema")
KINDS_PREFIX = "specmaid.kinds."
#: specmaid's own packages a clean check answered from the quick record does not import.
SLOW_PACKAGES = ("specmaid.pipeline.", "specmaid.mermaid.", "specmaid.importing.", "specmaid.apps.")

#: Runs the entry point as `specmaid <argv>` does, but leaves by SystemExit (the real
#: ``leave`` ends the process with os._exit, which would skip printing the modules).
RUN_ENTRY = """
import json, sys
from specmaid.cli import entry

def leave(code):
    raise SystemExit(code)

entry.leave = leave
sys.argv = ["specmaid", *json.loads(sys.argv[1])]
try:
    entry.main()
    code = 0
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""

SPEC = "diagram: flowchart\nnodes: {A: Start, B: End}\nedges: [{from: A, to: B}]\n"


def run_entry(cwd: Path, *args: str) -> tuple[int, list[str], str]:
    """(exit code, imported module names, what was printed besides) of `specmaid <args>`."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_ENTRY, json.dumps(args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    *printed, last = done.stderr.rstrip("\n").split("\n")
    report = json.loads(last)
    return report["code"], report["modules"], done.stdout + "".join(f"{line}\n" for line in printed)


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(KINDS_PREFIX)]


def test_version_imports_nothing_heavy(tmp_path: Path) -> None:
    code, modules, printed = run_entry(tmp_path, "--version")
    assert code == 0 and "version" in printed.lower()
    assert "specmaid.cli.group" in modules  # it did go through the CLI
    assert heavy(modules) == []
    # Only the command line itself: the command modules import the pipeline, the project
    # and the Mermaid bridge inside their functions, when a command runs.
    assert [m for m in modules if m.startswith("specmaid.") and not is_cli(m)] == []


def is_cli(module: str) -> bool:
    return module == "specmaid.cli" or module.startswith("specmaid.cli.")


def test_package_inits_are_empty() -> None:
    """Importing ``specmaid.pipeline.load`` imports ``specmaid/pipeline/__init__.py`` first:
    a package's ``__init__`` that imported its modules (to re-export names, say) would put
    them on every path through the package, the fast ones too. So each holds a docstring
    at most (and the top package its ``__version__``, which ``--version`` prints)."""
    package = Path(specmaid.__file__).parent
    inits = sorted(package.rglob("__init__.py"))
    assert len(inits) >= 8  # specmaid, cli, pipeline, project, mermaid, importing, apps, kinds…
    for init in inits:
        if init.parent.parent.name == "kinds":
            continue  # a kind's own package: its module (the model and KIND) is its __init__
        tree = ast.parse(init.read_text(encoding="utf-8"))
        body = tree.body[1:] if ast.get_docstring(tree) is not None else tree.body
        if init.parent == package:
            assert [ast.unparse(node) for node in body] == [
                f"__version__ = {specmaid.__version__!r}"
            ]
        else:
            assert body == [], f"{init.relative_to(package)} holds code"


@pytest.fixture
def clean_project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "specs").mkdir(parents=True)
    (root / "specmaid.yaml").write_text("{}\n")
    for n in range(2):
        (root / "specs" / f"s{n}.yaml").write_text(SPEC.replace("Start", f"Start {n}"))
    project = find_project(root)
    assert project is not None
    apply_build(plan_build(project))
    past = time.time() - 60  # a record is never written on files changed just now
    for folder, dirs, files in os.walk(root):
        for name in [*files, *dirs]:
            os.utime(os.path.join(folder, name), (past, past))
    os.utime(root, (past, past))
    project = find_project(root)
    assert project is not None
    result = plan_build(project)  # the clean check that writes the quick record
    assert not (result.errors or result.warnings or result.changes)
    assert quick.current_count(str(root)) == 2
    return root


@pytest.mark.parametrize("args", [["check"], ["build", "--check"], ["check", "--diff"]])
def test_a_clean_check_imports_nothing_heavy(clean_project: Path, args: list[str]) -> None:
    code, modules, printed = run_entry(clean_project, *args)
    assert (code, printed) == (0, "specmaid: 2 files up to date.\n")
    assert "specmaid.project.quick" in modules
    assert heavy(modules) == []
    assert "specmaid.build" not in modules and "specmaid.cli.group" not in modules
    # Not the pipeline, the planner or the Mermaid bridge: the quick record answered.
    assert [m for m in modules if m.startswith(SLOW_PACKAGES)] == []
    assert "click" not in modules


def test_the_check_sees_a_heavy_import() -> None:
    """The filter itself: what it must catch, it catches."""
    assert heavy(["jinja2", "yaml.loader", "specmaid.kinds.er", "jsonschema"]) == [
        "jinja2",
        "yaml.loader",
        "specmaid.kinds.er",
        "jsonschema",
    ]
    assert heavy(["specmaid.kinds", "yamlish", "json"]) == []
