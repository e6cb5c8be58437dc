"""Checks on transcripts: what agents and customers wrote, turned into stored findings.

Pure: text and lists in, findings out; no database, no Streamlit. The importer calls
`analyse_interaction` once per interaction and stores its findings and flags; the three-times
rule reads `themes_of` / `recurring_themes`. README.md beside this file says how each check
decides.
"""

from kpis.transcripts import findings, names, normalise, themes
from kpis.transcripts.findings import (
    CustomerRecord,
    Finding,
    TranscriptFindings,
    TranscriptFlags,
    analyse_interaction,
)
from kpis.transcripts.phrases import DEFAULT_PHRASES, PhraseLists
from kpis.transcripts.themes import RecurringTheme, ThemeMention, recurring_themes, themes_of


def forget_seen_texts() -> None:
    """Empty the memos of texts, names and topics already checked (a benchmark starts cold)."""
    for memo in (
        findings._agent_phrases,
        findings._complaint_cues,
        findings._tone,
        names._addresses,
        names.name_error_kind,
        normalise.fold_name,
        themes._themes_in,
        themes.key_phrase,
    ):
        memo.cache_clear()


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
    "forget_seen_texts",
    "recurring_themes",
    "themes_of",
]
