"""The Data page's quarantine, filtered by import run and by words of the reason."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, false, func, select

from data_sources.models import QuarantinedRow
from data_sources.scope import Scope

COLUMNS = ("import_run_id", "file_name", "line", "column", "reason", "raw")


def quarantine(
    *,
    connection: Connection,
    scope: Scope,
    run_id: int | None = None,
    reason_contains: str = "",
    limit: int = 500,
) -> pd.DataFrame:
    """The newest quarantined rows matching the filters (the reason case-insensitively)."""
    rows = QuarantinedRow.__table__  # type: ignore[attr-defined]
    statement = select(*(rows.c[name] for name in COLUMNS)).order_by(rows.c.id.desc()).limit(limit)
    if not scope.sees_everything:  # the import history spans every team
        statement = statement.where(false())
    if run_id is not None:
        statement = statement.where(rows.c.import_run_id == run_id)
    if reason_contains.strip():
        statement = statement.where(
            func.lower(rows.c.reason).contains(reason_contains.strip().lower(), autoescape=True)
        )
    return pd.DataFrame(connection.execute(statement).all(), columns=list(COLUMNS))
