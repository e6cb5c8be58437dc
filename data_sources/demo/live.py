"""``pulse demo --live``: work keeps arriving in the demo, and is answered, while you watch.

Every few seconds one transaction (``tick``): a few new interactions for the demo's teams
(channels in the demo's shares, one of the team's topics, one of its agents, now and then an
escalation to its leader), answers to some live ones still waiting (phone and chat within a
tick or two, e-mail rarely), resolutions with the occasional CSAT, and escalations picked up.
The summary cells are kept as an import keeps them (``refresh_after_write``: the new
interactions added, the days of the changed ones recomputed) and the data version is raised
last, so every page shows the change on its next run: the team view's live fragment within
its refresh interval, without a reload.

Live interactions are demo rows (source ``demo``, external ids ``L…``): ``pulse demo
--replace`` removes them with the rest of the demo, and ``pulse demo --live`` refuses a
database that holds imported data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Connection, Row, Select, func, insert, select, update

from data_sources import data_version
from data_sources.aggregates import refresh_after_write
from data_sources.demo.organisation import TEAMS
from data_sources.demo.rhythm import CHANNEL_SHARE, CHANNELS
from data_sources.demo.rows import SOURCE
from data_sources.models import Customer, Interaction, Person, Role, Status, Team

interaction = Interaction.__table__  # type: ignore[attr-defined]
_person = Person.__table__  # type: ignore[attr-defined]
_team = Team.__table__  # type: ignore[attr-defined]
_customer = Customer.__table__  # type: ignore[attr-defined]

LIVE_PREFIX = "L"
ARRIVALS_PER_TICK = 1.5  # mean new interactions per tick (Poisson)
ANSWER_CHANCE: Mapping[str, float] = {
    "phone": 0.7, "chat": 0.5, "sms": 0.2, "social": 0.1, "web": 0.08, "email": 0.04,
    "other": 0.05,
}  # fmt: skip
"""Chance per tick that a waiting live interaction of the channel gets its first answer."""
RESOLVE_CHANCE = 0.15
ESCALATION_SHARE = 0.04
PICK_UP_CHANCE = 0.1
CSAT_SHARE = 0.3
CSAT_WEIGHTS = np.array([0.05, 0.07, 0.13, 0.35, 0.40])  # scores 1-5
WATCHED = timedelta(days=2)
"""How far back a tick looks for live work to answer, resolve or pick up."""


@dataclass(frozen=True)
class Tick:
    """What one tick did."""

    arrived: int
    answered: int
    resolved: int
    picked_up: int


@dataclass(frozen=True)
class Organisation:
    """The demo's teams as a tick needs them: agents, leader and topics per team."""

    team_ids: list[int]
    agents: list[list[int]]
    leaders: list[int | None]
    topics: list[tuple[str, ...]]
    customers: tuple[int, int] | None  # lowest and highest demo customer id

    @classmethod
    def read(cls, connection: Connection) -> Organisation:
        topics_of = {name: topics for name, _, topics in TEAMS}
        teams = connection.execute(
            select(_team.c.id, _team.c.name, _team.c.leader_id).order_by(_team.c.id)
        ).all()
        agents = connection.execute(
            select(_person.c.team_id, _person.c.id).where(
                _person.c.role == Role.AGENT, _person.c.active, _person.c.team_id.is_not(None)
            )
        ).all()
        by_team: dict[int, list[int]] = {}
        for team_id, person_id in agents:
            by_team.setdefault(int(team_id), []).append(int(person_id))
        staffed = [row for row in teams if by_team.get(int(row.id))]
        lowest, highest = connection.execute(
            select(func.min(_customer.c.id), func.max(_customer.c.id)).where(
                _customer.c.source == SOURCE
            )
        ).one()
        return cls(
            team_ids=[int(row.id) for row in staffed],
            agents=[by_team[int(row.id)] for row in staffed],
            leaders=[row.leader_id for row in staffed],
            topics=[topics_of.get(row.name, ("general question",)) for row in staffed],
            customers=None if lowest is None else (int(lowest), int(highest)),
        )


def tick(
    connection: Connection,
    organisation: Organisation,
    rng: np.random.Generator,
    now: datetime,
    *,
    arrivals: int | None = None,
    answer_chance: Mapping[str, float] = ANSWER_CHANCE,
    resolve_chance: float = RESOLVE_CHANCE,
    pick_up_chance: float = PICK_UP_CHANCE,
) -> Tick:
    """One round of live work at ``now``, in ``connection``'s transaction (raises the version).

    ``arrivals``: how many new interactions (default: drawn, ``ARRIVALS_PER_TICK`` on average).
    """
    if not organisation.team_ids:
        raise ValueError("the database has no team with agents: write the demo first")
    count = int(rng.poisson(ARRIVALS_PER_TICK)) if arrivals is None else arrivals
    new_ids = _arrive(connection, organisation, rng, now, count)
    answered = _answer(connection, rng, now, answer_chance)
    resolved = _resolve(connection, rng, now, resolve_chance)
    picked_up = _pick_up(connection, rng, now, pick_up_chance)
    refresh_after_write(connection, days={*answered, *resolved, *picked_up}, added=new_ids)
    data_version.changed(connection)  # last: see data_version
    return Tick(len(new_ids), len(answered), len(resolved), len(picked_up))


