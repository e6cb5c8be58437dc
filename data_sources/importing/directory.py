"""Teams, people and customers an import refers to by name: found, or created and reported.

A team or agent a file names that the database does not know yet is created (an import of a
new team's history should not be refused), and the import summary lists every one created, so
a typo ("Biling") is seen at once. Teams and people are few and cached for the whole file;
customers can be millions, so they are resolved one batch at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, insert, select

from data_sources.importing import bulk
from data_sources.models import Customer, Person, Role, Team

TEAM = Team.__table__  # type: ignore[attr-defined]
PERSON = Person.__table__  # type: ignore[attr-defined]
CUSTOMER = Customer.__table__  # type: ignore[attr-defined]


RECENT_CUSTOMERS = 100_000  # customers remembered between batches (about 20 MB)


def _same(stored: tuple[Any, ...], name: str | None, title: str | None) -> bool:
    """Whether a stored (id, name, title) already says what the file says (empty cells don't)."""
    return (name is None or name == stored[1]) and (title is None or title == stored[2])


class Directory:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.teams: dict[str, int] = {
            row.name: row.id for row in connection.execute(select(TEAM.c.id, TEAM.c.name))
        }
        self.people: dict[str, int] = {
            row.key: row.id for row in connection.execute(select(PERSON.c.id, PERSON.c.key))
        }
        self._recent: dict[tuple[str, str], tuple[int, str | None, str | None]] = {}
        self._new_ids = bulk.NewIds(connection, CUSTOMER)
        self.created_teams: list[str] = []
        self.created_people: list[str] = []

    def team(self, name: str) -> int:
        found = self.teams.get(name)
        if found is None:
            found = self.connection.execute(
                insert(TEAM).values(name=name).returning(TEAM.c.id)
            ).scalar_one()
            self.teams[name] = found
            self.created_teams.append(name)
        return found

    def person(self, key: str, *, team_id: int | None = None, role: str = Role.AGENT) -> int:
        found = self.people.get(key)
        if found is None:
            found = self.connection.execute(
                insert(PERSON)
                .values(key=key, name=key, role=str(role), team_id=team_id)
                .returning(PERSON.c.id)
            ).scalar_one()
            self.people[key] = found
            self.created_people.append(key)
        return found

    def customers(
        self, source: str, records: Iterable[tuple[str, str | None, str | None]]
    ) -> dict[str, int]:
        """Ids of the customers ``(external_id, name, title)`` of ``source``, created or updated."""
        wanted: dict[str, tuple[str | None, str | None]] = {}
        ids: dict[str, int] = {}
        for external_id, name, title in records:
            cached = self._recent.get((source, external_id))
            if cached is not None and _same(cached, name, title):
                ids[external_id] = cached[0]
            else:
                wanted[external_id] = (name, title)
        if not wanted:
            return ids
        found = self._known(source, wanted)
        new = [
            (source, external_id, *details)
            for external_id, details in wanted.items()
            if (source, external_id) not in found
        ]
        written = [(i, *row) for i, row in zip(self._new_ids.take(len(new)), new, strict=True)]
        bulk.insert(
            self.connection, CUSTOMER, ("id", "source", "external_id", "name", "title"), written
        )
        changed: list[tuple[Any, ...]] = []
        for key, stored in found.items():
            name, title = wanted[key[1]]
            if not _same(stored, name, title):
                found[key] = (stored[0], name or stored[1], title or stored[2])
                changed.append((*found[key][1:], stored[0]))
        bulk.update(self.connection, CUSTOMER, ("name", "title"), changed)
        for new_id, _, external_id, name, title in written:
            found[source, external_id] = (new_id, name, title)
        if len(self._recent) > RECENT_CUSTOMERS:
            self._recent.clear()  # bounded memory: start remembering afresh
        for key, stored in found.items():
            self._recent[key] = stored
            ids[key[1]] = stored[0]
        return ids

    def _known(
        self, source: str, external_ids: Iterable[str]
    ) -> dict[tuple[str, str], tuple[int, str | None, str | None]]:
        """Stored ``(id, name, title)`` of these customers of ``source``, by (source, id)."""
        columns = ("id", "external_id", "name", "title")
        rows = bulk.rows_in(
            self.connection, CUSTOMER, "external_id", external_ids, columns, source=source
        )
        return {(source, row.external_id): (row.id, row.name, row.title) for row in rows}
