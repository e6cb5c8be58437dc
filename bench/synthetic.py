"""A lean, seeded synthetic organisation for the KPI benchmark, written straight into the tables.

Not the demo organisation: only what the KPIs read, generated as NumPy columns and written
with SQLite ``executemany`` or PostgreSQL ``COPY`` (CSV made by pyarrow). 8 teams of 25 agents
(the first leads the team), seven channels, ``days`` days of interactions ending at ``END``;
unanswered interactions and unkept promises only in the last three days (open work is recent),
5 % of interactions with a promise, 2 % with an internal review.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from sqlalchemy import Connection, text

END = datetime(2026, 9, 1, tzinfo=UTC)
TEAMS = 8
AGENTS_PER_TEAM = 25
CHANNELS = np.array(["email", "phone", "chat", "social", "sms", "web", "other"])
CHANNEL_SHARE = np.array([0.35, 0.25, 0.2, 0.07, 0.05, 0.06, 0.02])
MEDIAN_RESPONSE = np.array([4 * 3600, 15, 45, 3 * 3600, 2 * 3600, 5 * 3600, 6 * 3600])
CHUNK = 500_000


@dataclass
class Columns:
    names: list[str]
    arrays: list[np.ndarray]

    def table(self) -> pa.Table:
        return pa.table(dict(zip(self.names, self.arrays, strict=True)))


def _times(seconds: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """Epoch seconds (float) as UTC text the way each database parses it."""
    micro = np.round(seconds * 1e6).astype("int64").astype("datetime64[us]")
    array = pa.array(micro, mask=missing, type=pa.timestamp("us"))
    return pc.strftime(array, format="%Y-%m-%d %H:%M:%S")


def interactions(count: int, *, days: int, seed: int, first_id: int = 1) -> Columns:
    rng = np.random.default_rng(seed)
    end = END.timestamp()
    created = np.sort(end - rng.uniform(0, days * 86_400, count))
    channel = rng.choice(len(CHANNELS), size=count, p=CHANNEL_SHARE)
    team = rng.integers(1, TEAMS + 1, count)
    agent = (team - 1) * AGENTS_PER_TEAM + rng.integers(2, AGENTS_PER_TEAM + 1, count)
    no_agent = rng.random(count) < 0.02
    recent = created > end - 3 * 86_400
    frt = MEDIAN_RESPONSE[channel] * rng.lognormal(0, 0.8, count)
    unanswered = recent & (rng.random(count) < 0.1)
    resolution = frt + rng.lognormal(np.log(6 * 3600), 1.0, count)
    unresolved = rng.random(count) < 0.05
    escalated = rng.random(count) < 0.04
    leader = (team - 1) * AGENTS_PER_TEAM + 1
    transfers = rng.choice(3, size=count, p=[0.9, 0.08, 0.02])
    reopens = (rng.random(count) < 0.04).astype("int64")
    csat = rng.choice(5, size=count, p=[0.05, 0.07, 0.13, 0.35, 0.40]) + 1
    rated = rng.random(count) < 0.3
    ids = np.arange(first_id, first_id + count)
    names = [
        "id", "source", "external_id", "channel", "created_at", "team_id", "agent_id",
        "first_response_at", "resolved_at", "status", "escalated", "escalated_to_id",
        "escalated_at", "escalation_picked_up_at", "transfers", "reopens", "csat",
    ]  # fmt: skip
    arrays = [
        ids,
        np.full(count, "bench"),
        ids.astype(str),
        CHANNELS[channel],
        created,
        team,
        np.where(no_agent, -1, agent),
        np.where(unanswered, np.nan, created + frt),
        np.where(unanswered | unresolved, np.nan, created + resolution),
        np.where(unresolved | unanswered, "open", "resolved"),
        escalated,
        np.where(escalated, leader, -1),
        np.where(escalated, created + frt, np.nan),
        np.where(escalated, created + frt + rng.lognormal(np.log(1800), 1.0, count), np.nan),
        transfers,
        reopens,
        np.where(rated, csat, -1),
    ]
    return Columns(names, arrays)


def promises(interaction: Columns, *, seed: int) -> Columns:
    rng = np.random.default_rng(seed + 1)
    ids, created = interaction.arrays[0], interaction.arrays[4]
    chosen = rng.random(len(ids)) < 0.05
    ids, created = ids[chosen], created[chosen]
    count = len(ids)
    due = created + rng.uniform(86_400, 3 * 86_400, count)
    kept = (
        due
        - rng.lognormal(np.log(4 * 3600), 1.0, count)
        + rng.normal(0, 3600, count) * (rng.random(count) < 0.1)
    )
    unkept = (due > END.timestamp() - 3 * 86_400) & (rng.random(count) < 0.2)
    told = np.where(rng.random(count) < 0.5, due - 3600, np.nan)
    names = ["interaction_id", "external_id", "made_at", "due_at", "kept_at", "customer_updated_at"]
    arrays = [ids, np.full(count, "1"), created, due, np.where(unkept, np.nan, kept), told]
    return Columns(names, arrays)


def reviews(interaction: Columns, *, seed: int) -> Columns:
    rng = np.random.default_rng(seed + 2)
    ids, created, team = interaction.arrays[0], interaction.arrays[4], interaction.arrays[5]
    chosen = rng.random(len(ids)) < 0.02
    ids, created, team = ids[chosen], created[chosen], team[chosen]
    count = len(ids)
    names = ["interaction_id", "reviewer_id", "reviewed_at", "kind", "score", "calibration"]
    arrays = [
        ids,
        (team - 1) * AGENTS_PER_TEAM + 1,
        created + 86_400,
        np.full(count, "qa"),
        rng.uniform(55, 100, count).round(1),
        rng.random(count) < 0.05,
    ]
    return Columns(names, arrays)


TIME_COLUMNS = {
    "created_at", "first_response_at", "resolved_at", "escalated_at", "escalation_picked_up_at",
    "made_at", "due_at", "kept_at", "customer_updated_at", "reviewed_at",
}  # fmt: skip
NULL_WHEN_NEGATIVE = {"agent_id", "escalated_to_id", "csat"}


def _arrow(columns: Columns, start: int, stop: int) -> pa.Table:
    fields = {}
    for name, values in zip(columns.names, columns.arrays, strict=True):
        part = values[start:stop]
        if name in TIME_COLUMNS:
            fields[name] = _times(np.nan_to_num(part), np.isnan(part))
        elif name in NULL_WHEN_NEGATIVE:
            fields[name] = pa.array(part, mask=part < 0)
        else:
            fields[name] = pa.array(part)
    return pa.table(fields)


def write(connection: Connection, table: str, columns: Columns) -> None:
    """Append the rows to ``table`` on the connection's own DBAPI connection, in its transaction."""
    raw = connection.connection.driver_connection
    count = len(columns.arrays[0])
    for start in range(0, count, CHUNK):
        chunk = _arrow(columns, start, min(start + CHUNK, count))
        if connection.dialect.name == "sqlite":
            placeholders = ", ".join("?" for _ in columns.names)
            rows = zip(*(chunk.column(n).to_pylist() for n in columns.names), strict=True)
            # Table and column names are this module's constants, never input.
            insert = f"INSERT INTO {table} ({', '.join(columns.names)}) VALUES ({placeholders})"  # noqa: S608
            raw.executemany(insert, rows)  # type: ignore[union-attr]
        else:
            buffer = io.BytesIO()
            pacsv.write_csv(chunk, buffer, pacsv.WriteOptions(include_header=False))
            statement = f"COPY {table} ({', '.join(columns.names)}) FROM STDIN WITH (FORMAT csv)"
            with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
                copy.write(buffer.getvalue())


