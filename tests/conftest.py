"""Shared fixtures: single-file Mermaid snapshots and the real-Mermaid parser."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

REPO = Path(__file__).resolve().parents[1]

# Compiled templates (specmaid.pipeline.render.compiled_templates_cache) go to a folder of this test
# run, for the CLI runs in subprocesses too, not to the user's cache folder.
os.environ.setdefault("SPECMAID_CACHE_DIR", tempfile.mkdtemp(prefix="specmaid-test-cache-"))


class MermaidSnapshotExtension(SingleFileSnapshotExtension):
    """One `.mmd` file per snapshot, so a reviewer sees real Mermaid in the diff."""

    file_extension = "mmd"
    _write_mode = WriteMode.TEXT


@pytest.fixture
def snapshot_mmd(snapshot: Any) -> Any:
    return snapshot.use_extension(MermaidSnapshotExtension)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
