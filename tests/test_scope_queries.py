"""Every query a page, an export or the CLI reads honours the viewer's whole scope.

On tests/scope_dataset.py (Alpha: Ada and Abe, led by Lea; Bravo: Bea and Bob, led by Leo;
3 interactions per agent), for six viewers: the CEO sees the 4 agents' rows, a leader or the
QA reviewer of Alpha only Ada's and Abe's, Leo only Bea's and Bob's, the agent Ada only her
own 3, and an account that reaches no team nothing. Each test compares the whole table of
viewer → what they got, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from scope_dataset import AS_OF, SEES_AGENTS, SEES_TEAMS, VIEWERS, WINDOW, Org, built_once
from scope_dataset import own_rows as rows_of
from sqlalchemy import Connection

from data_sources import (
    data_queries,
    feedback_queries,
    interaction_queries,
    leaders,
    live_queries,
    qa_reviews,
    queries,
    settings,
)
from data_sources.interaction_detail import interaction_detail
from data_sources.interaction_queries import ListChoice
from data_sources.queries import Filters
from data_sources.report import kpi_report
from data_sources.scope import Scope

EVERY = Filters()


# The organisation is built once per database for the module: these tests only read it
# (review saves, which write, are in test_scope_review_saves.py). The group keeps the module on
# one pytest-xdist worker, in one go (``module_database_url``).
org = built_once  # the module's ``org`` fixture: built once per database
pytestmark = pytest.mark.xdist_group("scope_queries")


def _each(org: Org, read: Any) -> dict[str, Any]:
    """``read(connection, scope)`` for every viewer, by viewer."""
    scopes = org.scopes()
    with org.engine.connect() as connection:
        return {name: read(connection, scope) for name, scope in scopes.items()}


def _agents(frame: pd.DataFrame, column: str = "agent") -> list[str]:
    return sorted(set(frame[column].dropna()))


def _expect(by_viewer: dict[str, list[str]], rows: Any) -> dict[str, Any]:
    return {name: rows(seen) for name, seen in by_viewer.items()}


def test_the_viewers_get_the_scopes_their_roles_give(org: Org) -> None:
    """It gives Lea Alpha, Leo Bravo, Quinn Alpha, Ada her own person, Nora nothing."""
    scopes = org.scopes()
    assert scopes["ceo"] == Scope.everything()
    assert scopes["leader A"] == Scope.of_teams([org.teams["Alpha"]])
    assert scopes["leader B"] == Scope.of_teams([org.teams["Bravo"]])
    assert scopes["qa of A"] == Scope.of_teams([org.teams["Alpha"]])
    assert scopes["agent Ada"] == Scope.of_agent(org.people["Ada"])
    assert scopes["no access"].sees_nothing


def test_sidebar_team_choices_list_only_teams_in_scope(org: Org) -> None:
    """It offers the CEO both teams, each leader and QA their one team, Ada the team she
    worked in (to see her own work there), Nora none."""
    got = _each(org, lambda c, s: queries.teams(connection=c, scope=s)["team"].tolist())
    assert got == {**SEES_TEAMS, "agent Ada": ["Alpha"]}


def test_agent_choices_list_only_people_in_scope(org: Org) -> None:
    """It offers Lea the people of Alpha (herself among them), Ada only herself."""
    got = _each(
        org,
        lambda c, s: interaction_queries.agents(connection=c, scope=s, team_ids=[])[
            "agent"
        ].tolist(),
    )
    assert got == {
        "ceo": ["Abe", "Ada", "Bea", "Bob", "Cass", "Lea", "Leo", "Nora", "Quinn"],
        "leader A": ["Abe", "Ada", "Lea"],
        "leader B": ["Bea", "Bob", "Leo"],
        "qa of A": ["Abe", "Ada", "Lea"],
        "agent Ada": ["Ada"],
        "no access": [],
    }


def test_reviewer_choices_name_no_leader_of_another_team(org: Org) -> None:
    """It offers the CEO every reviewer (Nora too, a leader of no team), Lea herself and Quinn
    (a QA reviewer of no team reviews every team), Leo himself and Quinn; Nora nobody."""
    got = _each(org, lambda c, s: sorted(qa_reviews.reviewers(connection=c, scope=s).values()))
    assert got == {
        "ceo": ["Lea", "Leo", "Nora", "Quinn"],
        "leader A": ["Lea", "Quinn"],
        "leader B": ["Leo", "Quinn"],
        "qa of A": ["Lea", "Quinn"],
        "agent Ada": ["Quinn"],  # an agent is never offered the form (may_review)
        "no access": [],
    }


def test_a_chosen_team_outside_the_scope_adds_nothing(org: Org) -> None:
    """It gives Lea no Bravo agent even when the list is asked for Bravo's people."""
    bravo = [org.teams["Bravo"]]
    with org.engine.connect() as connection:
        found = interaction_queries.agents(
            connection=connection, scope=org.scope("leader A"), team_ids=bravo
        )
    assert found.empty