def _arrive(
    connection: Connection,
    organisation: Organisation,
    rng: np.random.Generator,
    now: datetime,
    count: int,
) -> list[int]:
    ids: list[int] = []
    share = CHANNEL_SHARE / CHANNEL_SHARE.sum()
    for _ in range(count):
        team = int(rng.integers(len(organisation.team_ids)))
        channel = CHANNELS[int(rng.choice(len(CHANNELS), p=share))]
        topics = organisation.topics[team]
        leader = organisation.leaders[team]
        escalated = leader is not None and bool(rng.random() < ESCALATION_SHARE)
        created = now - timedelta(seconds=float(rng.uniform(0, 5)))
        values = {
            "source": SOURCE,
            "external_id": f"{LIVE_PREFIX}{now:%Y%m%d%H%M%S%f}-{len(ids)}",
            "channel": channel,
            "created_at": created,
            "team_id": organisation.team_ids[team],
            "agent_id": int(rng.choice(organisation.agents[team])),
            "customer_id": _customer_id(connection, organisation, rng),
            "topic": topics[int(rng.integers(len(topics)))],
            "status": Status.OPEN,
            "escalated": escalated,
            "escalated_to_id": leader if escalated else None,
            "escalated_at": created if escalated else None,
        }
        query = insert(interaction).values(**values).returning(interaction.c.id)
        ids.append(int(connection.execute(query).scalar_one()))
    return ids


def _customer_id(
    connection: Connection, organisation: Organisation, rng: np.random.Generator
) -> int | None:
    """A demo customer picked at random (the ids may have gaps: the nearest one at or above)."""
    if organisation.customers is None:
        return None
    lowest, highest = organisation.customers
    wanted = int(rng.integers(lowest, highest + 1))
    found = connection.execute(
        select(func.min(_customer.c.id)).where(
            _customer.c.id >= wanted, _customer.c.source == SOURCE
        )
    ).scalar_one_or_none()
    return None if found is None else int(found)


def _live(now: datetime) -> list[ColumnElement[bool]]:
    return [
        interaction.c.source == SOURCE,
        interaction.c.external_id.startswith(LIVE_PREFIX),
        interaction.c.created_at >= now - WATCHED,
    ]


def _answer(
    connection: Connection, rng: np.random.Generator, now: datetime, chance: Mapping[str, float]
) -> list[date]:
    waiting = select(interaction.c.id, interaction.c.channel, interaction.c.created_at).where(
        interaction.c.first_response_at.is_(None), *_live(now)
    )
    return _advance(
        connection, rng, waiting,
        chance=lambda row: chance.get(row.channel, chance.get("other", 0.0)),
        values=lambda row: {"first_response_at": max(now, row.created_at),
                            "status": Status.PENDING},
    )  # fmt: skip


def _resolve(
    connection: Connection, rng: np.random.Generator, now: datetime, chance: float
) -> list[date]:
    answered = select(
        interaction.c.id, interaction.c.created_at, interaction.c.first_response_at
    ).where(
        interaction.c.first_response_at.is_not(None),
        interaction.c.resolved_at.is_(None),
        *_live(now),
    )

    def resolution(row: Row[Any]) -> dict[str, object]:
        rated = bool(rng.random() < CSAT_SHARE)
        return {
            "resolved_at": max(now, row.first_response_at),
            "status": Status.RESOLVED,
            "csat": int(rng.choice(5, p=CSAT_WEIGHTS)) + 1 if rated else None,
        }

    return _advance(connection, rng, answered, chance=lambda _: chance, values=resolution)


def _pick_up(
    connection: Connection, rng: np.random.Generator, now: datetime, chance: float
) -> list[date]:
    escalated = select(
        interaction.c.id, interaction.c.created_at, interaction.c.escalated_at
    ).where(
        interaction.c.escalated,
        interaction.c.escalation_picked_up_at.is_(None),
        *_live(now),
    )
    return _advance(
        connection, rng, escalated, chance=lambda _: chance,
        values=lambda row: {"escalation_picked_up_at": max(now, row.escalated_at)},
    )  # fmt: skip


def _advance(
    connection: Connection,
    rng: np.random.Generator,
    candidates: Select[Any],
    *,
    chance: Callable[[Row[Any]], float],
    values: Callable[[Row[Any]], dict[str, object]],
) -> list[date]:
    """Move each candidate on (``values``) with its ``chance``; the UTC days of those moved."""
    days = []
    for row in connection.execute(candidates).all():
        if rng.random() < chance(row):
            connection.execute(
                update(interaction).where(interaction.c.id == row.id).values(values(row))
            )
            days.append(row.created_at.date())
    return days
