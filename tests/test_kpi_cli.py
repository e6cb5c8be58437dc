"""``pulse kpis`` as ``design/data.md`` specifies it: table, JSON and CSV, and clear refusals."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine

from kpis.registry import IDS
from pulse_cli.main import main
from tests.kpi_builders import Desk, at

HOUR = 3600


@pytest.fixture
def desk(engine: Engine) -> Desk:
    """Billing: Ada answered two emails in 1 h and 3 h; Returns: one phone answered in 10 s."""
    desk = Desk(engine)
    desk.team("Billing")
    desk.team("Returns")
    desk.person("Ada", team="Billing")
    desk.interaction(created=at(0, 10), agent="Ada", answered_after=HOUR, csat=5)
    desk.interaction(created=at(1, 10), agent="Ada", answered_after=3 * HOUR, csat=3)
    desk.interaction(created=at(2, 10), team="Returns", channel="phone", answered_after=10)
    desk.save()
    return desk


def pulse(capsys: pytest.CaptureFixture[str], url: str, *options: str) -> tuple[int, str, str]:
    status = main(["kpis", "--db", url, "--start", "2026-03-02", "--end", "2026-03-09", *options])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_has_every_kpi_in_every_group_and_utc_times(
    desk: Desk, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """By team: Billing has 2 interactions, first response median 2 h, CSAT 4; Returns has 1.

    Every group lists all 21 KPI ids, null where undefined; times are ISO 8601 UTC.
    """
    status, out, _ = pulse(
        capsys,
        database_url,
        "--as-of",
        "2026-03-10T12:00:00+01:00",
        "--by",
        "team",
        "--format",
        "json",
    )
    assert status == 0
    document = json.loads(out)
    assert document["start"] == "2026-03-02T00:00:00Z"
    assert document["end"] == "2026-03-09T00:00:00Z"
    assert document["as_of"] == "2026-03-10T11:00:00Z"
    groups = {g["key"]["team"]: g["kpis"] for g in document["groups"]}
    assert groups["Billing"]["volume"] == 2
    assert groups["Billing"]["first_response_median"] == 2 * HOUR
    assert groups["Billing"]["csat_avg"] == 4.0
    assert groups["Returns"]["volume"] == 1
    assert groups["Returns"]["csat_avg"] is None
    assert all(list(kpis) == list(IDS) for kpis in groups.values())


def test_json_without_by_has_one_group_with_an_empty_key(
    desk: Desk, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --by there is one group, key {}, volume 3; a channel filter keeps the phone only."""
    _, out, _ = pulse(capsys, database_url, "--format", "json")
    (group,) = json.loads(out)["groups"]
    assert group["key"] == {} and group["kpis"]["volume"] == 3
    _, out, _ = pulse(capsys, database_url, "--format", "json", "--channel", "phone")
    assert json.loads(out)["groups"][0]["kpis"]["volume"] == 1


def test_csv_and_table(desk: Desk, database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """CSV by agent has Ada's row with volume 2; the table shows labels and "—" for no value."""
    _, out, _ = pulse(capsys, database_url, "--by", "agent", "--format", "csv")
    rows = {row["agent"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["Ada"]["volume"] == "2"
    assert rows["(no agent)"]["volume"] == "1"
    _, out, _ = pulse(capsys, database_url, "--team", "Billing", "--agent", "ada")
    assert "First response (median)" in out and "2.0 h" in out and "—" in out


def test_unknown_team_is_a_clear_error_with_exit_2(
    desk: Desk, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown team name exits 2 and names the known teams; so does a bad date."""
    status, out, err = pulse(capsys, database_url, "--team", "Billingg")
    assert status == 2 and out == ""
    assert "unknown team 'Billingg'" in err and "Billing, Returns" in err
    status, _, err = pulse(capsys, database_url, "--as-of", "yesterday")
    assert status == 2 and "--as-of" in err
