"""What a file is before it is parsed: its hash, its size, its line count and its text encoding.

One pass over the bytes (``inspect_file``) gives all four, so a file far larger than memory is
read in 1 MiB chunks and never held whole. The encoding is decided by rules, in this order, and
never by a statistical guess:

1. a byte-order mark names it (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. no mark, but NUL bytes at every other position of the first 4 KiB: UTF-16 without a mark
   (LE when the NULs are the odd bytes, BE when they are the even ones) — plain ASCII text
   written as UTF-16 has exactly this shape;
3. the whole file decodes as UTF-8: UTF-8;
4. otherwise it is a single-byte encoding: Windows-1252 (what Excel and most Windows tools
   write) when none of the five bytes cp1252 leaves undefined occurs, else Latin-1, which
   decodes every byte.

A statistical detector (charset-normalizer) would also name Cyrillic or Shift-JIS files, at the
price of guessing: a helpdesk export is UTF-8 or UTF-16 or a Windows code page in practice, and
a wrong guess silently turns "é" into "Ã©" in stored text. The rules above never do that for
the encodings they name.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# Bytes that do not occur in text (C0 controls other than tab, newline, form feed, return).
BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


@dataclass(frozen=True, slots=True)
class FileFacts:
    size: int
    sha256: str
    encoding: str
    lines: int  # newline-terminated lines, plus one for a last line without a newline
    head: bytes  # the first 64 KiB, for recognising the format
    looks_binary: bool  # many control bytes: not a text file in any encoding the rules name


def _utf16_without_mark(head: bytes) -> str | None:
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def inspect_file(path: Path) -> FileFacts:
    """Hash, size, line count and encoding of ``path`` in one streaming pass."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    undefined_in_cp1252 = False
    newlines = 0
    size = 0
    head = b""
    last = b""
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            if not head:
                head = chunk[: 64 * 1024]
            digest.update(chunk)
            size += len(chunk)
            newlines += chunk.count(b"\n")
            last = chunk[-1:]
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            if not utf8 and not undefined_in_cp1252:
                undefined_in_cp1252 = any(byte in CP1252_UNDEFINED for byte in chunk)
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    lines = newlines + (1 if last and last != b"\n" else 0)
    encoding = _decide(head, utf8=utf8, undefined_in_cp1252=undefined_in_cp1252)
    looks_binary = False
    if not encoding.startswith(("utf-16", "utf-32")):
        controls = sum(head.count(byte) for byte in BINARY_BYTES)
        looks_binary = controls > 0.05 * len(head)
    return FileFacts(size, digest.hexdigest(), encoding, lines, head, looks_binary)


def _decide(head: bytes, *, utf8: bool, undefined_in_cp1252: bool) -> str:
    for mark, name in BOMS:
        if head.startswith(mark):
            return name
    without_mark = _utf16_without_mark(head)
    if without_mark:
        return without_mark
    if utf8:
        return "utf-8"
    return "latin-1" if undefined_in_cp1252 else "cp1252"


def decoded_head(facts: FileFacts) -> str:
    """The first 64 KiB as text (a character cut in half at the end is dropped)."""
    return facts.head.decode(facts.encoding, errors="ignore")


def head_encoding(head: bytes) -> str:
    """The encoding the rules give for the first bytes alone (for recognising a format)."""
    try:
        head.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError as error:
        utf8 = error.start > len(head) - 4  # only a character cut at the end of the sample
    undefined = any(byte in CP1252_UNDEFINED for byte in head)
    return _decide(head, utf8=utf8, undefined_in_cp1252=undefined)
