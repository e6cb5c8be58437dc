"""The Asterisk readers translate queue_log events and Master.csv records the docs describe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from data_sources.importing.systems import asterisk_cdr, asterisk_queue_log

FIXTURES = Path(__file__).parent / "data" / "systems" / "asterisk"


def _calls() -> dict:
    rows = asterisk_queue_log.read(FIXTURES / "queue_log", tz=UTC)
    return {row.values["interaction_id"]: row for row in rows}


def _at(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def test_each_queued_call_is_one_phone_interaction_and_housekeeping_is_skipped() -> None:
    """Six calls entered a queue; QUEUESTART and ADDMEMBER lines are not calls."""
    calls = _calls()
    assert sorted(calls) == [
        "1793610100.11",
        "1793610200.21",
        "1793610300.31",
        "1793610600.41",
        "1793610900.51",
        "1793611100.61",
    ]
    assert {row.values["channel"] for row in calls.values()} == {"phone"}


def test_a_call_connected_after_12_seconds_is_answered_12_seconds_after_it_came_in() -> None:
    """ENTERQUEUE then CONNECT with holdtime 12, then COMPLETECALLER: answered and resolved."""
    row = _calls()["1793610100.11"]
    values = row.values
    assert row.line == 3
    assert values["created_at"] == _at(1793610100)
    assert values["first_response_at"] - values["created_at"] == timedelta(seconds=12)
    assert values["resolved_at"] == _at(1793610400)
    assert values["team"] == "support"
    assert values["agent"] == "PJSIP/201"
    assert values["customer_id"] == "+441234500001"
    assert values["transfers"] == 0


def test_an_abandoned_call_has_no_first_response_and_is_closed() -> None:
    """ABANDON after 45 s in the billing queue: no answer, no resolution."""
    values = _calls()["1793610200.21"].values
    assert values["first_response_at"] is None
    assert values["status"] == "closed"
    assert "resolved_at" not in values


def test_a_transfer_into_another_queue_stays_one_call_with_one_transfer() -> None:
    """BLINDTRANSFER from support, answered again in billing, completed there."""
    values = _calls()["1793610300.31"].values
    assert values["transfers"] == 1
    assert values["team"] == "support"
    assert values["agent"] == "PJSIP/203"
    assert values["first_response_at"] == _at(1793610330)
    assert values["resolved_at"] == _at(1793610800)


def test_a_call_transferred_out_of_the_queues_ends_there() -> None:
    """TRANSFER to extension 8000 and no further event: handed on at the transfer."""
    values = _calls()["1793610600.41"].values
    assert values["transfers"] == 1
    assert values["resolved_at"] == _at(1793610700)


def test_a_timeout_closes_and_a_waiting_call_stays_open() -> None:
    """EXITWITHTIMEOUT is closed unanswered; the sales call still waits at the end."""
    calls = _calls()
    assert calls["1793610900.51"].values["status"] == "closed"
    waiting = calls["1793611100.61"].values
    assert waiting["first_response_at"] is None
    assert "status" not in waiting and "resolved_at" not in waiting


def test_an_unreadable_time_on_a_new_call_is_reported(tmp_path: Path) -> None:
    """A damaged ENTERQUEUE line comes out as a row with the reason and its line."""
    log = tmp_path / "queue_log"
    log.write_text("17936x0100|1.1|support||ENTERQUEUE||+44|1\n")
    rows = list(asterisk_queue_log.read(log, tz=UTC))
    assert len(rows) == 1
    assert rows[0].line == 1
    assert rows[0].problem is not None and rows[0].problem[0] == "created_at"


def _records() -> list:
    return list(asterisk_cdr.read(FIXTURES / "Master.csv", tz=ZoneInfo("Europe/Berlin")))


def test_an_answered_cdr_is_read_in_the_pbx_time_zone() -> None:
    """09:00 in Berlin in November is 08:00 UTC; answered 8 s later, ended 5 min after that."""
    values = _records()[0].values
    assert values["interaction_id"] == "1793606400.1"
    assert values["created_at"] == datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    assert values["first_response_at"] == datetime(2026, 11, 2, 8, 0, 8, tzinfo=UTC)
    assert values["resolved_at"] == datetime(2026, 11, 2, 8, 5, 8, tzinfo=UTC)
    assert values["status"] == "resolved"
    assert values["team"] == "billing"
    assert values["agent"] == "PJSIP/201"
    assert values["customer_id"] == "+441234500001"
    assert values["customer_name"] == "Ada Lovelace"


def test_an_unanswered_cdr_is_closed_without_response() -> None:
    """NO ANSWER: no first response, no agent; no account code, so the context is the team."""
    values = _records()[1].values
    assert values["first_response_at"] is None
    assert values["agent"] is None
    assert values["status"] == "closed"
    assert values["team"] == "support-in"


def test_a_cdr_without_uniqueid_is_keyed_by_channel_and_start() -> None:
    """A 16-field record (loguniqueid off) still gets an id that repeats on re-import."""
    values = _records()[2].values
    assert values["interaction_id"] == "PJSIP/trunk-00000005@2026-11-02 09:20:00"
    assert values["customer_name"] is None
