"""Reading the audit log for the CEO's Audit log page: filtered, newest first, a page at a time.

Filters are optional and combine: the actions chosen, a person (part of an e-mail, matched
case-insensitively against who acted and against the target, so a failed sign-in, which has
no actor, is found by the e-mail that was tried), and UTC days from ``first_day`` to
``last_day`` inclusive. Every value is a bound parameter; the person's text is matched
literally (``%`` and ``_`` are escaped).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import ColumnElement, Connection, and_, func, or_, select, true

from data_sources.models import AuditEvent

_event = AuditEvent.__table__  # type: ignore[attr-defined]
COLUMNS = ["at", "action", "actor", "target", "detail"]


@dataclass(frozen=True)
class AuditFilter:
    actions: tuple[str, ...] = ()
    person: str = ""
    first_day: date | None = None
    last_day: date | None = None

    def where(self) -> ColumnElement[bool]:
        conditions: list[ColumnElement[bool]] = []
        if self.actions:
            conditions.append(_event.c.action.in_(sorted(self.actions)))
        person = self.person.strip().lower()
        if person:
            conditions.append(
                or_(
                    func.lower(_event.c.actor_email).contains(person, autoescape=True),
                    func.lower(_event.c.target).contains(person, autoescape=True),
                )
            )
        if self.first_day is not None:
            conditions.append(_event.c.at >= datetime.combine(self.first_day, time.min, UTC))
        if self.last_day is not None:
            end = datetime.combine(self.last_day + timedelta(days=1), time.min, UTC)
            conditions.append(_event.c.at < end)
        return and_(true(), *conditions)


def count_events(connection: Connection, chosen: AuditFilter) -> int:
    found = connection.execute(select(func.count()).select_from(_event).where(chosen.where()))
    return int(found.scalar_one())


def events(
    connection: Connection, chosen: AuditFilter, *, limit: int, offset: int = 0
) -> pd.DataFrame:
    """Events newest first: when, what, who acted (``system`` for the command line or the
    app itself), on what, and the detail as stored (secrets already removed on write)."""
    query = (
        select(
            _event.c.at,
            _event.c.action,
            func.coalesce(_event.c.actor_email, "system").label("actor"),
            _event.c.target,
            _event.c.detail,
        )
        .where(chosen.where())
        .order_by(_event.c.at.desc(), _event.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    rows = connection.execute(query).all()
    frame = pd.DataFrame([tuple(row) for row in rows], columns=COLUMNS)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return frame
