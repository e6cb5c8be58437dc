"""Checks on transcripts: what agents and customers wrote, turned into stored findings.

Pure: text and lists in, findings out; no database, no Streamlit. The importer calls
`analyse_interaction` once per interaction and stores its findings and flags; the three-times
rule reads `themes_of` / `recurring_themes`. README.md beside this file says how each check
decides.
"""

from kpis.transcripts.findings import (
    CustomerRecord,
    Finding,
    TranscriptFindings,
    TranscriptFlags,
    analyse_interaction,
)
from kpis.transcripts.phrases import DEFAULT_PHRASES, PhraseLists
from kpis.transcripts.themes import RecurringTheme, ThemeMention, recurring_themes, themes_of

__all__ = [
    "DEFAULT_PHRASES",
    "CustomerRecord",
    "Finding",
    "PhraseLists",
    "RecurringTheme",
    "ThemeMention",
    "TranscriptFindings",
    "TranscriptFlags",
    "analyse_interaction",
    "recurring_themes",
    "themes_of",
]
