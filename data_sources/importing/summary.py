"""What an import tells the person who ran it (and what its ``ImportRun`` row records)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from data_sources.importing.directory import Directory
from data_sources.importing.store import Tally


@dataclass
class ImportSummary:
    file_name: str
    format: str
    kind: str | None
    source: str
    run_id: int | None = None
    status: str = "done"  # done, refused, failed
    message: str | None = None
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    rows_by_kind: dict[str, int] = field(default_factory=dict)
    created_teams: list[str] = field(default_factory=list)
    created_people: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.status == "refused"

    def take(self, tally: Tally, directory: Directory) -> None:
        self.rows_read, self.inserted, self.updated = tally.rows_read, tally.inserted, tally.updated
        self.unchanged, self.quarantined = tally.unchanged, tally.quarantined
        self.rows_by_kind = dict(tally.by_kind)
        self.created_teams = list(directory.created_teams)
        self.created_people = list(directory.created_people)
        self.ignored_columns = sorted(tally.ignored_columns)
        notes = []
        if self.rows_read == 0:
            notes.append("the file has no rows")
        if self.created_teams:
            notes.append(f"new teams created: {', '.join(self.created_teams)}")
        if self.created_people:
            notes.append(f"new people created: {', '.join(self.created_people)}")
        if self.ignored_columns:
            notes.append(f"columns ignored: {', '.join(self.ignored_columns)}")
        self.message = "; ".join(notes) or None

    def reset_counts(self) -> None:
        self.rows_read = self.inserted = self.updated = self.unchanged = self.quarantined = 0

    def run_values(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "message": self.message,
            "kind": self.kind,
            "rows_read": self.rows_read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "quarantined": self.quarantined,
        }

    def lines(self) -> list[str]:
        """The summary as a person reads it on the command line."""
        if self.refused:
            return [f"{self.file_name}: refused — {self.message}"]
        head = f"{self.file_name} ({self.format}, {self.kind or 'no rows'}, source {self.source}):"
        counts = (
            f"  read {self.rows_read}, inserted {self.inserted}, updated {self.updated}, "
            f"unchanged {self.unchanged}, quarantined {self.quarantined}"
        )
        notes = [f"  {note}" for note in (self.message or "").split("; ") if note]
        if self.quarantined:
            notes.append(
                f"  quarantined rows are kept with their reasons (import run {self.run_id})"
            )
        return [head, counts, *notes]
