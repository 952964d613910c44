"""Event modeling: frames in their drawn order (the time line), with the frames they come
from, and data blocks."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, diagram, entry, unique_key
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp)
    frames = inp.spec.get("frames") or []
    taken: set[str] = set()
    keys = [unique_key(f"{f['type']}:{text(f['name'])}", taken) for f in frames]
    # frames are numbered from 1 unless they carry an `id:`; `from:` names those numbers
    numbers = {int(f.get("id") or n + 1): keys[n] for n, f in enumerate(frames)}
    for key, frame in zip(keys, frames, strict=True):
        refs = {"from": [numbers.get(int(x), str(x)) for x in frame.get("from") or []]}
        p.add("frame", key, frame["name"], attrs(frame, "name", "id", "from"), refs, seq="frames")
    for name, value in (inp.spec.get("data_blocks") or {}).items():
        p.add("data block", f"data:{name}", name, {"text": entry(value, "text")})
    return p
