"""What the transcripts say, worked out once when interactions are written, and stored.

``analyse_after_write(connection, interaction_ids=...)`` runs the pure checks of
``kpis/transcripts`` on those interactions' messages and replaces their stored findings
(``TranscriptFinding``), flags (``InteractionText``) and complaint themes
(``InteractionTheme``), inside the caller's transaction: every writer calls it next to
``aggregates.refresh_after_write`` (after it: the text KPIs' counters of the summary cells
then move with the flags, ``text_cells``). Pages only read what is stored here.

Work goes in batches of ``BATCH`` interactions, so memory stays bounded by one batch
whatever the number of ids. Each batch is read with two IN queries and written with the bulk
writer (``executemany`` on SQLite, ``COPY`` on PostgreSQL). The checks themselves
(``transcript_rows``) touch no database. One process does it all: worker processes were
tried twice and left out. On two busy cores they were slower (11,000 against 13,400 messages
a second); on 151,137 demo messages, two workers checking while this process read and stored
took 10.0 CPU-seconds forked and 21.5 started afresh (each imports the caller's modules),
against 6.8 in one process, with no gain in wall time under load 15-25.

1 M messages (1,007,694, the demo's) took 167.6 s on SQLite with 45.7 s of CPU, under a
load of 11-27 on the 2 cores (``bench/README.md``, 2026-11-23).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC
from itertools import islice

import numpy as np
from sqlalchemy import Connection, delete, select

from data_sources.bulk import BulkWriter, table_of
from data_sources.models import (
    Customer,
    Interaction,
    InteractionText,
    InteractionTheme,
    Message,
    Person,
    Phrase,
    TranscriptFinding,
)
from data_sources.text_cells import TextCellChanges, stored_flags
from data_sources.transcript_rows import Head, Rows, Said, analyse_batch
from kpis.transcripts import PhraseLists

BATCH = 2_000
STORED = (TranscriptFinding, InteractionText, InteractionTheme)


def phrase_lists(connection: Connection) -> PhraseLists:
    """The lists as edited in the Phrase table (a list without rows keeps its defaults).

    Rows under a name no check uses are left out rather than stop an import.
    """
    phrase = table_of(Phrase)
    known = set(PhraseLists.list_names())
    rows = connection.execute(select(phrase.c.list_name, phrase.c.phrase))
    return PhraseLists.from_entries((name, text) for name, text in rows if name in known)


def _chunks(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    iterator = iter(ids)
    while chunk := list(islice(iterator, size)):
        yield chunk


def analyse_after_write(
    connection: Connection,
    *,
    interaction_ids: Iterable[int],
    phrases: PhraseLists | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Analyse the interactions ``interaction_ids`` and store the results; returns how many
    messages were read. ``on_progress`` hears how many interactions each stored batch covered.
    """
    lists = phrases if phrases is not None else phrase_lists(connection)
    writer = BulkWriter(connection)
    changes = TextCellChanges()
    messages = 0
    for chunk in _chunks(interaction_ids, BATCH):
        heads, said, read = _read_batch(connection, chunk)
        before = stored_flags(connection, chunk)
        rows = analyse_batch(heads, said, lists)
        _store(connection, writer, chunk, rows)
        changes.add(before, rows.texts)
        messages += read
        if on_progress is not None:
            on_progress(len(chunk))
    changes.apply(connection)
    return messages


def _store(connection: Connection, writer: BulkWriter, ids: list[int], rows: Rows) -> None:
    """Replace what is stored for ``ids`` with ``rows``."""
    for model in STORED:
        table = table_of(model)
        connection.execute(delete(table).where(table.c.interaction_id.in_(ids)))
    moments = np.array(rows.theme_times, dtype="datetime64[us]")
    for model, columns in (
        (TranscriptFinding, rows.findings),
        (InteractionText, rows.texts),
        (InteractionTheme, rows.themes | {"created_at": moments}),
    ):
        table = table_of(model)
        # In the table's column order: the SQLite statement lists the columns in that order.
        writer.write(table, {c.name: columns[c.name] for c in table.c if c.name in columns})


def _read_batch(
    connection: Connection, ids: Sequence[int]
) -> tuple[list[Head], dict[int, list[Said]], int]:
    interaction, message = table_of(Interaction), table_of(Message)
    customer, person = table_of(Customer), table_of(Person)
    heads = [
        Head._make((*row[:4], row[4].astimezone(UTC).replace(tzinfo=None), *row[5:]))
        for row in connection.execute(
            select(
                interaction.c.id,
                interaction.c.customer_id,
                interaction.c.team_id,
                interaction.c.agent_id,
                interaction.c.created_at,
                interaction.c.topic,
                interaction.c.tags,
                customer.c.name,
                customer.c.title,
                person.c.name,
            )
            .select_from(
                interaction.outerjoin(
                    customer, customer.c.id == interaction.c.customer_id
                ).outerjoin(person, person.c.id == interaction.c.agent_id)
            )
            .where(interaction.c.id.in_(ids))
            .order_by(interaction.c.id)
        )
    ]
    said: dict[int, list[Said]] = defaultdict(list)
    read = 0
    for row in connection.execute(
        select(
            message.c.interaction_id,
            message.c.position,
            message.c.author_role,
            message.c.author,
            message.c.text,
        )
        .where(message.c.interaction_id.in_(ids))
        .order_by(message.c.interaction_id, message.c.position)
    ):
        said[row[0]].append(Said(*row[1:]))
        read += 1
    return heads, dict(said), read
