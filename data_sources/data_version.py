"""The data version: a number every committed write that changes what a page shows raises by one.

The pages' cached reads take it as a hashed argument, so a page serves from its cache while
the number stands and reads afresh on the first run after it moved — in every app process
that serves the database, not only the one that wrote (a save in one replica shows in the
others on their next run). Reading it costs one primary-key lookup per script run.

It is a row of ``appsetting`` (``data_version``), raised by ``changed`` as the last statement
of a writing transaction, just before its commit: an import, a demo build, a review, a
Settings save, an account change, a transcript analysis. On PostgreSQL the raise locks the
row until the commit, so it must come last: raised at the start of an import that runs for
minutes, it would make every review save wait for the import. Last, two writers only ever
wait for each other's commit. On SQLite one writer holds the database at a time anyway.

A reader never waits: it reads the committed number. A page that read the number and then
figures committed after it caches newer figures under the older number, which is harmless
(the next run sees the new number and reads again); it never caches older figures under a
newer number, since the number is read first.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

KEY = "data_version"

_RAISE = text(
    "INSERT INTO appsetting (key, value) VALUES (:key, '1') ON CONFLICT (key) DO UPDATE "
    "SET value = CAST(CAST(appsetting.value AS BIGINT) + 1 AS VARCHAR(20))"
)
_READ = text("SELECT value FROM appsetting WHERE key = :key")


def changed(connection: Connection) -> None:
    """Raise the number in ``connection``'s transaction: call it last, just before the commit."""
    connection.execute(_RAISE, {"key": KEY})


def current(connection: Connection) -> int:
    """The committed number (0 on a database nothing has been written to since it began)."""
    stored = connection.execute(_READ, {"key": KEY}).scalar_one_or_none()
    return int(stored) if stored is not None else 0
