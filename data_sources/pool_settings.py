"""How many database connections the app keeps per process: defaults per database, settable.

The app's engine keeps ``size`` connections and may open ``overflow`` more. A cold overview
reads eight things side by side, each on a connection (one of them held while it waits for
another's result), and every run first reads the data version and the sign-in: with
SQLAlchemy's default of 5 + 10, three cold pages at once used up the pool and a cached page's
first read waited behind them (bench/README.md, Load). PostgreSQL gets fewer: each connection
is a server process, and its default ``max_connections`` (100) is shared by every app process
and command on the server — with several replicas on one PostgreSQL, keep
replicas × (size + overflow) below it, which ``PULSE_DB_POOL_SIZE`` and
``PULSE_DB_MAX_OVERFLOW`` allow.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from sqlalchemy.engine import make_url

from data_sources.environment import whole_number

POOL = {"sqlite": (10, 30), "postgresql": (10, 20)}
OTHER_DATABASE = (5, 10)  # SQLAlchemy's own default
SIZE_VARIABLE = "PULSE_DB_POOL_SIZE"
OVERFLOW_VARIABLE = "PULSE_DB_MAX_OVERFLOW"
MAX_CONNECTIONS = 1000


def pool_settings(url: str, environment: Mapping[str, str] | None = None) -> tuple[int, int]:
    """(size, overflow) for the app's engine on ``url``: the database's defaults above, or the
    environment's (``SettingError`` naming the variable when a value is unusable)."""
    values = os.environ if environment is None else environment
    size, overflow = POOL.get(make_url(url).get_backend_name(), OTHER_DATABASE)
    return (
        whole_number(values, SIZE_VARIABLE, default=size, lowest=1, highest=MAX_CONNECTIONS),
        whole_number(
            values, OVERFLOW_VARIABLE, default=overflow, lowest=0, highest=MAX_CONNECTIONS
        ),
    )
