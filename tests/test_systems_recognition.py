"""--format auto: each system reader claims its own exports and none of the others' files."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from data_sources.importing import formats
from data_sources.importing.rows import KINDS
from data_sources.importing.systems import asterisk, chatwoot, freshdesk, twitter, zendesk
from data_sources.importing.systems.export_files import read_head

SYSTEMS = Path(__file__).parent / "data" / "systems"
READERS = {
    "zendesk": (zendesk, SYSTEMS / "zendesk"),
    "freshdesk": (freshdesk, SYSTEMS / "freshdesk"),
    "chatwoot": (chatwoot, SYSTEMS / "chatwoot"),
    "asterisk": (asterisk, SYSTEMS / "asterisk"),
    "twitter": (twitter, SYSTEMS / "twitter"),
}
NATIVE_CSV = (
    b"interaction_id,source,channel,created_at,team,agent,first_response_at,resolved_at\n"
    b"A-1,file,email,2026-11-02T09:00:00Z,Billing,Dana,2026-11-02T09:20:00Z,\n"
)
NATIVE_JSONL = (
    b'{"interaction_id": "A-1", "channel": "chat", "created_at": "2026-11-02T09:00:00Z", '
    b'"team": "Billing", "messages": [{"sent_at": "2026-11-02T09:00:00Z", "text": "hi"}]}\n'
)


def _fixtures(location: Path) -> list[Path]:
    return sorted(location.iterdir()) if location.is_dir() else [location]


ALL_FIXTURES = [
    (name, path) for name, (_, location) in READERS.items() for path in _fixtures(location)
]


@pytest.mark.parametrize(("owner", "path"), ALL_FIXTURES, ids=lambda v: getattr(v, "name", v))
def test_exactly_the_owning_reader_recognises_each_fixture(owner: str, path: Path) -> None:
    """A fixture written from one system's docs is claimed by that reader alone."""
    head = read_head(path)
    claimed = {name for name, (reader, _) in READERS.items() if reader.recognises(head, path.name)}
    assert claimed == {owner}


@pytest.mark.parametrize("head", [NATIVE_CSV, NATIVE_JSONL], ids=["csv", "jsonl"])
def test_no_reader_claims_a_native_file(head: bytes) -> None:
    """The native CSV and JSON Lines formats are left to the native reader."""
    claimed = [name for name, (reader, _) in READERS.items() if reader.recognises(head, "x")]
    assert claimed == []


def test_no_reader_claims_an_empty_or_binary_head() -> None:
    """An empty file or a zip header is nobody's export."""
    for head in (b"", b"PK\x03\x04\x14\x00\x00\x00\x08\x00"):
        assert [n for n, (r, _) in READERS.items() if r.recognises(head, "x")] == []


def test_every_reader_declares_a_distinct_format_and_known_kinds() -> None:
    """FORMAT names are what --format takes, so they differ; KINDS are native kinds."""
    assert [reader.FORMAT for reader, _ in READERS.values()] == list(READERS)
    for reader, _ in READERS.values():
        assert set(reader.KINDS) <= set(KINDS)


def test_the_import_registry_lists_every_system_reader() -> None:
    """--format and --format auto reach all five systems through the registry."""
    assert set(READERS) <= set(formats.names())


def test_no_reader_sets_the_source_so_that_source_can_override_it() -> None:
    """The pipeline fills source with the format's name, or the --source given."""
    for owner, path in ALL_FIXTURES:
        reader = READERS[owner][0]
        assert all("source" not in row.values for row in reader.read(path, tz=UTC)), path


def test_every_fixture_is_read_without_error() -> None:
    """Each reader streams every one of its fixtures to the end, and yields something."""
    for owner, path in ALL_FIXTURES:
        reader = READERS[owner][0]
        assert list(reader.read(path, tz=UTC)), path


@pytest.mark.parametrize(("owner", "path"), ALL_FIXTURES, ids=lambda v: getattr(v, "name", v))
def test_format_auto_picks_the_owning_system_after_the_native_reader(
    owner: str, path: Path
) -> None:
    """The registry asks the native reader first; it leaves every system fixture alone."""
    assert formats.recognise(read_head(path), path).name == owner


@pytest.mark.parametrize("name", list(READERS))
def test_every_reader_has_its_mapping_table_beside_it(name: str) -> None:
    """The table says how transfers, escalations, reopens and CSAT are read, and what is not."""
    table = Path(READERS[name][0].__file__).with_name(f"{name}.md").read_text()
    for column in ("interaction_id", "first_response_at", "transfers", "reopens", "escalated"):
        assert f"`{column}`" in table, column
    assert "CSAT" in table or "`csat`" in table
    assert "cannot tell us" in table
