"""Where specmaid's own files are (a light module: imported by fast paths too)."""

from __future__ import annotations

from pathlib import Path


def builtin_templates_dir() -> Path:
    """Templates ship inside the wheel (``specmaid/templates``); in a source checkout they
    live in the top-level ``templates/`` folder."""
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"
