"""Reading timestamps from files: ISO 8601 only, converted to UTC, never guessed.

- With ``Z`` or an offset (``+02:00``) the instant is exact and converted to UTC.
- Without one (naive) it is read in the import's time zone (``--tz``, an IANA name such as
  ``Europe/Berlin``). A local time the clock showed twice (the hour repeated when DST ends)
  or never (the hour skipped when DST starts) names no single instant: the value is refused.
- ``03/04/2026`` could be 3 April or 4 March; no order is assumed. Every date that is not
  ISO 8601 (``2026-04-03``) is refused, and the reason says which reading was ambiguous.
- Parquet timestamp columns arrive as ``datetime`` objects and follow the same rules.

A refused value raises ``BadValue`` with the reason; the pipeline quarantines the row.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from data_sources.importing.rows import UnreadableFile

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# How far ahead of the importing machine's clock an event may lie (clocks drift a little).
FUTURE_TOLERANCE = timedelta(minutes=15)
SLASHED_DATE = re.compile(r"^\s*(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})\b")
ISO_SHAPE = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$"
)


class BadValue(ValueError):
    """A cell that cannot be stored as it is; the message is the quarantine reason."""


def zone(name: str) -> tzinfo:
    """The time zone called ``name`` (UTC, or an IANA name); refuses a name it does not know."""
    if name.upper() in ("UTC", "Z"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UnreadableFile(
            f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)"
        ) from error


def _not_iso(text: str) -> BadValue:
    slashed = SLASHED_DATE.match(text)
    if slashed:
        first, second, _ = (int(part) for part in slashed.groups())
        if len(slashed.group(1)) < 4 and first <= 12 and second <= 12 and first != second:
            return BadValue(
                f"ambiguous date {text!r}: day/month order unknown "
                f"({first}/{second} could be either); write ISO 8601 (YYYY-MM-DD)"
            )
        return BadValue(f"date {text!r} is not ISO 8601; write YYYY-MM-DD")
    return BadValue(f"{text!r} is not an ISO 8601 timestamp")


def _localise(naive: datetime, tz: tzinfo) -> datetime:
    if tz is UTC:
        return naive.replace(tzinfo=UTC)
    earlier = naive.replace(tzinfo=tz, fold=0)
    later = naive.replace(tzinfo=tz, fold=1)
    if earlier.utcoffset() != later.utcoffset():
        # fold=1 differs from fold=0 both when the time is repeated and when it was skipped.
        round_trip = earlier.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        if round_trip != naive:
            raise BadValue(
                f"local time {naive.isoformat()} does not exist in {tz} (clocks went forward)"
            )
        raise BadValue(
            f"local time {naive.isoformat()} happened twice in {tz} (clocks went back); "
            "give the offset, e.g. +01:00"
        )
    return earlier.astimezone(UTC)


def parse_timestamp(
    value: object, tz: tzinfo, *, past: bool = True, now: datetime | None = None
) -> datetime:
    """``value`` as an aware UTC datetime; ``past`` events may not lie in the future."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip()
        if not ISO_SHAPE.match(text):
            raise _not_iso(text)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError as error:
            raise BadValue(f"impossible date or time {text!r} ({error})") from error
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = _localise(moment, tz)
    else:
        moment = moment.astimezone(UTC)
    if moment == EPOCH:
        raise BadValue("1970-01-01T00:00:00Z (epoch zero) is a placeholder, not a real time")
    if past and moment > (now or datetime.now(UTC)) + FUTURE_TOLERANCE:
        raise BadValue(f"{moment.isoformat()} is in the future")
    return moment
