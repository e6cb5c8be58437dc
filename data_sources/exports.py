"""Tables leave the product as CSV that a spreadsheet cannot run.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return, which some
spreadsheets skip before reading a formula) is a formula to Excel, LibreOffice and Sheets;
a customer who writes ``=HYPERLINK(...)`` into a chat must not get it run on a manager's
laptop (OWASP "CSV injection"). Such text cells get a leading apostrophe, the spreadsheets'
own "this is text" mark. Numbers are left alone, so ``-5`` stays a number.
"""

from __future__ import annotations

import pandas as pd

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value`` made safe to open in a spreadsheet: formula-leading text gets a ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV (BOM: Excel reads accents), every text cell neutralised."""
    safe = frame.copy()
    safe.columns = [str(neutralise(str(column))) for column in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe.to_csv(index=False).encode("utf-8-sig")
