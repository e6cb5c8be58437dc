"""The Overview's "walking the talk" table follows the sidebar's teams and channels."""

from __future__ import annotations

import pytest
from app_harness import open_app, table, texts

from data_sources.engine import make_engine
from tests.kpi_builders import MONDAY, Desk, at

HOUR = 3600


def _desk(url: str) -> int:
    """Lena leads Billing, Rui leads Returns. Three escalations of Ada's to Lena (two chats,
    one email); Lena's own chat and call; one Returns email. Returns Billing's id."""
    desk = Desk(make_engine(url))
    billing = desk.team("Billing", leader="Lena")
    desk.team("Returns", leader="Rui")
    desk.person("Ada", team="Billing")
    desk.person("Ola", team="Returns")
    common = {"agent": "Ada", "escalated": True, "escalated_to": "Lena", "escalated_after": 0}
    desk.interaction(created=at(1), channel="chat", picked_up_after=HOUR, **common)
    desk.interaction(created=at(2), channel="chat", picked_up_after=3 * HOUR, **common)
    desk.interaction(created=at(2), channel="email", picked_up_after=9 * HOUR, **common)
    desk.interaction(created=at(3), channel="chat", agent="Lena", answered_after=30)
    desk.interaction(created=at(3), channel="phone", agent="Lena", answered_after=5)
    desk.interaction(created=at(3), channel="email", agent="Ola", answered_after=60)
    desk.save()
    return billing.id or 0


def _walk(url: str, monkeypatch: pytest.MonkeyPatch, **params: str) -> tuple[list[object], str]:
    first = MONDAY.date().isoformat()
    app = open_app(monkeypatch, url, start=first, end=at(6).date().isoformat(), **params)
    assert not app.exception
    rows = table(app, "leader", "Escalations received")
    return rows[["team", "leader", "Escalations received"]].values.tolist(), texts(app)


def test_every_team_and_channel_without_filters(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both leaders; Lena received three escalations; every channel counts."""
    _desk(database_url)
    rows, shown = _walk(database_url, monkeypatch)
    assert rows == [["Billing", "Lena", 3], ["Returns", "Rui", 0]]
    assert "The sidebar's teams choose the rows; every channel counts." in shown


def test_billing_and_chat_only(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """?team=Billing&channel=chat: Lena alone, her two chat escalations; the page says so."""
    billing = _desk(database_url)
    rows, shown = _walk(database_url, monkeypatch, team=str(billing), channel="chat")
    assert rows == [["Billing", "Lena", 2]]
    assert "only chat interactions count" in shown
