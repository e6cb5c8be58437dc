"""Summary cells kept at write time: what makes a KPI report over millions of rows fast.

One ``kpicell`` row per UTC day × team × agent × channel holds the as-of independent
counters of ``kpis/facts.py`` and a mergeable histogram blob (``kpis/percentiles.py``) of
first-response, resolution and kept-early durations; roll-ups per day × team (``agent_key``
-1), per channel and over all channels (``channel`` ``*``), serve reports that neither filter
nor group by agent, and the week roll-ups of ``week_cells`` serve long windows. Cells never
hold what depends on a report's as-of (unanswered breaches, unkept promises): reports read
those few rows directly.

Every writer (demo generator, importers, QA reviews, promise updates) calls
``refresh_after_write`` inside the same transaction as its rows, so the cells never disagree
with the raw rows: with the UTC days of the *interactions* it touched (a review or a promise
belongs to its interaction's day), recomputed from the raw rows one set-based pass per run of
consecutive days; and, for interactions it inserted, their ids (``added``), whose
contributions are added to the stored cells (``cell_additions``): work in proportion to the
write rather than to the days.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, select

from data_sources.kpi_rows import created_between, interaction_rows, promise_rows, review_rows
from data_sources.models import KpiCell
from data_sources.settings import channel_targets
from data_sources.week_cells import ALL_CHANNELS, refresh_weeks
from kpis import percentiles
from kpis.facts import COUNTERS, interaction_facts, promise_facts, review_facts
from kpis.summaries import histogram_entries, sums

cell = KpiCell.__table__  # type: ignore[attr-defined]
CELL_KEYS = ("day", "team_id", "agent_key", "channel")
CELL_COLUMNS = (*CELL_KEYS, *COUNTERS, "histograms")
ALL_AGENTS = -1


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def with_cell_keys(facts: pd.DataFrame) -> pd.DataFrame:
    """Add ``day`` (UTC, naive midnight) and ``agent_key`` to a facts frame."""
    facts["day"] = facts["created_at"].dt.tz_convert(None).dt.normalize()
    facts["agent_key"] = facts["agent_id"].astype("int64")
    return facts


def day_facts(
    connection: Connection, first: date, last: date
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The facts of every interaction created from ``first`` to ``last`` (UTC days, inclusive)."""
    conditions = created_between(midnight(first), midnight(last + timedelta(days=1)))
    targets = channel_targets(connection)
    return (
        with_cell_keys(
            interaction_facts(interaction_rows(connection, conditions), channel_targets=targets)
        ),
        with_cell_keys(promise_facts(promise_rows(connection, conditions))),
        with_cell_keys(review_facts(review_rows(connection, conditions))),
    )


def _runs(days: Iterable[date]) -> Iterator[tuple[date, date]]:
    """Runs of consecutive days, as (first, last)."""
    ordered = sorted(set(days))
    if not ordered:
        return
    first = previous = ordered[0]
    for day in ordered[1:]:
        if day != previous + timedelta(days=1):
            yield first, previous
            first = day
        previous = day
    yield first, previous


def _blobs(entries: pd.DataFrame, keys: list[str]) -> dict[tuple[object, ...], bytes]:
    if entries.empty:
        return {}
    ordered = entries.sort_values([*keys, "metric", "bucket"], kind="stable")
    cell_index = ordered.groupby(keys, sort=False).ngroup().to_numpy()
    keys_of_pairs = percentiles.pair_keys(
        ordered["metric"].to_numpy(np.int64), ordered["bucket"].to_numpy(np.int64)
    )
    pairs = np.column_stack([keys_of_pairs, ordered["count"].to_numpy(np.int64)]).astype("<i4")
    boundaries = np.flatnonzero(np.diff(cell_index)) + 1
    firsts = np.concatenate([[0], boundaries])
    labels = ordered.iloc[firsts][keys].itertuples(index=False, name=None)
    chunks = np.split(pairs, boundaries)
    return {tuple(label): chunk.tobytes() for label, chunk in zip(labels, chunks, strict=True)}


