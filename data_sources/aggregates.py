"""Summary cells kept at write time (filled in by the KPI engine work, issue 3).

Every writer (demo generator, importers) calls ``refresh_after_write`` inside the same
transaction as its rows, with the UTC days whose interactions it touched, so the cells the
KPI engine reads never disagree with the raw rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection


def refresh_after_write(connection: Connection, *, days: Iterable[date]) -> None:
    """Recompute the summary cells of ``days`` from the raw rows."""
    del connection, days
