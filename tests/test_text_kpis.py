"""The text KPIs (apology, courtesy, banned phrases, blame, wrong names) on a tiny desk.

Orders has five interactions with agent messages, written and analysed as a writer does it
(cells refreshed, then the transcripts analysed, in one transaction):

1. complaint; "Hi Thomas, I'm so sorry … Thank you for your patience."   apology, thanks, name
2. complaint; "Hi Tomas, I'm so sorry … Thanks for waiting."             apology, thanks, wrong name
3. complaint; "I'm so sorry. The courier lost your parcel."              apology, blame
4. complaint; "… it's company policy. Thank you."                        thanks, banned phrase
5. a question; "Done, thank you for letting us know."                    thanks

So apology 3/4 = 0.75, courtesy 4/5 = 0.8, banned 1/5 = 0.2, blame 1/5 = 0.2 and wrong names
1 of the 2 addressed by name = 0.5. Returns has one interaction where only the customer wrote
(no complaint): every text KPI is null there, never 0. Both databases, both read paths.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from alembic import command
from sqlalchemy import Engine, select
from sqlmodel import Session

from dashboard.overview_figures import KPI_FLAGS
from data_sources.aggregates import refresh_after_write, refresh_everything
from data_sources.importing.pipeline import import_file
from data_sources.interaction_queries import ListChoice, count_interactions, list_page
from data_sources.models import Customer, Interaction, KpiCell, Message, Person, Team
from data_sources.queries import Filters
from data_sources.report import kpi_report
from data_sources.schema import alembic_config
from data_sources.scope import Scope
from data_sources.setting_changes import InvalidSetting
from data_sources.target_settings import target_from_entry
from data_sources.transcript_analysis import analyse_after_write
from kpis.facts import TEXT_COUNTERS
from kpis.transcripts import PhraseLists
from kpis.window import Window

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
WEEK = Window(MONDAY, MONDAY + timedelta(days=7))
COMPLAINT = "My parcel never arrived and this is unacceptable."
QUESTION = "Could you change my delivery address?"
ORDERS = (
    (COMPLAINT, "Hi Thomas, I'm so sorry your parcel is late. Thank you for your patience."),
    (COMPLAINT, "Hi Tomas, I'm so sorry your parcel is late. Thanks for waiting."),
    (COMPLAINT, "I'm so sorry. The courier lost your parcel."),
    (COMPLAINT, "I can't refund it, it's company policy. Thank you."),
    (QUESTION, "Done, thank you for letting us know."),
)
TEXT_KPIS = ("apology_rate", "courtesy_rate", "banned_phrase_rate", "blame_rate", "name_error_rate")
EXPECTED_ORDERS = {
    "apology_rate": 0.75,
    "courtesy_rate": 0.8,
    "banned_phrase_rate": 0.2,
    "blame_rate": 0.2,
    "name_error_rate": 0.5,
}


IMPORTED_INTERACTIONS = (
    "interaction_id,created_at,channel,team,agent,customer_id,customer_name,customer_title\n"
    "T-1,2026-03-03T09:00:00Z,email,Billing,Ann,C-1,Thomas,Mrs\n"
    "T-2,2026-03-03T10:00:00Z,chat,Billing,Ann,C-2,Lopez,Mr\n"
)
IMPORTED_MESSAGES = """interaction_id,sent_at,author_role,author,text
T-1,2026-03-03T09:00:00Z,customer,Thomas,My invoice is wrong again and I am fed up.
T-1,2026-03-03T09:30:00Z,agent,Ann,"Hello Mr Thomas, I'm sorry, but it's company policy."
T-2,2026-03-03T10:00:00Z,customer,Lopez,Can I change my billing address?
T-2,2026-03-03T10:01:00Z,agent,Ann,"Hello Mr Lopez, thank you for asking, it is done."
"""


def _desk(engine: Engine) -> list[int]:
    """The desk above; returns the interaction ids. Orders' interactions fall on two days."""
    with Session(engine) as session:
        orders, returns = Team(name="Orders"), Team(name="Returns")
        session.add_all([orders, returns])
        session.flush()
        ada = Person(key="ada", name="Ada", team_id=orders.id)
        customer = Customer(source="test", external_id="c1", name="Thomas Grant", title="Mr")
        session.add_all([ada, customer])
        session.flush()
        said = [(orders.id, ada.id, pair) for pair in ORDERS] + [(returns.id, None, (QUESTION,))]
        ids = []
        for number, (team_id, agent_id, texts) in enumerate(said):
            created = MONDAY + timedelta(days=number % 2, hours=9 + number)
            row = Interaction(
                source="test",
                external_id=f"t{number}",
                channel="email",
                created_at=created,
                team_id=team_id,
                agent_id=agent_id,
                customer_id=customer.id,
            )
            session.add(row)
            session.flush()
            for position, text in enumerate(texts):
                role = "customer" if position == 0 else "agent"
                session.add(
                    Message(
                        interaction_id=row.id,
                        position=position,
                        sent_at=created + timedelta(minutes=position),
                        author_role=role,
                        text=text,
                    )
                )
            ids.append(int(row.id or 0))
        session.commit()
    with engine.begin() as connection:
        refresh_after_write(connection, days=[MONDAY.date(), MONDAY.date() + timedelta(days=1)])
        analyse_after_write(connection, interaction_ids=ids)
    return ids


