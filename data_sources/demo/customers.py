"""The demo's customers: a name and a title each, as a CRM record would hold them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CUSTOMER_FIRST = (
    ("Anna", "f"), ("Sarah", "f"), ("Mary", "f"), ("Fatima", "f"), ("Julia", "f"),
    ("Sofia", "f"), ("Emma", "f"), ("Priya", "f"), ("Helen", "f"), ("Karen", "f"),
    ("James", "m"), ("David", "m"), ("Mohammed", "m"), ("Peter", "m"), ("Lucas", "m"),
    ("Tom", "m"), ("Ahmed", "m"), ("Oliver", "m"), ("George", "m"), ("Marco", "m"),
    ("Alex", "x"), ("Sam", "x"), ("Robin", "x"), ("Charlie", "x"),
)  # fmt: skip
CUSTOMER_LAST = (
    "Thomas", "Smith", "Jones", "Williams", "Brown", "Taylor", "Wilson", "Johnson", "Martin",
    "Clarke", "Wright", "Walker", "Robinson", "Wood", "Thompson", "White", "Hall", "Green",
    "Lewis", "Harris", "Moreau", "Bauer", "Nowak", "Rahman", "Singh", "Okoye", "Tanaka",
    "Moretti", "Larsen", "Costa",
)  # fmt: skip
TITLES_BY_KIND = {"f": ("Mrs", "Ms"), "m": ("Mr",), "x": ("Mx", "Mr", "Ms")}
DOCTOR_SHARE = 0.05


@dataclass(frozen=True)
class Customers:
    first: np.ndarray  # index into CUSTOMER_FIRST
    last: np.ndarray  # index into CUSTOMER_LAST
    title: np.ndarray  # str objects

    def __len__(self) -> int:
        return int(self.first.size)

    def name(self, index: int) -> str:
        return f"{CUSTOMER_FIRST[self.first[index]][0]} {CUSTOMER_LAST[self.last[index]]}"


def draw_customers(rng: np.random.Generator, count: int) -> Customers:
    first = rng.integers(0, len(CUSTOMER_FIRST), size=count)
    last = rng.integers(0, len(CUSTOMER_LAST), size=count)
    pick = rng.random(count)
    titles = np.empty(count, dtype=object)
    for kind, options in TITLES_BY_KIND.items():
        of_kind = np.array([CUSTOMER_FIRST[i][1] == kind for i in range(len(CUSTOMER_FIRST))])
        chosen = of_kind[first]
        titles[chosen] = np.asarray(options, dtype=object)[
            (pick[chosen] * len(options)).astype(int)
        ]
    titles[rng.random(count) < DOCTOR_SHARE] = "Dr"
    return Customers(first=first, last=last, title=titles)


def customer_count(interactions: int) -> int:
    """About three contacts per customer over six months, and never fewer than 200 customers."""
    return max(200, interactions // 3)


def external_ids(start: int, count: int) -> list[str]:
    return [f"C{number:07d}" for number in range(start, start + count)]