def test_newest_day_and_volumes_count_only_rows_in_scope(org: Org) -> None:
    """It counts 12 for the CEO, 6 per leader, 3 for Ada, 0 for Nora; newest day 12 Nov."""

    def read(connection: Connection, scope: Scope) -> tuple[object, ...]:
        by_team = queries.volume_by_team(
            connection=connection, window=WINDOW, filters=EVERY, scope=scope
        )
        weekly = queries.weekly_volume_by_team(
            connection=connection, window=WINDOW, filters=EVERY, scope=scope
        )
        return (
            str(queries.newest_interaction_day(connection=connection, scope=scope)),
            queries.interaction_volume(
                connection=connection, window=WINDOW, filters=EVERY, scope=scope
            ),
            dict(zip(by_team.iloc[:, 0], by_team.iloc[:, -1], strict=True)),
            int(weekly.iloc[:, -1].sum()) if len(weekly) else 0,
        )

    assert _each(org, read) == {
        "ceo": ("2026-11-12", 12, {"Alpha": 6, "Bravo": 6}, 12),
        "leader A": ("2026-11-12", 6, {"Alpha": 6}, 6),
        "leader B": ("2026-11-12", 6, {"Bravo": 6}, 6),
        "qa of A": ("2026-11-12", 6, {"Alpha": 6}, 6),
        "agent Ada": ("2026-11-12", 3, {"Alpha": 3}, 3),
        "no access": ("None", 0, {}, 0),
    }


def test_the_interaction_lists_hold_only_rows_in_scope(org: Org) -> None:
    """It lists, page and count, exactly each viewer's agents' interactions."""

    def read(connection: Connection, scope: Scope) -> tuple[list[str], list[str], int]:
        arguments: dict[str, Any] = {
            "connection": connection,
            "window": WINDOW,
            "filters": EVERY,
            "scope": scope,
        }
        listed = interaction_queries.list_page(
            choice=ListChoice(), as_of=AS_OF, page=1, **arguments
        )
        counted = interaction_queries.count_interactions(
            choice=ListChoice(), as_of=AS_OF, **arguments
        )
        plain = queries.interaction_page(page=1, **arguments)
        return org.names(listed["id"]), org.names(plain["id"]), counted

    got = _each(org, read)
    assert got == _expect(SEES_AGENTS, lambda a: (rows_of(a), rows_of(a), len(rows_of(a))))


def test_a_deep_link_opens_only_interactions_in_scope(org: Org) -> None:
    """It opens Ada-1 for the CEO, Lea, Quinn and Ada; for Leo and Nora it is as absent as
    an unknown id (None either way, so ids cannot be probed)."""

    def read(connection: Connection, scope: Scope) -> list[str]:
        opened = [
            name
            for name, number in org.interactions.items()
            if interaction_detail(
                connection=connection, interaction_id=number, scope=scope, as_of=AS_OF
            )
            is not None
        ]
        unknown = interaction_detail(
            connection=connection, interaction_id=999_999, scope=scope, as_of=AS_OF
        )
        assert unknown is None
        return sorted(opened)

    assert _each(org, read) == _expect(SEES_AGENTS, rows_of)


