"""The "Customer Support on Twitter" dataset layout (``twcs.csv``, Thought Vector on Kaggle).

The layout is the dataset's own documentation: one tweet per row with ``tweet_id``,
``author_id`` (the company's handle, or an anonymised number for a customer), ``inbound``
(True when the tweet comes from a customer), ``created_at`` (``Tue Oct 31 22:10:47 +0000
2017``), ``text``, ``response_tweet_id`` (comma-separated ids of the replies) and
``in_response_to_tweet_id`` (the parent tweet, written as ``3.0`` in the published file).

Each inbound tweet that answers nothing starts a thread: that is one interaction on channel
``social``, its replies and their replies are its messages, and the first company reply gives
its team and first response. Threads are scattered over the file, so the tweets are first
copied into a temporary SQLite file on disk and the threads read back one at a time: memory
holds one thread, whatever the size of the file. The table, and what the dataset cannot tell
us, is in ``twitter.md`` beside this module.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from itertools import groupby
from pathlib import Path

from data_sources.importing.rows import Kind, SourceRow
from data_sources.importing.systems.export_files import parse_time, text

FORMAT = "twitter"
KINDS: tuple[Kind, ...] = ("interactions", "messages")
COLUMNS = (
    "tweet_id",
    "author_id",
    "inbound",
    "created_at",
    "text",
    "response_tweet_id",
    "in_response_to_tweet_id",
)
TWITTER_TIME = "%a %b %d %H:%M:%S %z %Y"
BATCH = 10_000

SCHEMA = """
CREATE TABLE tweet (
    id TEXT PRIMARY KEY, parent TEXT, author TEXT, inbound INTEGER,
    sent_at TEXT, text TEXT, line INTEGER
);
CREATE INDEX tweet_parent ON tweet (parent);
CREATE TABLE unreadable (line INTEGER, id TEXT, reason TEXT);
"""
# Every tweet reachable from a thread start, with the start it belongs to.
THREADS = """
WITH RECURSIVE thread (root, id) AS (
    SELECT id, id FROM tweet WHERE parent IS NULL AND inbound = 1
    UNION ALL
    SELECT thread.root, tweet.id FROM tweet JOIN thread ON tweet.parent = thread.id
)
SELECT thread.root, tweet.id, tweet.author, tweet.inbound, tweet.sent_at, tweet.text, tweet.line
FROM thread JOIN tweet ON tweet.id = thread.id
ORDER BY thread.root, tweet.sent_at, tweet.id
"""
OUTSIDE_THREADS = """
WITH RECURSIVE thread (id) AS (
    SELECT id FROM tweet WHERE parent IS NULL AND inbound = 1
    UNION ALL
    SELECT tweet.id FROM tweet JOIN thread ON tweet.parent = thread.id
)
SELECT id, parent, line FROM tweet WHERE id NOT IN (SELECT id FROM thread) ORDER BY line
"""


def recognises(head: bytes, file_name: str) -> bool:
    first_line = head.decode("utf-8", errors="replace").splitlines()[:1]
    header = next(csv.reader(io.StringIO(first_line[0])), []) if first_line else []
    return {name.strip().lower() for name in header} >= set(COLUMNS)


def read(path: Path, *, tz: tzinfo) -> Iterator[SourceRow]:
    with tempfile.TemporaryDirectory(prefix="pulse-twcs-") as folder:
        store = sqlite3.connect(Path(folder) / "tweets.sqlite")
        try:
            store.executescript(SCHEMA)
            _load(path, store, tz)
            store.commit()
            yield from _threads(store)
            yield from _outside_threads(store)
            for line, tweet_id, reason in store.execute("SELECT * FROM unreadable ORDER BY line"):
                values: dict[str, object] = {"interaction_id": tweet_id}
                yield SourceRow("messages", line, values, ("sent_at", reason))
        finally:
            store.close()


def _load(path: Path, store: sqlite3.Connection, tz: tzinfo) -> None:
    """Copies the tweets into the store, and the unreadable ones aside to be reported last."""
    batch: list[tuple[object, ...]] = []
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
        for record in reader:
            line = reader.line_num
            tweet_id = _tweet_id(record.get("tweet_id"))
            try:
                sent_at = _time(record.get("created_at"), tz)
            except ValueError:
                reason = f"unreadable tweet time {record.get('created_at')!r}"
                store.execute("INSERT INTO unreadable VALUES (?, ?, ?)", (line, tweet_id, reason))
                continue
            inbound = (record.get("inbound") or "").strip().lower() in ("true", "1", "yes")
            parent = _tweet_id(record.get("in_response_to_tweet_id"))
            author = text(record.get("author_id"))
            # In UTC, so that the text sorts as the time does.
            when = sent_at.astimezone(UTC).isoformat()
            batch.append((tweet_id, parent, author, inbound, when, record.get("text") or "", line))
            if len(batch) >= BATCH:
                _insert(store, batch)
    _insert(store, batch)


def _insert(store: sqlite3.Connection, batch: list[tuple[object, ...]]) -> None:
    # A tweet id seen twice keeps its first row.
    store.executemany("INSERT OR IGNORE INTO tweet VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
    batch.clear()


def _threads(store: sqlite3.Connection) -> Iterator[SourceRow]:
    for root, tweets in groupby(store.execute(THREADS), key=lambda tweet: tweet[0]):
        thread = list(tweets)
        start = next(t for t in thread if t[1] == root)
        reply = next((t for t in thread if not t[3]), None)
        yield SourceRow(
            "interactions",
            start[6],
            {
                "interaction_id": root,
                "channel": "social",
                "created_at": datetime.fromisoformat(start[4]),
                "team": reply[2] if reply else None,
                "customer_id": start[2],
                "first_response_at": datetime.fromisoformat(reply[4]) if reply else None,
            },
        )
        for _, _, author, inbound, sent_at, body, line in thread:
            yield SourceRow(
                "messages",
                line,
                {
                    "interaction_id": root,
                    "sent_at": datetime.fromisoformat(sent_at),
                    "author_role": "customer" if inbound else "agent",
                    "author": author,
                    "text": body,
                },
            )


def _outside_threads(store: sqlite3.Connection) -> Iterator[SourceRow]:
    """Tweets no customer thread reaches: reported, so that nothing goes missing unseen."""
    for tweet_id, parent, line in store.execute(OUTSIDE_THREADS):
        if parent is None:
            reason = "a company tweet that answers no customer tweet starts no interaction"
        else:
            reason = f"answers tweet {parent}, whose thread does not start in this file"
        values: dict[str, object] = {"interaction_id": tweet_id}
        yield SourceRow("messages", line, values, ("interaction_id", reason))


def _tweet_id(value: object) -> str | None:
    """The dataset writes parent ids as floats ("3.0"); an id is the integer."""
    raw = text(value)
    if raw is None:
        return None
    return raw[:-2] if raw.endswith(".0") else raw


def _time(value: object, tz: tzinfo) -> datetime:
    raw = text(value)
    if raw is None:
        raise ValueError("no time")
    try:
        return datetime.strptime(raw, TWITTER_TIME)
    except ValueError:
        parsed = parse_time(raw, tz)
        if parsed is None:
            raise
        return parsed
