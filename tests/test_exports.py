"""Downloads cannot carry a formula into a spreadsheet."""

from __future__ import annotations

import io

import pandas as pd

from data_sources.exports import neutralise, safe_csv


def test_formula_leading_text_gets_an_apostrophe() -> None:
    """It turns =SUM(A1), +1, -cmd, @x and a tab-led cell into text a spreadsheet shows as is."""
    assert neutralise("=SUM(A1:A9)") == "'=SUM(A1:A9)"
    assert neutralise("+1 555 0100") == "'+1 555 0100"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("@SUM(1)") == "'@SUM(1)"
    assert neutralise("\t=1") == "'\t=1"
    assert neutralise("Billing") == "Billing"
    assert neutralise(-5) == -5


def test_a_csv_keeps_numbers_and_neutralises_text() -> None:
    """It writes two rows whose comment cells are neutralised and whose counts stay numbers."""
    frame = pd.DataFrame(
        {"team": ["=cmd|' /C calc'!A0", "Billing"], "volume": [-3, 12], "=odd header": ["a", "b"]}
    )
    text = safe_csv(frame).decode("utf-8-sig")
    read_back = pd.read_csv(io.StringIO(text))
    assert list(read_back.columns) == ["team", "volume", "'=odd header"]
    assert read_back["team"].tolist() == ["'=cmd|' /C calc'!A0", "Billing"]
    assert read_back["volume"].tolist() == [-3, 12]