def parquet(columns: Columns, path: str) -> None:
    """The same interactions as a Parquet file with real timestamp columns (DuckDB reads it)."""
    import pyarrow.parquet as pq

    fields = {}
    for name, values in zip(columns.names, columns.arrays, strict=True):
        if name in TIME_COLUMNS:
            micro = np.round(np.nan_to_num(values) * 1e6).astype("int64")
            fields[name] = pa.array(micro, mask=np.isnan(values), type=pa.timestamp("us", tz="UTC"))
        elif name in NULL_WHEN_NEGATIVE:
            fields[name] = pa.array(values, mask=values < 0)
        else:
            fields[name] = pa.array(values)
    pq.write_table(pa.table(fields), path)


def organisation(connection: Connection) -> None:
    """Teams and people; the first person of each team leads it."""
    connection.execute(text("DELETE FROM team"))
    for team in range(1, TEAMS + 1):
        connection.execute(
            text("INSERT INTO team (id, name) VALUES (:i, :n)"), {"i": team, "n": f"Team {team}"}
        )
        for number in range(1, AGENTS_PER_TEAM + 1):
            person = (team - 1) * AGENTS_PER_TEAM + number
            connection.execute(
                text(
                    "INSERT INTO person (id, key, name, role, team_id, active)"
                    " VALUES (:i, :k, :n, :r, :t, :a)"
                ),
                {
                    "i": person,
                    "k": f"a{person}",
                    "n": f"Agent {person}",
                    "r": "leader" if number == 1 else "agent",
                    "t": team,
                    "a": True,
                },
            )
        connection.execute(
            text("UPDATE team SET leader_id = :p WHERE id = :t"),
            {"p": (team - 1) * AGENTS_PER_TEAM + 1, "t": team},
        )


def days_of(created: np.ndarray) -> list:
    first = datetime.fromtimestamp(float(created.min()), UTC).date()
    last = datetime.fromtimestamp(float(created.max()), UTC).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