def _rolled_up(
    totals: pd.DataFrame, entries: pd.DataFrame, **key: str | int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counters and histogram entries of finer cells added up into the cells where ``key``
    (``agent_key`` or ``channel``) takes one roll-up value."""
    keys = list(CELL_KEYS)
    totals = totals.reset_index().assign(**key).groupby(keys, sort=False).sum()
    counts = entries.assign(**key).groupby([*keys, "metric", "bucket"], sort=False)["count"]
    return totals, counts.sum().reset_index()


def cells_of(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Cell rows from facts frames: per agent, and the team's roll-ups per channel and over
    all channels (added up from the finer cells), ``day`` as ``YYYY-MM-DD``."""
    keys = list(CELL_KEYS)
    agents = (sums(frames, keys), histogram_entries(frames, keys))
    teams = _rolled_up(*agents, agent_key=ALL_AGENTS)
    levels = []
    for totals, entries in (agents, teams, _rolled_up(*teams, channel=ALL_CHANNELS)):
        blobs = _blobs(entries, keys)
        totals = totals.reindex(columns=list(COUNTERS), fill_value=0).reset_index()
        labels = zip(*(totals[k] for k in keys), strict=True)
        totals["histograms"] = [blobs.get(label, b"") for label in labels]
        levels.append(totals)
    cells = pd.concat(levels, ignore_index=True)
    cells["day"] = pd.to_datetime(cells["day"]).dt.strftime("%Y-%m-%d")
    return cells[list(CELL_COLUMNS)]


def _typed(cells: pd.DataFrame) -> pd.DataFrame:
    whole = [c for c in (*COUNTERS, "team_id", "agent_key") if c != "qa_sum"]
    cells = cells[list(CELL_COLUMNS)].copy()
    cells[whole] = cells[whole].astype("int64")
    cells["qa_sum"] = cells["qa_sum"].astype(float)
    return cells


def write_cells(connection: Connection, cells: pd.DataFrame) -> None:
    """Insert cell rows through the driver: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.

    Column names are this module's constants; values are bound or streamed, never spliced.
    """
    if cells.empty:
        return
    cells = _typed(cells)
    raw = connection.connection.driver_connection
    names = ", ".join(CELL_COLUMNS)
    rows = zip(*(cells[c].tolist() for c in CELL_COLUMNS), strict=True)
    if connection.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in CELL_COLUMNS)
        raw.executemany(f"INSERT INTO kpicell ({names}) VALUES ({marks})", rows)  # type: ignore[union-attr]  # noqa: S608
        return
    with raw.cursor() as cursor, cursor.copy(f"COPY kpicell ({names}) FROM STDIN") as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row(row)


def refresh_after_write(
    connection: Connection, *, days: Iterable[date], added: Collection[int] = ()
) -> None:
    """Bring the summary cells up to date with a write, inside its transaction.

    ``added``: ids of interactions the write inserted (with any promises and reviews of
    theirs); their contributions are added to the stored cells. ``days`` (UTC): every other
    change, recomputed in full from the raw rows, then their weeks. A day may be in both
    (recomputing it after the addition gives the same cells), but an added interaction must
    not have been counted in the cells before.
    """
    if added:
        from data_sources.cell_additions import add_interactions

        add_interactions(connection, added)
    ordered = sorted(set(days))
    for first, last in _runs(ordered):
        cells = cells_of(list(day_facts(connection, first, last)))
        connection.execute(delete(cell).where(cell.c.day >= first, cell.c.day <= last))
        write_cells(connection, cells)
    refresh_weeks(connection, days=ordered)


def refresh_channel(connection: Connection, *, channel: str) -> None:
    """Recompute the days holding ``channel`` (every day when it is ``other``, the fallback)."""
    query = select(cell.c.day).distinct()
    if channel != "other":
        query = query.where(cell.c.channel == channel)
    refresh_after_write(connection, days=[row[0] for row in connection.execute(query)])


def refresh_everything(connection: Connection) -> None:
    """Rebuild every cell from the raw rows (after a bulk load that skipped the hook)."""
    from data_sources.kpi_rows import interaction

    bounds = connection.execute(
        select(interaction.c.created_at).order_by(interaction.c.created_at).limit(1)
    ).scalar()
    latest = connection.execute(
        select(interaction.c.created_at).order_by(interaction.c.created_at.desc()).limit(1)
    ).scalar()
    connection.execute(delete(cell))
    if bounds is None or latest is None:
        return
    first, last = bounds.date(), latest.date()
    refresh_after_write(
        connection, days=[first + timedelta(days=n) for n in range((last - first).days + 1)]
    )
