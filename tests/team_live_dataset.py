"""A team whose waiting work can be checked by hand, laid out relative to a moment ``as_of``.

Billing (leader Lena, agent Ann) and Returns (agent Bob). Response targets are the defaults:
email 24 h, chat 60 s.

Waiting for a first answer (unanswered, unresolved), Billing:
- an email of 20 h ago: 20/24 = 83 % of its target, at risk;
- an email of 25 h ago: 104 %, breached;
- a chat of 30 s ago: 50 %, inside its target.
Not waiting: an email answered after 5 min but still open (it carries the promises), a phone call
resolved without an answer, and Returns' email of 30 h ago (another team).

Promises (unkept unless said): on Billing's answered email, due in 5 h (listed), due in 30 h
(not listed), due 3 h ago (overdue), due in 2 h but kept (not listed); on Returns', due in 1 h.

Escalations to Lena: one sent 3 h ago, not picked up (waits 3.0 h); one sent 5 h ago and picked
up after 1 h. Lena herself answered one Billing email within 5 min and resolved it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kpi_builders import Desk
from sqlalchemy import Engine

HOUR = 3600


@dataclass(frozen=True)
class TeamLive:
    billing: int
    returns: int
    lena: int
    ann: int
    at_risk_email: int
    breached_email: int
    new_chat: int
    answered_email: int
    waiting_escalation: int


def fill(engine: Engine, as_of: datetime) -> TeamLive:
    desk = Desk(engine)
    desk.team("Billing", leader="Lena")
    desk.person("Ann", team="Billing")
    desk.team("Returns")
    desk.person("Bob", team="Returns")

    def ago(seconds: float) -> datetime:
        return as_of - timedelta(seconds=seconds)

    at_risk = desk.interaction(created=ago(20 * HOUR), agent="Ann")
    breached = desk.interaction(created=ago(25 * HOUR), agent="Ann")
    chat = desk.interaction(created=ago(30), channel="chat", agent="Ann")
    answered = desk.interaction(created=ago(2 * HOUR), agent="Ann", answered_after=300)
    desk.interaction(created=ago(10 * HOUR), channel="phone", agent="Ann", resolved_after=60)
    other = desk.interaction(created=ago(30 * HOUR), team="Returns", agent="Bob")
    for due, kept in ((5, None), (30, None), (-3, None), (2, ago(-1 * HOUR))):
        desk.promise(answered, due=ago(-due * HOUR), kept=kept)
    desk.promise(other, due=ago(-1 * HOUR))
    waiting = desk.interaction(
        created=ago(4 * HOUR),
        agent="Ann",
        answered_after=60,
        escalated=True,
        escalated_to="Lena",
        escalated_after=HOUR,
    )
    desk.interaction(
        created=ago(6 * HOUR),
        agent="Ann",
        answered_after=60,
        escalated=True,
        escalated_to="Lena",
        escalated_after=HOUR,
        picked_up_after=2 * HOUR,
    )
    desk.interaction(created=ago(3 * HOUR), agent="Lena", answered_after=300, resolved_after=600)
    desk.save()
    ids = {name: int(team.id or 0) for name, team in desk.teams.items()}
    people = {name: int(person.id or 0) for name, person in desk.people.items()}
    return TeamLive(
        billing=ids["Billing"],
        returns=ids["Returns"],
        lena=people["Lena"],
        ann=people["Ann"],
        at_risk_email=int(at_risk.id or 0),
        breached_email=int(breached.id or 0),
        new_chat=int(chat.id or 0),
        answered_email=int(answered.id or 0),
        waiting_escalation=int(waiting.id or 0),
    )
