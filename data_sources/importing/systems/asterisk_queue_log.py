"""Asterisk ``queue_log``: the pipe-separated flat file app_queue writes, one event per line.

The mapping follows the Asterisk documentation "Queue Logs" (docs.asterisk.org, Operation /
Logging / Queue-Logs, and doc/queuelog.txt in the Asterisk source): each line is
``UNIX time|call id|queue|agent|EVENT|data1|data2|...`` and the events used here are
ENTERQUEUE(url|callerid), CONNECT(holdtime|bridgedchanneluniqueid|ringtime),
COMPLETEAGENT / COMPLETECALLER(holdtime|calltime|origposition),
ABANDON / EXITEMPTY / EXITWITHTIMEOUT(position|origposition|waittime), EXITWITHKEY,
TRANSFER(extension|context|holdtime|calltime), BLINDTRANSFER and ATTENDEDTRANSFER.

Read through ``asterisk.py`` (``--format asterisk``). One queued call (one call id) is one
phone interaction. Calls are kept only while they are in
progress, so memory holds the calls open at one time, plus the transferred calls until the end of
the file (a transferred call may enter another queue under the same call id). The table, and
what queue_log cannot tell us, is in ``asterisk.md`` beside this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from data_sources.importing.rows import SourceRow
from data_sources.importing.systems.export_files import parse_time, text

ANSWERED_END = {"COMPLETEAGENT", "COMPLETECALLER"}
UNANSWERED_END = {"ABANDON", "EXITEMPTY", "EXITWITHTIMEOUT", "EXITWITHKEY"}
TRANSFERS = {"TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER"}
KNOWN = (
    {"ENTERQUEUE", "CONNECT", "RINGNOANSWER", "QUEUESTART", "CONFIGRELOAD", "AGENTLOGIN"}
    | {"AGENTLOGOFF", "ADDMEMBER", "REMOVEMEMBER", "PAUSE", "UNPAUSE", "PAUSEALL", "DID"}
    | ANSWERED_END
    | UNANSWERED_END
    | TRANSFERS
)
LINE = re.compile(rb"^\d{9,11}(\.\d+)?\|[^|\r\n]*\|[^|\r\n]*\|[^|\r\n]*\|([A-Z_]+)")


@dataclass(slots=True)
class _Call:
    line: int
    values: dict[str, object]
    transfers: int = 0
    handed_on_at: datetime | None = None  # the last transfer, while no other end is known
    problem: tuple[str | None, str] | None = None


def recognises(head: bytes, file_name: str) -> bool:
    lines = [line for line in head.splitlines()[:20] if line.strip()]
    matches = [LINE.match(line) for line in lines[:-1] or lines]  # the last line may be cut
    if not matches or any(m is None for m in matches):
        return False
    return any(m.group(2).decode() in KNOWN for m in matches if m is not None)


def read(path: Path, *, tz: tzinfo) -> Iterator[SourceRow]:
    calls: dict[str, _Call] = {}
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for number, raw in enumerate(handle, start=1):
            fields = raw.rstrip("\r\n").split("|")
            if len(fields) < 5:
                if raw.strip():
                    yield _unreadable(number, "a queue_log line has at least 5 fields")
                continue
            stamp, call_id, queue, agent, event, *data = fields
            if call_id in ("NONE", "REALTIME", "") or event not in KNOWN - {"QUEUESTART"}:
                continue  # agent and queue housekeeping, not a customer's call
            try:
                when = _time(stamp, tz)
            except ValueError:
                if event == "ENTERQUEUE":
                    yield _unreadable(number, f"unreadable time {stamp!r}", "created_at")
                elif call_id in calls:
                    calls[call_id].problem = ("created_at", f"line {number}: time {stamp!r}")
                continue
            finished = _apply(calls, number, call_id, queue, agent, event, data, when)
            if finished is not None:
                yield finished
    for call in calls.values():
        yield _row(call, resolved_at=call.handed_on_at)


def _apply(
    calls: dict[str, _Call],
    number: int,
    call_id: str,
    queue: str,
    agent: str,
    event: str,
    data: list[str],
    when: datetime,
) -> SourceRow | None:
    """Applies one event to its call; returns the call's row once the call is over."""
    call = calls.get(call_id)
    if event == "ENTERQUEUE":
        if call is None:
            calls[call_id] = _Call(number, _opened(call_id, queue, data, when))
        else:  # transferred into another queue: still the same customer call
            call.handed_on_at = None
        return None
    if call is None:
        return None  # the call entered its queue before this file began
    if event == "CONNECT" and call.values["first_response_at"] is None:
        call.values["first_response_at"] = when
        call.values["agent"] = text(agent)
    elif event in TRANSFERS:
        call.transfers += 1
        call.handed_on_at = when
    elif event in ANSWERED_END:
        del calls[call_id]
        return _row(call, resolved_at=when)
    elif event in UNANSWERED_END:
        del calls[call_id]
        call.values["status"] = "closed"  # the caller hung up or left the queue unserved
        return _row(call, resolved_at=None)
    return None


def _opened(call_id: str, queue: str, data: list[str], when: datetime) -> dict[str, object]:
    caller = data[1] if len(data) > 1 else ""
    return {
        "interaction_id": call_id,
        "channel": "phone",
        "created_at": when,
        "team": text(queue),
        "agent": None,
        "customer_id": text(caller),
        "first_response_at": None,
    }


def _row(call: _Call, *, resolved_at: datetime | None) -> SourceRow:
    values = dict(call.values, transfers=call.transfers)
    if resolved_at is not None:
        values["resolved_at"] = resolved_at
    return SourceRow("interactions", call.line, values, call.problem)


def _unreadable(number: int, reason: str, column: str | None = None) -> SourceRow:
    return SourceRow("interactions", number, {}, (column, reason))


def _time(stamp: str, tz: tzinfo) -> datetime:
    stamp = stamp.strip()
    result = parse_time(float(stamp) if re.fullmatch(r"\d+(\.\d+)?", stamp) else stamp, tz)
    if result is None:
        raise ValueError("empty time")
    return result
