"""Editing the phrase lists the transcript checks read (banned phrases, apologies, thanks…).

A list with no ``Phrase`` row keeps its defaults (``PhraseLists.from_entries``). So the first
edit of a list writes its defaults as rows, then the change: adding "no way" to the banned
phrases keeps "not my job". For the same reason a list cannot lose its last phrase here —
with no row left its defaults would come back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, insert, select
from sqlmodel import Session

from data_sources.models import Phrase
from data_sources.setting_changes import InvalidSetting, record_change
from kpis.transcripts.phrases import PhraseLists, phrase_pattern

if TYPE_CHECKING:
    from data_sources.setting_changes import Actor

MAX_PHRASE = 300
_phrase = Phrase.__table__  # type: ignore[attr-defined]


def phrase_lists(connection: Connection) -> PhraseLists:
    """The lists in use: stored rows where a list was edited, defaults elsewhere."""
    rows = connection.execute(select(_phrase.c.list_name, _phrase.c.phrase).order_by(_phrase.c.id))
    return PhraseLists.from_entries((name, phrase) for name, phrase in rows)


def is_edited(connection: Connection, list_name: str) -> bool:
    return (
        connection.execute(select(_phrase.c.id).where(_phrase.c.list_name == list_name)).first()
        is not None
    )


def _entries(connection: Connection, list_name: str) -> list[str]:
    return list(getattr(phrase_lists(connection), _known(list_name)))


def _known(list_name: str) -> str:
    if list_name not in PhraseLists.list_names():
        raise InvalidSetting(f"Unknown phrase list {list_name!r}.")
    return list_name


def _store(connection: Connection, list_name: str, phrases: list[str]) -> None:
    connection.execute(delete(_phrase).where(_phrase.c.list_name == list_name))
    connection.execute(insert(_phrase), [{"list_name": list_name, "phrase": p} for p in phrases])


def add_phrase(session: Session, actor: Actor, list_name: str, phrase: str) -> None:
    cleaned = " ".join(phrase.split())
    if not cleaned:
        raise InvalidSetting("Write the phrase to add.")
    if len(cleaned) > MAX_PHRASE:
        raise InvalidSetting(f"A phrase is at most {MAX_PHRASE} characters.")
    try:
        phrase_pattern(cleaned)
    except ValueError as error:
        raise InvalidSetting(f"{cleaned!r} cannot be matched: {error}.") from None
    connection = session.connection()
    entries = _entries(connection, list_name)
    if cleaned.lower() in {entry.lower() for entry in entries}:
        raise InvalidSetting(f"{cleaned!r} is already on the list.")
    _store(connection, list_name, [*entries, cleaned])
    record_change(session, actor, f"phrases:{list_name}", {"added": cleaned})


def remove_phrase(session: Session, actor: Actor, list_name: str, phrase: str) -> None:
    connection = session.connection()
    entries = _entries(connection, list_name)
    if phrase not in entries:
        raise InvalidSetting(f"{phrase!r} is not on the list.")
    if len(entries) == 1:
        raise InvalidSetting("A list keeps at least one phrase (with none, its defaults return).")
    _store(connection, list_name, [entry for entry in entries if entry != phrase])
    record_change(session, actor, f"phrases:{list_name}", {"removed": phrase})
