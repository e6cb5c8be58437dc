"""The one shape every reader hands to the import pipeline.

A reader (the native CSV / JSON Lines / Parquet reader, or one of ``systems/``) turns a file into
``SourceRow``s: the record kind, where in the file it came from, and its values under the native
column names of ``design/data.md``. The pipeline validates them (and quarantines what fails with
``line`` and the column), so readers translate and never guess: a value they cannot translate is
passed on as it is, or reported with ``SourceRow.problem``.

Each system reader module in ``systems/`` exposes::

    FORMAT: str                                   # e.g. "zendesk", the --format name
    KINDS: tuple[str, ...]                        # record kinds it can produce
    def recognises(head: bytes, file_name: str) -> bool   # for --format auto (first 64 KiB)
    def read(path: Path, *, tz: tzinfo) -> Iterator[SourceRow]   # streams; bounded memory
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["interactions", "messages", "promises", "qa_reviews", "public_reviews"]
KINDS: tuple[Kind, ...] = ("interactions", "messages", "promises", "qa_reviews", "public_reviews")


@dataclass(slots=True)
class SourceRow:
    kind: Kind
    line: int | None  # line (text files) or record number (JSON, Parquet), from 1
    values: dict[str, object] = field(default_factory=dict)
    # Set when the reader already knows the row cannot be used: (column, reason).
    problem: tuple[str | None, str] | None = None


class UnreadableFile(ValueError):
    """A file that cannot be read at all (unknown format, missing required columns, not text).

    Readers raise it with a message that says why; the pipeline refuses the file and writes
    nothing of it.
    """
