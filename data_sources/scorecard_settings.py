"""Editing the QA scorecards: create one, add or change its categories, switch it off.

A category is scored on its scale (1–5, or 0–1 for pass/fail) and weighs 0–100 in the review's
score; a critical category failed sets the whole review to 0 (``design/kpis.md``). Categories
are never deleted here: stored answers point at them. A scorecard switched off keeps its past
reviews and is no longer offered for new ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Connection, func, select
from sqlmodel import Session

from data_sources.models import Scorecard, ScorecardCategory
from data_sources.setting_changes import InvalidSetting, clean_name, record_change

if TYPE_CHECKING:
    from data_sources.setting_changes import Actor

_card = Scorecard.__table__  # type: ignore[attr-defined]
_category = ScorecardCategory.__table__  # type: ignore[attr-defined]


def scorecards(connection: Connection) -> pd.DataFrame:
    """Every scorecard with whether it is in use and how many categories it has."""
    statement = (
        select(
            _card.c.id, _card.c.name, _card.c.active, func.count(_category.c.id).label("categories")
        )
        .select_from(_card.outerjoin(_category, _category.c.scorecard_id == _card.c.id))
        .group_by(_card.c.id, _card.c.name, _card.c.active)
        .order_by(_card.c.name)
    )
    return pd.DataFrame(
        connection.execute(statement).all(), columns=["id", "name", "active", "categories"]
    )


def categories(connection: Connection, scorecard_id: int) -> pd.DataFrame:
    columns = ["id", "position", "name", "weight", "scale_min", "scale_max", "critical"]
    statement = (
        select(*(_category.c[name] for name in columns))
        .where(_category.c.scorecard_id == scorecard_id)
        .order_by(_category.c.position, _category.c.id)
    )
    return pd.DataFrame(connection.execute(statement).all(), columns=columns)


def create_scorecard(session: Session, actor: Actor, name: str) -> int:
    cleaned = clean_name(name, "scorecard")
    taken = (
        session.connection()
        .execute(select(_card.c.name).where(func.lower(_card.c.name) == cleaned.lower()))
        .scalar()
    )
    if taken:
        raise InvalidSetting(f"A scorecard is already called {taken!r}.")
    card = Scorecard(name=cleaned)
    session.add(card)
    session.flush()
    assert card.id is not None
    record_change(session, actor, f"scorecard:{card.id}", {"created": cleaned})
    return card.id


def save_category(
    session: Session,
    actor: Actor,
    scorecard_id: int,
    *,
    name: str,
    weight: float,
    scale_min: int,
    scale_max: int,
    critical: bool,
    category_id: int | None = None,
) -> int:
    """Add a category (``category_id`` None) or change one; its id."""
    cleaned = clean_name(name, "category")
    if not 0 <= weight <= 100:
        raise InvalidSetting("A category's weight is from 0 to 100.")
    if int(scale_min) != scale_min or int(scale_max) != scale_max or not 0 <= scale_min < scale_max:
        raise InvalidSetting(
            "A scale is two whole numbers, the lowest at least 0 and below the highest."
        )
    if session.get(Scorecard, scorecard_id) is None:
        raise InvalidSetting("That scorecard no longer exists.")
    if category_id is None:
        count = len(categories(session.connection(), scorecard_id))
        category = ScorecardCategory(scorecard_id=scorecard_id, position=count, name=cleaned)
    else:
        found = session.get(ScorecardCategory, category_id)
        if found is None or found.scorecard_id != scorecard_id:
            raise InvalidSetting("That category is not on this scorecard.")
        category = found
    values = {
        "name": cleaned,
        "weight": float(weight),
        "scale_min": int(scale_min),
        "scale_max": int(scale_max),
        "critical": bool(critical),
    }
    for field, value in values.items():
        setattr(category, field, value)
    session.add(category)
    session.flush()
    assert category.id is not None
    action = "added" if category_id is None else "changed"
    record_change(
        session, actor, f"scorecard:{scorecard_id}", {action: values, "category": category.id}
    )
    return category.id


def set_scorecard_active(session: Session, actor: Actor, scorecard_id: int, active: bool) -> None:
    card = session.get(Scorecard, scorecard_id)
    if card is None:
        raise InvalidSetting("That scorecard no longer exists.")
    card.active = active
    session.add(card)
    session.flush()
    record_change(session, actor, f"scorecard:{scorecard_id}", {"active": active})
