"""Bytes to text: the encodings legal texts actually arrive in.

Spans everywhere in lexgap are offsets into the string `decode` returns: BOM removed, line ends
folded to "\\n" (as Python's text mode reads a file), nothing else touched.
"""

from __future__ import annotations

import codecs


class DecodeError(ValueError):
    """The bytes are not text in any encoding lexgap knows."""


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def detect_encoding(data: bytes) -> str:
    """Name the encoding: a BOM if there is one, else UTF-16 by its NUL pattern, else UTF-8, else cp1251.

    Windows-1251 is the fallback because it is what Russian and Kazakh texts outside UTF-8 use, and
    any byte string decodes in it; a binary file is caught earlier by its NUL bytes.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:4096]
    if sample and sample.count(0) > len(sample) // 4:
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        return "utf-16-be" if even_nuls > odd_nuls else "utf-16-le"
    if b"\x00" in sample:
        raise DecodeError("binary data (NUL bytes), not a text file")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def decode(data: bytes) -> str:
    """Decode `data` (see `detect_encoding`), drop the BOM, fold CRLF and CR to LF."""
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not valid {encoding}: {exc.reason} at byte {exc.start}") from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")
