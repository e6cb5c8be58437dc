"""How an agent addresses the customer, and how it now and then goes wrong.

The record says Mrs Thomas; most greetings say "Mrs Thomas" (or "Sarah" on chat), a few say
"Mr Thomas" (wrong title), "Mrs Tomas" (misspelt) or "Mrs Jones" (another customer's name),
which is what ``name_error_rate`` of ``kpis.md`` counts.
"""

from __future__ import annotations

import random

from data_sources.demo.customers import CUSTOMER_FIRST, CUSTOMER_LAST

NAME_ERROR_SHARE = 0.03
TITLES = ("Mr", "Mrs", "Ms", "Mx", "Dr")


def _misspelt(name: str, chooser: random.Random) -> str:
    cut = chooser.randrange(1, len(name) - 1) if len(name) > 3 else 1
    return name[:cut] + name[cut + 1 :]  # "Thomas" -> "Tomas"


def addressed(
    chooser: random.Random, *, title: str, first: str, last: str, wrong: bool
) -> tuple[str, str, str]:
    """(title, first, last) as the agent writes them; with ``wrong`` one of them is off."""
    if not wrong:
        return title, first, last
    kind = chooser.randrange(3)
    if kind == 0:
        return chooser.choice([t for t in TITLES if t != title]), first, last
    if kind == 1:
        return title, _misspelt(first, chooser), _misspelt(last, chooser)
    others = [n for n in CUSTOMER_LAST if n != last]
    firsts = [n for n, _ in CUSTOMER_FIRST if n != first]
    return title, chooser.choice(firsts), chooser.choice(others)
