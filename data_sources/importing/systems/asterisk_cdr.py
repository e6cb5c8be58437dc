"""Asterisk ``cdr_csv``: Master.csv, one call detail record per line, without a header.

The mapping follows the Asterisk documentation of CDR fields ("CDR Variables" and the Cdr AMI
event, docs.asterisk.org) and the cdr_csv backend's column order: accountcode, src, dst,
dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer, end, duration, billsec,
disposition (ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION), amaflags, then uniqueid and
userfield when cdr.conf has ``loguniqueid`` / ``loguserfield``. Times are written in the PBX's
local time unless ``usegmtime=yes``: they are read in the import's time zone (``--tz``).

Read through ``asterisk.py`` (``--format asterisk``). One record is one phone interaction. The
table, and what a CDR cannot tell us, is in
``asterisk.md`` beside this module.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path

from data_sources.importing.rows import SourceRow
from data_sources.importing.systems.export_files import text, time_or_text

COLUMNS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
)
DISPOSITIONS = {"ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"}
TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
# A channel name is <technology>/<resource>-<sequence>; the device is what stays the same.
CHANNEL_SEQUENCE = re.compile(r"-[0-9a-f]{6,}(;\d+)?$")
CALLER_NAME = re.compile(r'^"(?P<name>[^"]*)"\s*<[^>]*>$')


def recognises(head: bytes, file_name: str) -> bool:
    lines = head.decode("utf-8", errors="replace").splitlines()
    records = list(csv.reader(io.StringIO("\n".join(lines[:-1] or lines))))
    return bool(records) and all(_looks_like_cdr(record) for record in records[:20])


def _looks_like_cdr(record: list[str]) -> bool:
    return (
        16 <= len(record) <= 18
        and bool(TIME.match(record[9]))
        and record[14] in DISPOSITIONS
        and (record[10] == "" or bool(TIME.match(record[10])))
    )


def read(path: Path, *, tz: tzinfo) -> Iterator[SourceRow]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for number, record in enumerate(csv.reader(handle), start=1):
            if not record:
                continue
            if not 16 <= len(record) <= 18:
                reason = f"a Master.csv record has 16 to 18 fields, this one {len(record)}"
                yield SourceRow("interactions", number, {}, (None, reason))
                continue
            yield _call(number, dict(zip(COLUMNS, record, strict=False)), tz)


def _call(number: int, cdr: dict[str, str], tz: tzinfo) -> SourceRow:
    answered = cdr["disposition"] == "ANSWERED"
    caller = CALLER_NAME.match(cdr["clid"])
    values: dict[str, object] = {
        # Without loguniqueid a record has no id of its own: its channel and start time are one.
        "interaction_id": text(cdr.get("uniqueid")) or f"{cdr['channel']}@{cdr['start']}",
        "channel": "phone",
        "created_at": time_or_text(cdr["start"], tz),
        "team": text(cdr["accountcode"]) or text(cdr["dcontext"]),
        "agent": text(CHANNEL_SEQUENCE.sub("", cdr["dstchannel"])) if answered else None,
        "customer_id": text(cdr["src"]),
        "customer_name": text(caller.group("name")) if caller else None,
        "first_response_at": time_or_text(cdr["answer"], tz) if answered else None,
        "resolved_at": time_or_text(cdr["end"], tz) if answered else None,
        "status": "resolved" if answered else "closed",
    }
    return SourceRow("interactions", number, values)