def test_the_team_page_reads_only_its_team_inside_the_scope(org: Org) -> None:
    """Asked for Alpha: Lea and Quinn get Alpha's open work and agents, Leo and Nora
    nothing, Ada only her own."""
    alpha = org.teams["Alpha"]

    def read(connection: Connection, scope: Scope) -> tuple[list[str], list[str]]:
        open_work = queries.open_interactions(
            connection=connection, team_id=alpha, filters=EVERY, scope=scope
        )
        volumes = queries.agent_volumes(
            connection=connection, window=WINDOW, team_id=alpha, filters=EVERY, scope=scope
        )
        return org.names(open_work["id"]), sorted(volumes["agent"])

    in_alpha = {
        name: [a for a in agents if a in ("Ada", "Abe")] for name, agents in SEES_AGENTS.items()
    }
    assert _each(org, read) == _expect(in_alpha, lambda a: (rows_of(a, (2, 3)), a))


def test_the_live_view_reads_only_rows_in_scope(org: Org) -> None:
    """Asked for Alpha: waiting work, promises due and the counters only from Alpha's rows
    the viewer may see; the leader's name and escalations only for a viewer of Alpha."""
    alpha = org.teams["Alpha"]

    def read(connection: Connection, scope: Scope) -> tuple[object, ...]:
        targets = settings.channel_targets(connection)
        common: dict[str, Any] = {"connection": connection, "team_id": alpha, "scope": scope}
        leader = live_queries.team_leader(**common)
        waiting = live_queries.waiting_interactions(as_of=AS_OF, targets=targets, **common)
        promises = live_queries.promises_due(as_of=AS_OF, **common)
        escalations = live_queries.escalations_waiting(
            connection=connection, leader_id=org.people["Lea"], as_of=AS_OF, scope=scope
        )
        counts = live_queries.live_counts(
            as_of=AS_OF, targets=targets, leader_id=org.people["Lea"], **common
        )
        return (
            leader[1] if leader else None,
            org.names(waiting["id"]),
            org.names(promises["interaction_id"]),
            org.names(escalations["id"]),
            (counts.waiting, counts.promises_due, counts.escalations_waiting),
        )

    def expected(agents: list[str]) -> tuple[object, ...]:
        mine = [a for a in agents if a in ("Ada", "Abe")]
        n = len(mine)
        return (None, rows_of(mine, (3,)), rows_of(mine, (3,)), rows_of(mine, (2,)), (n, n, n))

    got = _each(org, read)
    want = _expect(SEES_AGENTS, expected)
    for viewer in ("ceo", "leader A", "qa of A"):  # team-level: the leader's name
        want[viewer] = ("Lea", *want[viewer][1:])
    assert got == want


def test_feedback_themes_quotes_and_comments_stay_in_scope(org: Org) -> None:
    """It counts 12 customers for the CEO's "delivery late", 6 per leader (naming only their
    team), 3 for Ada; quotes, theme rows and CSAT comments only of the viewer's agents."""

    def read(connection: Connection, scope: Scope) -> tuple[object, ...]:
        common: dict[str, Any] = {"window": WINDOW, "scope": scope, "filters": EVERY}
        themes = feedback_queries.recurring_themes(connection, **common)
        quotes = feedback_queries.theme_quotes(
            connection, themes=["delivery late"], per_theme=20, **common
        )
        raised = feedback_queries.theme_interactions(connection, theme="delivery late", **common)
        comments = feedback_queries.csat_comments(connection, **common)
        return (
            dict(
                zip(
                    themes["theme"],
                    zip(themes["customers"], themes["teams"], strict=True),
                    strict=True,
                )
            ),
            org.names(quotes["interaction_id"]),
            org.names(raised["id"]),
            sorted(comments["comment"]),
        )

    def expected(agents: list[str]) -> tuple[object, ...]:
        teams = sorted({"Alpha" if a in ("Ada", "Abe") else "Bravo" for a in agents})
        themes = {"delivery late": (3 * len(agents), ", ".join(teams))} if agents else {}
        return themes, rows_of(agents), rows_of(agents), [f"{a} was great" for a in agents]

    assert _each(org, read) == _expect(SEES_AGENTS, expected)


