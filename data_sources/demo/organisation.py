"""Who works in the demo organisation: teams with leaders, agents, QA staff, a head of service.

The people are made from short name lists with a seeded generator, so the same seed gives the
same names. Person keys start with ``demo:`` so the demo's own people can be told apart from
people an import or an administrator added.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from data_sources.models import Role

PERSON_KEY_PREFIX = "demo:"
EMAIL_DOMAIN = "demo.service-pulse.example"

# Team name -> number of agents (80 in all) and the topics its customers raise.
TEAMS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("Billing", 10, ("invoice query", "double charge", "refund status")),
    ("Orders & Delivery", 10, ("late delivery", "missing parcel", "change delivery address")),
    ("Returns", 9, ("return label", "refund after return", "damaged item")),
    ("Technical Support", 9, ("device fault", "wifi setup", "app crash")),
    ("Accounts", 9, ("password reset", "update details", "close account")),
    ("Loyalty", 8, ("points missing", "voucher not applied")),
    ("Social Care", 8, ("public complaint", "general question")),
    ("Business Customers", 9, ("bulk order", "invoice terms")),
    ("Payments", 8, ("card declined", "payment plan")),
)
QA_STAFF = 4

FIRST_NAMES = (
    "Amira", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
    "Keira", "Liam", "Maya", "Noah", "Olivia", "Pavel", "Quinn", "Rosa", "Samir", "Tara",
    "Umar", "Vera", "Wes", "Xena", "Yusuf", "Zoe", "Aidan", "Bianca", "Caleb", "Dana",
    "Emil", "Freya", "Gabriel", "Hana", "Isaac", "Jade", "Kofi", "Lena", "Mateo", "Nina",
)  # fmt: skip
LAST_NAMES = (
    "Adams", "Baker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Ivanova",
    "Jensen", "Khan", "Lopez", "Murphy", "Novak", "Okafor", "Patel", "Quinn", "Rossi",
    "Schmidt", "Thomas", "Umarov", "Varga", "Walsh", "Xu", "Yilmaz", "Zielinski", "Brennan",
    "Castillo", "Doyle", "Eriksen", "Fontaine", "Gallagher", "Horvat", "Ito", "Kowalski",
)  # fmt: skip


@dataclass
class Person:
    key: str
    name: str
    role: str
    team: str | None


@dataclass
class Organisation:
    """The people of the demo, in the order their ids are assigned."""

    people: list[Person] = field(default_factory=list)

    def of_team(self, team: str, role: str) -> list[int]:
        """Indexes (into ``people``) of the team's people with ``role``."""
        return [i for i, p in enumerate(self.people) if p.team == team and p.role == role]

    def with_role(self, role: str) -> list[int]:
        return [i for i, p in enumerate(self.people) if p.role == role]

    def leader_of(self, team: str) -> int:
        return self.of_team(team, Role.LEADER)[0]


def team_names() -> list[str]:
    return [name for name, _, _ in TEAMS]


def build_organisation(rng: np.random.Generator) -> Organisation:
    """Every person of the demo with a distinct name, drawn from ``rng``."""
    headcount = 2 + QA_STAFF + sum(agents + 1 for _, agents, _ in TEAMS)
    pairs = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    chosen = rng.choice(len(pairs), size=headcount, replace=False)
    names = iter(f"{pairs[i][0]} {pairs[i][1]}" for i in chosen)
    organisation = Organisation()

    def hire(role: str, team: str | None) -> None:
        number = len(organisation.people) + 1
        key = f"{PERSON_KEY_PREFIX}{role}-{number:03d}"
        organisation.people.append(Person(key=key, name=next(names), role=role, team=team))

    hire(Role.CEO, None)
    hire(Role.MANAGER, None)
    for _ in range(QA_STAFF):
        hire(Role.QA, None)
    for team, agents, _ in TEAMS:
        hire(Role.LEADER, team)
        for _ in range(agents):
            hire(Role.AGENT, team)
    return organisation


def email_of(person: Person) -> str:
    local = person.name.lower().replace(" ", ".")
    return f"{local}.{person.key.rsplit('-', 1)[1]}@{EMAIL_DOMAIN}"
