"""SQL metacharacters in names and filters, and formula-leading names in downloads.

Teams and agents named ``'``, ``"``, ``;``, ``--``, ``%``, ``_``, ``\\`` (and mixtures) are
imported through the real importer, stored exactly, and found exactly by every filter that
takes a name or words: ``pulse kpis --team/--agent`` and the quarantine's "reason contains"
(``%`` and ``_`` are not wildcards there). Both databases.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from import_support import rows, run
from sqlalchemy import Engine

from data_sources.data_queries import quarantine
from data_sources.scope import Scope
from pulse_cli.main import main

# Team number i has i + 1 interactions, so each team's volume names it.
TEAMS = (
    "'", '"', ";", "--", "%", "_", "\\", "O'Brien; DROP TABLE team;--", "100% _done_", "a_c",
    "abc", '=HYPERLINK("http://x.invalid","y")', "+1 555", "@SUM(1)",
)  # fmt: skip


def organisation(engine: Engine, directory: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["interaction_id", "created_at", "channel", "team", "agent"])
    number = 0
    for position, team in enumerate(TEAMS):
        for _ in range(position + 1):
            number += 1
            day = 2 + number % 5
            writer.writerow([f"M{number}", f"2026-03-0{day}T10:00:00Z", "chat", team, team * 2])
    summary = run(engine, directory, out.getvalue(), name="metacharacters.csv")
    assert (summary.status, summary.inserted, summary.quarantined) == ("done", number, 0)


def kpis(capsys: pytest.CaptureFixture[str], url: str, *options: str) -> tuple[int, str, str]:
    status = main(["kpis", "--db", url, "--start", "2026-03-01", "--end", "2026-03-09", *options])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_names_are_stored_exactly(engine: Engine, tmp_path: Path) -> None:
    """The 14 team names and their doubled agent names come back byte for byte."""
    organisation(engine, tmp_path)
    assert sorted(r[0] for r in rows(engine, "SELECT name FROM team")) == sorted(TEAMS)
    agents = sorted(r[0] for r in rows(engine, "SELECT name FROM person"))
    assert agents == sorted(team * 2 for team in TEAMS)


def test_each_team_is_found_by_its_own_name_only(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--team "_" is 6 interactions (not all 105), "%" 5, "a_c" 10 (not abc's 11)."""
    organisation(engine, tmp_path)
    for position, team in enumerate(TEAMS):
        if team == "--":
            continue  # argparse reads a value "--" as the end of options (reported, not ours)
        status, out, err = kpis(capsys, database_url, f"--team={team}", "--format", "json")
        assert status == 0, err
        [group] = json.loads(out)["groups"]
        assert group["kpis"]["volume"] == position + 1, team
    status, out, _ = kpis(capsys, database_url, "--agent", "__", "--format", "json")
    assert json.loads(out)["groups"][0]["kpis"]["volume"] == 6


def test_a_like_pattern_is_not_a_team(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "a%" and "ab_" name no team: exit 2 and "unknown team", nothing matched by pattern."""
    organisation(engine, tmp_path)
    for pattern in ("a%", "ab_", "%%", "O'Brien%"):
        status, _, err = kpis(capsys, database_url, f"--team={pattern}")
        assert status == 2
        assert f"unknown team {pattern!r}" in err


def test_the_kpi_csv_neutralises_formula_leading_names(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """By team: "=HYPERLINK…", "+1 555", "@SUM(1)" and "--" get a leading ', others stay."""
    organisation(engine, tmp_path)
    status, out, _ = kpis(capsys, database_url, "--by", "team", "--format", "csv")
    assert status == 0
    volumes = {row["team"]: row["volume"] for row in csv.DictReader(io.StringIO(out))}
    assert volumes['\'=HYPERLINK("http://x.invalid","y")'] == "12"
    assert volumes["'+1 555"] == "13"
    assert volumes["'@SUM(1)"] == "14"
    assert volumes["'--"] == "4"
    assert volumes["%"] == "5"
    assert volumes["O'Brien; DROP TABLE team;--"] == "8"
    assert not any(name.startswith(("=", "+", "-", "@")) for name in volumes)


def test_the_quarantine_reason_filter_takes_wildcards_literally(
    engine: Engine, tmp_path: Path
) -> None:
    """Channels "50%", "a_b" and "x'y" are quarantined; "%" finds one row, "_" one, "'" all
    three (every reason quotes its value in '…'), "\\" none."""
    content = (
        "interaction_id,created_at,channel,team\n"
        "W1,2026-03-02T10:00:00Z,50%,Billing\n"
        "W2,2026-03-02T10:00:00Z,a_b,Billing\n"
        "W3,2026-03-02T10:00:00Z,x'y,Billing\n"
    )
    summary = run(engine, tmp_path, content)
    assert summary.quarantined == 3
    with engine.connect() as connection:

        def matching(words: str) -> list[str]:
            found = quarantine(
                connection=connection, scope=Scope.everything(), reason_contains=words
            )
            return sorted(json.loads(raw)["interaction_id"] for raw in found["raw"])

        assert matching("%") == ["W1"]
        assert matching("_") == ["W2"]
        assert matching("50%") == ["W1"]
        assert matching("x'y") == ["W3"]
        assert matching("'") == ["W1", "W2", "W3"]
        assert matching("\\") == []
        assert matching("a%b") == []
