"""The engine agrees with a plain reference written straight from ``design/kpis.md``.

Hypothesis draws small random organisations (interactions with their stored transcript flags,
stored before the cells are built or after them as the analysis does, promises, reviews,
public reviews), a window (whole days or not), an as-of, a grouping and filters; the reference
below computes every KPI from the raw rows with pandas and NumPy, without any code of the engine.
Counts and rates must match exactly; percentiles exactly on the raw-row path and within the
contract's error (1 % or 1 s, whichever is larger) on the summary-cell path. Both databases.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, insert

from data_sources.aggregates import refresh_after_write
from data_sources.models import (
    Interaction,
    InteractionText,
    KpiCell,
    Person,
    Promise,
    PublicReview,
    QaReview,
    Team,
)
from data_sources.report import kpi_report
from data_sources.scope import Scope
from data_sources.text_cells import TextCellChanges, stored_flags
from kpis.facts import TEXT_FLAGS
from kpis.window import Window

START = datetime(2026, 3, 2, tzinfo=UTC)
TEAMS = {1: "Billing", 2: "Returns"}
AGENTS = {1: ("Ada", 1), 2: ("Bo", 1), 3: ("Cy", 2)}
TARGETS = {"phone": 18, "chat": 60, "email": 86_400}
PERCENTILES = {
    "first_response_median": ("frt", 50),
    "first_response_p90": ("frt", 90),
    "resolution_median": ("resolution", 50),
    "promise_early_median": ("early", 50),
}
# Durations near the targets on purpose: exactly on them, just over, far away.
durations = st.one_of(
    st.sampled_from([0, 17, 18, 19, 59, 60, 61, 86_399, 86_400, 86_401]),
    st.integers(min_value=0, max_value=5 * 86_400),
)
maybe = st.none() | durations

interactions = st.lists(
    st.fixed_dictionaries(
        {
            "created": st.integers(min_value=0, max_value=9 * 86_400),
            "micro": st.sampled_from([0, 250_000]),
            "channel": st.sampled_from(sorted(TARGETS)),
            "agent": st.sampled_from([None, 1, 2, 3]),
            "team": st.sampled_from([1, 2]),
            "answered": maybe,
            "resolved": maybe,
            "escalated": st.booleans(),
            "transfers": st.integers(0, 2),
            "reopens": st.integers(0, 1),
            "csat": st.none() | st.integers(1, 5),
            "promises": st.lists(st.tuples(st.integers(-86_400, 86_400), maybe, maybe), max_size=2),
            "reviews": st.lists(
                st.tuples(st.none() | st.integers(0, 100), st.booleans()), max_size=2
            ),
            # What the transcript analysis stored (None: not analysed, e.g. no messages).
            "said": st.none() | st.fixed_dictionaries({flag: st.booleans() for flag in TEXT_FLAGS}),
        }
    ),
    max_size=25,
)
public_reviews = st.lists(
    st.tuples(st.integers(0, 9 * 86_400), st.integers(1, 5), st.sampled_from([None, 1, 2])),
    max_size=4,
)
requests = st.fixed_dictionaries(
    {
        "start": st.sampled_from([0, 86_400, 3_600, 100_000]),
        "length": st.sampled_from([86_400, 3 * 86_400, 7 * 86_400, 200_000]),
        "as_of": st.integers(0, 12 * 86_400),
        "by": st.sampled_from([None, "team", "agent", "channel", "day", "week", "month"]),
        "teams": st.sampled_from([(), (1,)]),
        "channels": st.sampled_from([(), ("email",), ("phone", "chat")]),
        "agents": st.sampled_from([(), (1, 3)]),
        "path": st.sampled_from(["exact", "cells"]),
        # Flags stored before the cells are built, or after (the analysis then moves them).
        "analysed": st.sampled_from(["before", "after"]),
    }
)


def moment(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def store(
    engine: Engine,
    rows: list[dict[str, Any]],
    published: list[tuple[int, int, int | None]],
    analysed: str = "before",
) -> None:
    with engine.begin() as connection:
        tables = (KpiCell, InteractionText, PublicReview, QaReview, Promise, Interaction, Person)
        for table in (*tables, Team):
            connection.execute(delete(table))  # type: ignore[arg-type]
        connection.execute(insert(Team), [{"id": k, "name": v} for k, v in TEAMS.items()])  # type: ignore[arg-type]
        connection.execute(
            insert(Person),  # type: ignore[arg-type]
            [{"id": k, "key": n.lower(), "name": n, "team_id": t} for k, (n, t) in AGENTS.items()],
        )
        days = set()
        for number, row in enumerate(rows, start=1):
            created = moment(row["created"]) + timedelta(microseconds=row["micro"])
            days.add(created.date())

            def after(seconds: int | None, created: datetime = created) -> datetime | None:
                return None if seconds is None else created + timedelta(seconds=seconds)

            connection.execute(
                insert(Interaction),  # type: ignore[arg-type]
                {
                    "id": number, "source": "p", "external_id": str(number),
                    "channel": row["channel"], "created_at": created, "team_id": row["team"],
                    "agent_id": row["agent"], "first_response_at": after(row["answered"]),
                    "resolved_at": after(row["resolved"]), "escalated": row["escalated"],
                    "transfers": row["transfers"], "reopens": row["reopens"], "csat": row["csat"],
                },
            )  # fmt: skip
            for index, (due, kept, told) in enumerate(row["promises"]):
                due_at = created + timedelta(seconds=86_400 + due)
                connection.execute(
                    insert(Promise),  # type: ignore[arg-type]
                    {
                        "interaction_id": number, "external_id": str(index),
                        "made_at": created, "due_at": due_at, "kept_at": after(kept),
                        "customer_updated_at": after(told),
                    },
                )  # fmt: skip
            for index, (score, calibration) in enumerate(row["reviews"]):
                connection.execute(
                    insert(QaReview),  # type: ignore[arg-type]
                    {
                        "interaction_id": number, "reviewer_id": 1,
                        "reviewed_at": created + timedelta(seconds=index),
                        "score": score, "calibration": calibration,
                    },
                )  # fmt: skip
        for number, (at, rating, team) in enumerate(published):
            connection.execute(
                insert(PublicReview),  # type: ignore[arg-type]
                {
                    "source": "p", "external_id": str(number), "platform": "web",
                    "published_at": moment(at), "rating": rating, "team_id": team,
                },
            )  # fmt: skip
        said = [
            {"interaction_id": number, **row["said"]}
            for number, row in enumerate(rows, start=1)
            if row.get("said") is not None
        ]
        if analysed == "before" and said:
            connection.execute(insert(InteractionText), said)  # type: ignore[arg-type]
        refresh_after_write(connection, days=days)
        if analysed == "after" and said:
            # As ``analyse_after_write`` does: flags stored, their change added to the cells.
            changes = TextCellChanges()
            before = stored_flags(connection, [row["interaction_id"] for row in said])
            connection.execute(insert(InteractionText), said)  # type: ignore[arg-type]
            changes.add(before, {name: [row[name] for row in said] for name in said[0]})
            changes.apply(connection)


# --- the reference: kpis.md read literally, over plain rows ---------------------------------


def period(day: pd.Timestamp, by: str) -> str:
    if by == "week":
        day = day - pd.Timedelta(days=day.weekday())
    if by == "month":
        day = day.replace(day=1)
    return day.strftime("%Y-%m-%d")


def label(row: dict[str, Any], created: datetime, by: str | None) -> str:
    if by is None:
        return ""
    if by == "team":
        return TEAMS[row["team"]]
    if by == "agent":
        return AGENTS[row["agent"]][0] if row["agent"] else "(no agent)"
    if by == "channel":
        return str(row["channel"])
    return period(pd.Timestamp(created.date()), by)


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def pct(values: list[float], q: int) -> float | None:
    return float(np.percentile(values, q)) if values else None


def reference(
    rows: list[dict[str, Any]],
    published: list[tuple[int, int, int | None]],
    request: dict[str, Any],
) -> dict[str, dict[str, Any]]:
    start, end = moment(request["start"]), moment(request["start"] + request["length"])
    as_of, by = moment(request["as_of"]), request["by"]
    groups: dict[str, list[tuple[dict[str, Any], datetime]]] = {}
    for row in rows:
        created = moment(row["created"]) + timedelta(microseconds=row["micro"])
        if not start <= created < end:
            continue
        if request["teams"] and row["team"] not in request["teams"]:
            continue
        if request["channels"] and row["channel"] not in request["channels"]:
            continue
        if request["agents"] and row["agent"] not in request["agents"]:
            continue
        groups.setdefault(label(row, created, by), []).append((row, created))
    if by is None:
        groups.setdefault("", [])
    result = {key: kpis_of(members, as_of) for key, members in groups.items()}
    rating_defined = (
        by not in ("agent", "channel") and not request["agents"] and not request["channels"]
    )
    ratings: dict[str, list[int]] = {}
    for at, rating, team in published:
        when = moment(at)
        if not start <= when < end or (request["teams"] and team not in request["teams"]):
            continue
        if by == "team" and team is None:
            continue
        key = (
            ""
            if by is None
            else TEAMS[team]
            if by == "team"
            else period(pd.Timestamp(when.date()), by)
        )  # type: ignore[index]
        ratings.setdefault(key, []).append(rating)
    if rating_defined:
        for key, values in ratings.items():
            result.setdefault(key, kpis_of([], as_of))["peer_review_rating"] = sum(values) / len(
                values
            )
    return result


def kpis_of(members: list[tuple[dict[str, Any], datetime]], as_of: datetime) -> dict[str, Any]:
    frt, resolution, early = [], [], []
    met = eligible = resolved = fcr = reopened = escalated = transferred = 0
    ratings: list[int] = []
    scores: list[float] = []
    kept = broken = noticed = 0
    text: dict[str, int] = dict.fromkeys(
        ("spoke", "complained", "apologised", "thanked", "banned", "blamed", "named", "misnamed"), 0
    )
    for row, created in members:
        flags = row.get("said") or {}
        spoke, complained = flags.get("has_agent_message"), flags.get("customer_complained")
        text["spoke"] += bool(spoke)
        text["complained"] += bool(complained)
        text["apologised"] += bool(complained and flags["agent_apologised"])
        text["thanked"] += bool(spoke and flags["agent_thanked"])
        text["banned"] += bool(spoke and flags["banned_phrase"])
        text["blamed"] += bool(spoke and flags["blamed"])
        text["named"] += bool(flags.get("addressed_by_name"))
        text["misnamed"] += bool(flags.get("addressed_by_name") and flags["name_error"])
        target = TARGETS[row["channel"]]
        if row["answered"] is not None:
            frt.append(float(row["answered"]))
            eligible += 1
            met += row["answered"] <= target
        elif (as_of - created).total_seconds() > target:
            eligible += 1
        if row["resolved"] is not None:
            resolution.append(float(row["resolved"]))
            resolved += 1
            fcr += row["transfers"] == 0 and not row["escalated"] and row["reopens"] == 0
            reopened += row["reopens"] >= 1
        escalated += row["escalated"]
        transferred += row["transfers"] >= 1
        if row["csat"] is not None:
            ratings.append(row["csat"])
        scores += [s for s, calibration in row["reviews"] if s is not None and not calibration]
        for due, kept_after, told_after in row["promises"]:
            due_at = created + timedelta(seconds=86_400 + due)
            kept_at = None if kept_after is None else created + timedelta(seconds=kept_after)
            told_at = None if told_after is None else created + timedelta(seconds=told_after)
            if kept_at is not None and kept_at <= due_at:
                kept += 1
                early.append((due_at - kept_at).total_seconds())
            elif (kept_at is not None and kept_at > due_at) or (kept_at is None and due_at < as_of):
                broken += 1
                noticed += told_at is not None and told_at < due_at
    volume = len(members)
    return {
        "volume": volume,
        "first_response_median": pct(frt, 50),
        "first_response_p90": pct(frt, 90),
        "response_sla_rate": ratio(met, eligible),
        "resolution_median": pct(resolution, 50),
        "first_contact_resolution_rate": ratio(fcr, resolved),
        "escalation_ratio": ratio(escalated, volume),
        "transfer_rate": ratio(transferred, volume),
        "reopen_rate": ratio(reopened, resolved),
        "promise_kept_rate": ratio(kept, kept + broken),
        "broken_promise_notice_rate": ratio(noticed, broken),
        "promise_early_median": pct(early, 50),
        "csat_avg": ratio(sum(ratings), len(ratings)),
        "csat_satisfied_rate": ratio(sum(r >= 4 for r in ratings), len(ratings)),
        "qa_score_avg": ratio(sum(scores), len(scores)),
        "peer_review_rating": None,
        "apology_rate": ratio(text["apologised"], text["complained"]),
        "courtesy_rate": ratio(text["thanked"], text["spoke"]),
        "banned_phrase_rate": ratio(text["banned"], text["spoke"]),
        "blame_rate": ratio(text["blamed"], text["spoke"]),
        "name_error_rate": ratio(text["misnamed"], text["named"]),
    }


def agrees(kpi_id: str, engine_value: Any, expected: Any, path: str) -> bool:
    missing = engine_value is None or (isinstance(engine_value, float) and math.isnan(engine_value))
    if expected is None or missing:
        return expected is None and missing
    if kpi_id in PERCENTILES and path == "cells":
        return abs(engine_value - expected) <= max(1.0, 0.01 * abs(expected))
    return math.isclose(engine_value, expected, rel_tol=1e-9, abs_tol=1e-9)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=interactions, published=public_reviews, request=requests)
def test_engine_agrees_with_the_reference(
    engine: Engine,
    rows: list[dict[str, Any]],
    published: list[tuple[int, int, int | None]],
    request: dict[str, Any],
) -> None:
    """On random data, every KPI of every group equals the reference's.

    Percentiles read from summary cells may differ by the contract's error.
    """
    store(engine, rows, published, request["analysed"])
    window = Window(moment(request["start"]), moment(request["start"] + request["length"]))
    with engine.connect() as connection:
        frame = kpi_report(
            connection, window=window, as_of=moment(request["as_of"]), scope=Scope.everything(),
            teams=request["teams"], agents=request["agents"], channels=request["channels"],
            by=request["by"], exact_limit=10**9 if request["path"] == "exact" else 0,
        )  # fmt: skip
    by = request["by"]
    got = {("" if by is None else str(row[by])): row for row in frame.to_dict("records")}
    expected = reference(rows, published, request)
    assert set(got) == set(expected)
    for key, values in expected.items():
        for kpi_id, value in values.items():
            assert agrees(kpi_id, got[key][kpi_id], value, request["path"]), (
                key,
                kpi_id,
                got[key][kpi_id],
                value,
            )