def test_public_reviews_of_other_teams_never_reach_a_leader(org: Org) -> None:
    """It shows the CEO all three (the one of no team too), each leader their team's, Ada and
    Nora none: a public review is a team's, not an agent's."""

    def read(connection: Connection, scope: Scope) -> list[str]:
        found = queries.public_reviews(
            connection=connection, window=WINDOW, filters=EVERY, scope=scope
        )
        return sorted(found["text"])

    assert _each(org, read) == {
        "ceo": ["Alpha was quick", "Bravo was slow", "Nobody answered"],
        "leader A": ["Alpha was quick"],
        "leader B": ["Bravo was slow"],
        "qa of A": ["Alpha was quick"],
        "agent Ada": [],
        "no access": [],
    }


def test_import_history_and_quarantine_are_the_ceos_only(org: Org) -> None:
    """It shows the one run and its quarantined row to the CEO and to nobody else."""

    def read(connection: Connection, scope: Scope) -> tuple[int, int, int]:
        return (
            len(queries.import_runs(connection=connection, scope=scope)),
            len(queries.quarantined_rows(connection=connection, scope=scope)),
            len(data_queries.quarantine(connection=connection, scope=scope)),
        )

    got = _each(org, read)
    assert got == {name: (1, 1, 1) if name == "ceo" else (0, 0, 0) for name in VIEWERS}


def _number(value: object) -> float | None:
    """A KPI value rounded to 3 places, None where it is undefined (NaN)."""
    number = float(value)  # type: ignore[arg-type]
    return None if number != number else round(number, 3)


@pytest.mark.parametrize("exact_limit", [20_000, 0], ids=["raw rows", "summary cells"])
def test_the_kpi_report_counts_only_rows_in_scope(org: Org, exact_limit: int) -> None:
    """Per team, per agent and in all: volume 6 per team for the CEO, Alpha's 6 for Lea, Ada's
    own 3 (her figures, not her team's) for Ada, nothing for Nora — from raw rows or cells.
    QA 80 wherever a review is seen; public ratings are a team's: (5 + 2 + 1) / 3 for the
    CEO, 5 for Alpha's viewers, 2 for Leo, none for Ada and Nora."""

    def read(connection: Connection, scope: Scope) -> tuple[object, ...]:
        common: dict[str, Any] = {
            "window": WINDOW,
            "as_of": AS_OF,
            "scope": scope,
            "exact_limit": exact_limit,
        }
        by_team = kpi_report(connection, by="team", **common)
        by_agent = kpi_report(connection, by="agent", **common)
        whole = kpi_report(connection, **common).iloc[0]
        return (
            dict(zip(by_team["team"], by_team["volume"].astype(int), strict=True)),
            dict(zip(by_agent["agent"], by_agent["volume"].astype(int), strict=True)),
            _number(whole["volume"]),
            _number(whole["qa_score_avg"]),
            _number(whole["peer_review_rating"]),
        )

    rating = {"ceo": 2.667, "leader A": 5.0, "qa of A": 5.0, "leader B": 2.0}

    def expected(agents: list[str]) -> tuple[object, ...]:
        teams: dict[str, int] = {}
        for agent in agents:
            team = "Alpha" if agent in ("Ada", "Abe") else "Bravo"
            teams[team] = teams.get(team, 0) + 3
        return teams, dict.fromkeys(agents, 3), 3.0 * len(agents), 80.0 if agents else None

    got = _each(org, read)
    want = {name: (*expected(agents), rating.get(name)) for name, agents in SEES_AGENTS.items()}
    assert got == want


def test_walk_the_talk_lists_only_the_leaders_of_teams_in_scope(org: Org) -> None:
    """It sets Lea beside Alpha for Lea and Quinn, Leo beside Bravo for Leo, both for the CEO,
    no leader for Ada (a team-level figure) or Nora."""

    def read(connection: Connection, scope: Scope) -> list[str]:
        found = leaders.walk_the_talk(connection, window=WINDOW, as_of=AS_OF, scope=scope)
        return sorted(set(found.kpis["team"])) if len(found.kpis) else []

    assert _each(org, read) == SEES_TEAMS
