"""The importers fuzzed for a bounded time: random bytes and mutated valid files.

For each reader — native CSV, JSON Lines and Parquet, and the five systems (Zendesk,
Freshdesk, Chatwoot, Asterisk, Twitter) — Hypothesis feeds ``import_file`` random bytes and
valid files with bytes flipped, cut, repeated or inserted, by ``--format auto`` and by the
format's own name. Whatever comes in, the import either stores the file (with its bad rows
quarantined) or refuses it with a reason; it never raises, and a refusal leaves every table
but the import history exactly as it was. Both databases, 100 files each (derandomized, so
every run tries the same files; about 20 s each).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_support import rows
from sqlalchemy import Engine

from data_sources.importing.pipeline import import_file

SYSTEMS = Path(__file__).parent / "data" / "systems"
NATIVE_CSV = (
    b"interaction_id,created_at,channel,team,agent,customer_name,topic,csat,csat_comment\n"
    b"F1,2026-10-01T09:00:00Z,email,Billing,Ann,Cy,refund,5,great\n"
    b'F2,2026-10-02T09:00:00+02:00,chat,Returns,Bob,Di,late,2,"slow, rude"\n'
)
NATIVE_JSONL = (
    b'{"interaction_id": "J1", "created_at": "2026-10-01T09:00:00Z", "channel": "chat", '
    b'"team": "Billing", "messages": [{"sent_at": "2026-10-01T09:01:00Z", '
    b'"author_role": "customer", "text": "hello"}]}\n'
    b'{"interaction_id": "J2", "created_at": "2026-10-02T09:00:00Z", "channel": "email", '
    b'"team": "Returns", "csat": 4}\n'
)
DATA_TABLES = ("interaction", "message", "promise", "qareview", "publicreview", "team", "person")


def native_parquet() -> bytes:
    frame = pd.DataFrame(
        {
            "interaction_id": ["P1", "P2"],
            "created_at": ["2026-10-01T09:00:00Z", "2026-10-02T09:00:00Z"],
            "channel": ["email", "phone"],
            "team": ["Billing", "Returns"],
            "csat": [5, 3],
        }
    )
    out = io.BytesIO()
    frame.to_parquet(out, index=False)
    return out.getvalue()


# (file name, format, content): each reader's valid input, the seed of the mutations.
SEEDS = [
    ("native.csv", "native", NATIVE_CSV),
    ("native.jsonl", "native", NATIVE_JSONL),
    ("native.parquet", "native", native_parquet()),
    *(
        (path.name, path.parent.name, path.read_bytes())
        for path in sorted(SYSTEMS.glob("*/*"))
        if path.is_file()
    ),
]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """A seed file with a few random edits, or random bytes under a seed's name."""
    name, format, content = draw(st.sampled_from(SEEDS))
    if draw(st.integers(0, 9)) == 0:
        return name, format, draw(st.binary(max_size=2_000))
    data = bytearray(content)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, max(len(data) - 1, 0)))
        edit = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "truncate"]))
        if edit == "flip" and data:
            data[where] = draw(st.integers(0, 255))
        elif edit == "cut":
            del data[where : where + draw(st.integers(1, 40))]
        elif edit == "repeat":
            data[where:where] = data[where : where + draw(st.integers(1, 200))]
        elif edit == "insert":
            data[where:where] = draw(
                st.binary(min_size=1, max_size=20)
                | st.sampled_from(
                    [b'"', b",", b"\n", b"\r", b"\x00", b"{", b"}", b"[", b"\xff\xfe", b"null",
                     b"9" * 30, b"-1", b"1e999", b"NaN", "é😀".encode(), b"\xc3"]
                )
            )  # fmt: skip
        elif edit == "truncate":
            del data[where:]
    return name, format, bytes(data)


def counts(engine: Engine) -> dict[str, int]:
    return {table: rows(engine, f'SELECT count(*) FROM "{table}"')[0][0] for table in DATA_TABLES}


@pytest.mark.slow
def test_mutated_files_are_stored_quarantined_or_refused_never_crash(
    engine: Engine, tmp_path: Path
) -> None:
    """Up to 100 mutated or random files per database, auto-detected and by format name."""
    number = iter(range(10**6))

    @settings(
        max_examples=100,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(case=mutated(), by_name=st.booleans())
    def one(case: tuple[str, str, bytes], by_name: bool) -> None:
        name, format, content = case
        path = tmp_path / f"{next(number)}-{name}"
        path.write_bytes(content)
        before = counts(engine)
        summary = import_file(engine, path, format=format if by_name else "auto")
        assert summary.status in ("done", "refused"), summary
        if summary.refused:
            assert summary.message, "a refusal says why"
            assert counts(engine) == before, f"refused {name} yet wrote rows"
        else:
            kept = rows(
                engine,
                "SELECT count(*) FROM quarantinedrow WHERE import_run_id = :run",
                run=summary.run_id,
            )[0][0]
            assert kept == summary.quarantined
        [(status,)] = rows(
            engine, "SELECT status FROM importrun WHERE id = :run", run=summary.run_id
        )
        assert status == summary.status
        path.unlink()

    one()


def test_a_broken_json_export_is_refused_not_raised(engine: Engine, tmp_path: Path) -> None:
    """The fuzzer's first find: a NUL where Zendesk's ``:`` was made ijson raise out of the
    import; now the file is refused with the parser's words and nothing is stored."""
    good = (SYSTEMS / "zendesk" / "ticket_audits.json").read_bytes()
    broken = good.replace(b'"ticket_id": 101', b'"ticket_id"\x00 101', 1)
    assert broken != good
    path = tmp_path / "ticket_audits.json"
    path.write_bytes(broken)
    summary = import_file(engine, path)
    assert summary.refused
    assert "invalid char in json text" in (summary.message or "")
    assert counts(engine)["interaction"] == 0