def _report(engine: Engine, path: str, **options: Any) -> pd.DataFrame:
    with engine.connect() as connection:
        return kpi_report(
            connection,
            window=WEEK,
            as_of=MONDAY + timedelta(days=10),
            scope=Scope.everything(),
            exact_limit=10**9 if path == "exact" else 0,
            **options,
        )


def _values(frame: pd.DataFrame, key: str, name: str) -> dict[str, float]:
    row = frame[frame[key] == name].iloc[0]
    return {kpi_id: float(row[kpi_id]) for kpi_id in TEXT_KPIS}


def _text_cells(engine: Engine) -> list[tuple[Any, ...]]:
    cell = KpiCell.__table__  # type: ignore[attr-defined]
    keys = (cell.c.agent_key, cell.c.day, cell.c.team_id, cell.c.channel)
    query = select(*keys, *(cell.c[name] for name in TEXT_COUNTERS)).order_by(*keys)
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query)]


@pytest.fixture(params=["exact", "cells"])
def read_path(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_text_kpis_per_team_are_the_hand_counted_rates(engine: Engine, read_path: str) -> None:
    """Orders: 0.75, 0.8, 0.2, 0.2, 0.5; Returns (no agent message, no complaint): all null."""
    _desk(engine)
    frame = _report(engine, read_path, by="team")
    assert _values(frame, "team", "Orders") == pytest.approx(EXPECTED_ORDERS)
    assert all(math.isnan(v) for v in _values(frame, "team", "Returns").values())


def test_text_kpis_per_agent_and_per_day(engine: Engine, read_path: str) -> None:
    """Ada is Orders' only agent: her figures are the team's. Monday holds interactions 1, 3
    and 5 (0-based 0, 2, 4): complaints 1 and 3 both apologised (1.0), thanks in 1 and 5
    (2/3), the blame of 3 (1/3); Tuesday holds 2 and 4 and Returns' one interaction."""
    _desk(engine)
    by_agent = _report(engine, read_path, by="agent")
    assert _values(by_agent, "agent", "Ada") == pytest.approx(EXPECTED_ORDERS)
    by_day = _report(engine, read_path, by="day", teams=[_team_id(engine, "Orders")])
    monday = _values(by_day, "day", "2026-03-02")
    assert monday["apology_rate"] == 1.0
    assert monday["courtesy_rate"] == pytest.approx(2 / 3)
    assert monday["blame_rate"] == pytest.approx(1 / 3)
    assert monday["banned_phrase_rate"] == 0.0
    tuesday = _values(by_day, "day", "2026-03-03")
    assert tuesday["apology_rate"] == 0.5  # 2 apologised, 4 not
    assert tuesday["banned_phrase_rate"] == 0.5
    assert tuesday["name_error_rate"] == 1.0  # only "Tomas" addressed by name that day


def _team_id(engine: Engine, name: str) -> int:
    with Session(engine) as session:
        team = session.exec(select(Team).where(Team.name == name)).scalar_one()  # type: ignore[call-overload]
        return int(team.id)


def test_cells_kept_by_the_analysis_equal_cells_rebuilt_from_the_flags(engine: Engine) -> None:
    """The counters the analysis added to the cells (day, team and week roll-ups) are exactly
    those a full rebuild from the stored flags gives."""
    _desk(engine)
    kept = _text_cells(engine)
    assert sum(row[4] for row in kept if row[0] == -1 and row[3] == "*") == 5  # agent_spoke
    with engine.begin() as connection:
        refresh_everything(connection)
    assert _text_cells(engine) == kept


def test_re_analysing_with_an_edited_list_moves_the_cells(engine: Engine) -> None:
    """Banning "for your patience" as well flags interaction 1 too: 2/5 = 0.4 from the cells;
    analysing again with the defaults brings it back to 0.2, and again changes nothing."""
    ids = _desk(engine)
    edited = PhraseLists.from_entries(
        [("banned", "company policy"), ("banned", "for your patience")]
    )
    with engine.begin() as connection:
        analyse_after_write(connection, interaction_ids=ids, phrases=edited)
    frame = _report(engine, "cells", by="team")
    assert _values(frame, "team", "Orders")["banned_phrase_rate"] == pytest.approx(0.4)
    with engine.begin() as connection:
        analyse_after_write(connection, interaction_ids=ids)
    before = _text_cells(engine)
    assert _values(_report(engine, "cells", by="team"), "team", "Orders")[
        "banned_phrase_rate"
    ] == pytest.approx(0.2)
    with engine.begin() as connection:
        analyse_after_write(connection, interaction_ids=ids)
    assert _text_cells(engine) == before


def test_the_migration_fills_the_counters_of_an_analysed_database(engine: Engine) -> None:
    """Down to 0004 (flags stored, no counters) and up again: the counters are back, equal to
    those the analysis kept."""
    _desk(engine)
    kept = _text_cells(engine)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
        command.upgrade(config, "head")
    assert _text_cells(engine) == kept


@pytest.mark.parametrize(
    ("flag", "numbers"),
    [
        ("no_apology", [4]),  # the complaint answered with "company policy"
        ("no_thanks", [3]),  # "I'm so sorry. The courier lost your parcel."
        ("banned_phrase", [4]),
        ("blamed", [3]),
        ("wrong_name", [2]),  # "Hi Tomas"
    ],
)
def test_each_text_kpi_opens_the_interactions_behind_its_shortfall(
    engine: Engine, flag: str, numbers: list[int]
) -> None:
    """The Interactions page's flag behind each text KPI (what a grid cell opens) lists
    exactly the interactions the KPI counts against the team, in the list and its total."""
    ids = _desk(engine)
    options: dict[str, Any] = {
        "window": WEEK,
        "filters": Filters(),
        "choice": ListChoice(flags=(flag,)),
        "scope": Scope.everything(),
        "as_of": MONDAY + timedelta(days=10),
    }
    with engine.connect() as connection:
        listed = list_page(connection=connection, page=0, **options)
        total = count_interactions(connection=connection, **options)
    assert sorted(listed["id"]) == [ids[n - 1] for n in numbers]
    assert total == len(numbers)
    assert (
        KPI_FLAGS[
            {
                "no_apology": "apology_rate",
                "no_thanks": "courtesy_rate",
                "banned_phrase": "banned_phrase_rate",
                "blamed": "blame_rate",
                "wrong_name": "name_error_rate",
            }[flag]
        ]
        == flag
    )


def test_a_zero_target_is_kept_where_the_contract_sets_one() -> None:
    """Wrong names: 0 % is the contract's target and may be entered; escalated 0 % may not."""
    assert target_from_entry("name_error_rate", 0.0) == 0.0
    assert target_from_entry("name_error_rate", 0.5) == 0.005
    with pytest.raises(InvalidSetting, match="more than 0 %"):
        target_from_entry("escalation_ratio", 0.0)
    with pytest.raises(InvalidSetting, match="at most 100 %"):
        target_from_entry("name_error_rate", 101.0)


def test_text_kpis_of_an_import_read_from_the_cells(engine: Engine, tmp_path: Path) -> None:
    """The import test's two interactions (Mrs Thomas complains, gets "sorry" and "company
    policy" as "Mr Thomas"; Mr Lopez is thanked by name), imported twice: from the cells,
    apology 1/1, courtesy 1/2, banned 1/2, wrong names 1/2, no blame, the same as from the
    raw rows, and re-importing changes nothing."""
    (tmp_path / "interactions.csv").write_text(IMPORTED_INTERACTIONS)
    (tmp_path / "messages.csv").write_text(IMPORTED_MESSAGES)
    expected = {
        "apology_rate": 1.0,
        "courtesy_rate": 0.5,
        "banned_phrase_rate": 0.5,
        "blame_rate": 0.0,
        "name_error_rate": 0.5,
    }
    for _ in range(2):
        for name in ("interactions.csv", "messages.csv"):
            assert import_file(engine, tmp_path / name).quarantined == 0
        for path in ("cells", "exact"):
            assert _values(_report(engine, path, by="team"), "team", "Billing") == expected
