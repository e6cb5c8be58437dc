"""What an import keeps up besides its rows, worked out from the rows it just parsed.

Interactions an import *inserts* are new: nothing is counted or analysed for them yet. So
instead of reading them back after the file (``aggregates.refresh_after_write`` over their
whole days, ``transcript_analysis`` per id), the importer hands each batch's new rows here:

- **summary cells**: the batch's facts (``kpis.facts.interaction_facts``) become day cells
  (``aggregates.cells_of``) 100,000 rows at a time, added to the stored cells
  (``cell_additions.add_cells``, a week of days at a time): counters and histograms add up.
- **complaint themes**: an interaction without messages has only its topic and tags to say
  what it is about, and their themes depend on nothing else. ``transcript_rows.analyse_batch``
  runs once per distinct (topic, tags) and its themes are stored for every new interaction
  that has them.

Updated interactions and the parents of added messages, promises and reviews still take the
exact path: their days are recomputed and they are analysed from what is stored.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from data_sources.aggregates import cells_of, with_cell_keys
from data_sources.bulk import BulkWriter, table_of
from data_sources.cell_additions import add_cells
from data_sources.models import InteractionTheme
from data_sources.settings import channel_targets
from data_sources.transcript_analysis import phrase_lists
from data_sources.transcript_rows import Head, analyse_batch
from data_sources.week_cells import week_rollups
from kpis.facts import GROUP_COLUMNS, interaction_facts

# A new interaction as the writer stored it: its id, then these columns.
NEW_COLUMNS = (
    "id", "channel", "created_at", "team_id", "agent_id", "customer_id", "topic", "tags",
    "first_response_at", "resolved_at", "escalated", "transfers", "reopens", "csat",
)  # fmt: skip
FACT_COLUMNS = (
    "team_id", "agent_id", "channel", "created_at", "first_response_at", "resolved_at",
    "escalated", "transfers", "reopens", "csat",
)  # fmt: skip
TIMES = ("created_at", "first_response_at", "resolved_at")
# Facts of this many new interactions are turned into cells at once: building cells costs in
# proportion to the cells a call makes (a 5,000-row batch spread over 90 days makes almost
# one cell per row), so fewer, larger calls make far fewer cells per row.
# Building them is also the import's highest point of memory (about +110 MB for 200,000
# facts): 100,000 keeps a 1 M import at 449 MB peak instead of 493 MB (measured, SQLite).
FACT_ROWS = 100_000
# Distinct (topic, tags) whose themes are remembered (a free-text tag column could make
# every row distinct: memory stays bounded).
THEMES_REMEMBERED = 20_000
NO_TIME = datetime(1970, 1, 1)


class Upkeep:
    """The cells and themes of one import's new interactions, batch by batch."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.targets = channel_targets(connection)
        self.lists = phrase_lists(connection)
        self.writer = BulkWriter(connection)
        self._themes: dict[tuple[str | None, str | None], list[tuple[str, str | None]]] = {}
        self._facts: list[pd.DataFrame] = []
        self._fact_rows = 0
        self.seconds_cells = 0.0  # what keeping the summary cells cost (for the benchmark)

    def take(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """One batch of new interactions (tuples in ``NEW_COLUMNS`` order)."""
        if not rows:
            return
        columns = dict(zip(NEW_COLUMNS, zip(*rows, strict=True), strict=True))
        self._store_themes(columns)
        began = time.perf_counter()
        self._count(columns)
        self.seconds_cells += time.perf_counter() - began

    def finish(self) -> None:
        """Add the new interactions' cells (days and weeks) to the stored cells."""
        began = time.perf_counter()
        self._fold()
        self.seconds_cells += time.perf_counter() - began

    # --- summary cells -------------------------------------------------------------------

    def _count(self, columns: dict[str, tuple[Any, ...]]) -> None:
        frame = pd.DataFrame({name: list(columns[name]) for name in FACT_COLUMNS})
        for name in TIMES:
            frame[name] = pd.to_datetime(frame[name], utc=True)
        frame["agent_id"] = frame["agent_id"].fillna(0).astype("int64")
        facts = interaction_facts(frame, channel_targets=self.targets)
        # Held until the fold as one byte per counter (they count one interaction: 0 or 1,
        # CSAT up to 5), eight times less than int64 for the same values.
        small = [
            name
            for name in facts.columns
            if name not in GROUP_COLUMNS
            and facts[name].dtype == "int64"
            and facts[name].between(0, np.iinfo(np.int8).max).all()
        ]
        self._facts.append(facts.astype(dict.fromkeys(small, "int8")))
        self._fact_rows += len(facts)
        if self._fact_rows >= FACT_ROWS:
            self._fold()

    def _fold(self) -> None:
        """The facts gathered so far made into day cells and added to the stored cells."""
        if not self._facts:
            return
        facts = pd.concat(self._facts, ignore_index=True)
        self._facts, self._fact_rows = [], 0
        narrow = [name for name in facts.columns if facts[name].dtype == "int8"]
        facts = facts.astype(dict.fromkeys(narrow, "int64"))
        days = cells_of([with_cell_keys(facts)])
        # Added to the stored cells at once (a week of days at a time): holding every day's
        # cells with their histograms until the end cost more memory than the rows do.
        add_cells(self.connection, pd.concat([days, week_rollups(days)], ignore_index=True))

    # --- complaint themes ------------------------------------------------------------------

    def _store_themes(self, columns: dict[str, tuple[Any, ...]]) -> None:
        found: dict[str, list[Any]] = {
            name: [] for name in ("interaction_id", "theme", "customer_id", "team_id", "agent_id")
        }
        quotes: list[str | None] = []
        moments: list[datetime] = []
        labels = zip(columns["topic"], columns["tags"], strict=True)
        for index, label in enumerate(labels):
            themes = self._themes.get(label)
            if themes is None:
                if len(self._themes) >= THEMES_REMEMBERED:
                    self._themes.clear()
                themes = self._themes[label] = self._themes_of(*label)
            for theme, quote in themes:
                found["interaction_id"].append(columns["id"][index])
                found["theme"].append(theme)
                found["customer_id"].append(columns["customer_id"][index])
                found["team_id"].append(columns["team_id"][index])
                found["agent_id"].append(columns["agent_id"][index])
                quotes.append(quote)
                moments.append(columns["created_at"][index])
        if not quotes:
            return
        naive = [moment.astimezone(UTC).replace(tzinfo=None) for moment in moments]
        self.writer.write(
            table_of(InteractionTheme),
            {**found, "quote": quotes, "created_at": np.array(naive, dtype="datetime64[us]")},
        )

    def _themes_of(self, topic: str | None, tags: str | None) -> list[tuple[str, str | None]]:
        """The (theme, quote) pairs of an interaction without messages, by the same
        function the full analysis uses."""
        head = Head(0, None, 0, None, NO_TIME, topic, tags, None, None, None)
        rows = analyse_batch([head], {}, self.lists).themes
        return list(zip(rows["theme"], rows["quote"], strict=True))
