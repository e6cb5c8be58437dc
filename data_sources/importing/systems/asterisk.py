"""Asterisk, ``--format asterisk``: the queue_log flat file or the cdr_csv Master.csv.

The two files are told apart by their lines: queue_log lines are ``UNIX time|call id|queue|
agent|EVENT|...``, Master.csv lines are 16 to 18 CSV fields with a start time and a disposition.
The readers are ``asterisk_queue_log.py`` and ``asterisk_cdr.py``; the mapping of both, and what
Asterisk cannot tell us, is in ``asterisk.md`` beside this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path

from data_sources.importing.rows import Kind, SourceRow
from data_sources.importing.systems import asterisk_cdr, asterisk_queue_log
from data_sources.importing.systems.export_files import read_head

FORMAT = "asterisk"
KINDS: tuple[Kind, ...] = ("interactions",)


def recognises(head: bytes, file_name: str) -> bool:
    return asterisk_queue_log.recognises(head, file_name) or asterisk_cdr.recognises(
        head, file_name
    )


def read(path: Path, *, tz: tzinfo) -> Iterator[SourceRow]:
    if asterisk_queue_log.recognises(read_head(path), path.name):
        return asterisk_queue_log.read(path, tz=tz)
    return asterisk_cdr.read(path, tz=tz)
