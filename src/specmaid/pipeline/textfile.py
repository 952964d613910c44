"""Decoding a text file's bytes with clear errors (a light module: no YAML here)."""

from __future__ import annotations

from specmaid.errors import SpecError, SpecErrors


def decode_text(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise SpecErrors(
            [
                SpecError(
                    f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
                    file=name,
                    line=line,
                    column=column,
                )
            ]
        ) from None
    if "\x00" in text:
        raise SpecErrors([SpecError("file contains NUL bytes; is it a binary file?", file=name)])
    return text
