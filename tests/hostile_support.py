"""Hostile input for the tests: the XSS payload list, and an organisation built from it.

``fill_hostile`` writes native export files in which every text field that reaches a page
holds one of ``tests/data/xss_payloads.txt`` (team, agent, customer and escalation names,
topics, tags, transcripts and their authors, CSAT comments, promises, QA reviewers, scorecards
and comments, public-review platforms and texts, file names, the values quarantine reasons
quote) and imports them through the real importer, then adds payloads as settings (a phrase,
a scorecard and its category) through the settings code the Settings page calls.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from data_sources import phrase_settings, scorecard_settings
from data_sources.importing.pipeline import import_file
from data_sources.importing.summary import ImportSummary

PAYLOAD_FILE = Path(__file__).parent / "data" / "xss_payloads.txt"
START = datetime(2026, 10, 1, 8, tzinfo=UTC)
# Words a person would spot on a page: each payload is stored with one of these in front,
# so a test can find "which payload is this" without relying on the payload's own shape.
SQL_METACHARACTERS = ("'", '"', ";", "--", "%", "_", "\\")


def payloads() -> list[str]:
    """Every payload of the list, in file order (one per line, nothing stripped)."""
    return PAYLOAD_FILE.read_text(encoding="utf-8").rstrip("\n").split("\n")


def file_safe(payload: str) -> bool:
    """Can this payload be a file name? (no ``/``, no NUL, fits a name)."""
    return "/" not in payload and "\x00" not in payload and len(payload.encode()) < 200


def csv_text(header: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@dataclass
class Hostile:
    """What ``fill_hostile`` stored: the payloads by where they went, and the summaries."""

    payloads: list[str]
    summaries: list[ImportSummary] = field(default_factory=list)
    teams: list[str] = field(default_factory=list)
    file_names: list[str] = field(default_factory=list)
    scorecard: str = ""
    phrase: str = ""


def team_of(payload: str, number: int) -> str:
    """A team name: the payload (cut to the column's 200) with its number, so names differ."""
    return f"T{number:03d} {payload}"[:200]


def fill_hostile(engine: Engine, directory: Path, *, teams: int = 12) -> Hostile:
    """Import the payloads into every text field; ``teams`` distinct hostile team names.

    Each interaction ``number`` belongs to team ``number % teams`` so that pages listing
    teams stay a readable size while every payload still reaches every other field.
    """
    every = payloads()
    stored = Hostile(payloads=every)
    stored.teams = [team_of(every[number], number) for number in range(teams)]
    interactions, messages, promises, reviews, public = [], [], [], [], []
    for number, payload in enumerate(every):
        key = f"X{number:03d}"
        created = START + timedelta(hours=5 * number)
        team = stored.teams[number % teams]
        interactions.append(
            [
                key, "email" if number % 3 else "chat", created.isoformat(), team,
                f"A{number:03d} {payload}"[:200], f"C{number:03d}", f"{payload}"[:200],
                payload[:300], payload, (created + timedelta(minutes=30)).isoformat(),
                (created + timedelta(hours=2)).isoformat() if number % 4 else "",
                "true" if number % 5 == 0 else "false",
                f"E{number:03d} {payload}"[:200] if number % 5 == 0 else "",
                1 + number % 5, payload,
            ]
        )  # fmt: skip
        messages += [
            [key, created.isoformat(), "customer", f"{payload}"[:200],
             f"My app login failure again! {payload}"],
            [key, (created + timedelta(minutes=30)).isoformat(), "agent",
             f"A{number:03d} {payload}"[:200], f"Sorry about that. {payload}"],
        ]  # fmt: skip
        promises.append(
            [key, f"P{number:03d}", (created + timedelta(minutes=30)).isoformat(),
             (created + timedelta(days=2)).isoformat(), "", "", payload]
        )  # fmt: skip
        reviews.append(
            [key, f"A{(number + 1) % len(every):03d} {every[(number + 1) % len(every)]}"[:200],
             (created + timedelta(hours=3)).isoformat(), f"S {payload}"[:200],
             (number * 7) % 101, payload]
        )  # fmt: skip
        public.append(
            [f"R{number:03d}", payload[:100], (created + timedelta(hours=1)).isoformat(),
             1 + number % 5, team, payload]
        )  # fmt: skip
    files = {
        "interactions.csv": csv_text(
            ["interaction_id", "channel", "created_at", "team", "agent", "customer_id",
             "customer_name", "topic", "tags", "first_response_at", "resolved_at", "escalated",
             "escalated_to", "csat", "csat_comment"],
            interactions,
        ),
        "messages.csv": csv_text(
            ["interaction_id", "sent_at", "author_role", "author", "text"], messages
        ),
        "promises.csv": csv_text(
            ["interaction_id", "promise_id", "made_at", "due_at", "kept_at",
             "customer_updated_at", "description"],
            promises,
        ),
        "qa_reviews.csv": csv_text(
            ["interaction_id", "reviewer", "reviewed_at", "scorecard", "score", "comment"],
            reviews,
        ),
        "public_reviews.csv": csv_text(
            ["review_id", "platform", "published_at", "rating", "team", "text"], public
        ),
    }  # fmt: skip
    for name, content in files.items():
        stored.summaries.append(import_file(engine, _write(directory, name, content)))
    # Files named after payloads, whose bad rows quote the payload in the quarantine reason.
    for number, payload in enumerate(p for p in every if file_safe(p)):
        if number >= 20:
            break
        name = f"{payload}.csv"
        bad = csv_text(
            ["interaction_id", "channel", "created_at", "team", "csat"],
            [[f"Q{number:03d}", payload[:60], START.isoformat(), stored.teams[0], payload[:40]]],
        )
        stored.summaries.append(import_file(engine, _write(directory, name, bad)))
        stored.file_names.append(name)
    with Session(engine) as session:
        stored.phrase = next(p for p in every if p.startswith("<img src=x onerror=window"))
        phrase_settings.add_phrase(session, None, "banned", stored.phrase)
        stored.scorecard = every[0]
        card = scorecard_settings.create_scorecard(session, None, stored.scorecard)
        scorecard_settings.save_category(
            session, None, card, name=every[9], weight=50, scale_min=0, scale_max=4,
            critical=False,
        )  # fmt: skip
        session.commit()
    return stored


def _write(directory: Path, name: str, content: str) -> Path:
    path = directory / name
    path.write_text(content, encoding="utf-8")
    return path
