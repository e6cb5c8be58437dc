"""A report's window: the half-open interval ``[start, end)`` in UTC (``design/kpis.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta


@dataclass(frozen=True, slots=True)
class Window:
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        for moment in (self.start, self.end):
            if moment.tzinfo is None:
                raise ValueError("a window's bounds must carry a time zone")
        if self.end <= self.start:
            raise ValueError(f"a window must end after it starts ({self.start} .. {self.end})")

    @classmethod
    def of_days(cls, first: date, last: date) -> Window:
        """The whole UTC days from ``first`` to ``last`` inclusive."""
        start = datetime.combine(first, time.min, tzinfo=UTC)
        end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=UTC)
        return cls(start, end)

    @classmethod
    def last_days(cls, days: int, *, until: date) -> Window:
        """``days`` whole UTC days ending with ``until`` (included)."""
        return cls.of_days(until - timedelta(days=days - 1), until)

    @property
    def length(self) -> timedelta:
        return self.end - self.start

    def previous(self) -> Window:
        """The period of the same length just before this one."""
        return Window(self.start - self.length, self.start)

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end
