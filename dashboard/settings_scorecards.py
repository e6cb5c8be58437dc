"""Settings section: the QA scorecards, their categories, and switching one off."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import settings_loaders
from dashboard.access import current_viewer as who  # the actor in the audit log
from dashboard.components import data_table
from dashboard.downloads import csv_download
from dashboard.settings_save import save
from data_sources import scorecard_settings as cards

CATEGORY_COLUMNS = {
    "position": "Order",
    "name": "Category",
    "weight": "Weight",
    "scale_min": "Scale from",
    "scale_max": "Scale to",
    "critical": "Critical",
}


def scorecards(url: str, version: int) -> None:
    listed = settings_loaders.scorecards(url, version)
    if listed.empty:
        st.info("No scorecard yet: create one below, then add its categories.")
    else:
        data_table(
            listed,
            key="scorecard_table",
            hide_index=True,
            column_order=["name", "active", "categories"],
            column_config={"name": "Scorecard", "active": "In use", "categories": "Categories"},
        )
        csv_download(listed, file_name="scorecards.csv", key="scorecards_csv")
    with st.form("scorecard_create_form", clear_on_submit=True):
        name = st.text_input("New scorecard", key="scorecard_new_name")
        if st.form_submit_button("Create scorecard"):
            save(url, lambda session: cards.create_scorecard(session, who(), name))
    if listed.empty:
        return
    names: dict[int, str] = dict(zip(listed["id"].tolist(), listed["name"], strict=True))
    card_id: int = st.selectbox(
        "Scorecard", list(names), format_func=lambda card: names[card], key="scorecard_pick"
    )
    active = bool(listed.set_index("id").at[card_id, "active"])
    if st.button(
        "Switch this scorecard off" if active else "Switch this scorecard on",
        key="scorecard_active",
        help="A switched-off scorecard keeps its reviews and is not offered for new ones.",
    ):
        save(url, lambda session: cards.set_scorecard_active(session, who(), card_id, not active))
    _categories(url, version, card_id)


def _categories(url: str, version: int, card_id: int) -> None:
    found = settings_loaders.categories(url, version, card_id)
    if found.empty:
        st.info("This scorecard has no category yet: add one below.")
    else:
        data_table(
            found,
            key="category_table",
            hide_index=True,
            column_order=list(CATEGORY_COLUMNS),
            column_config=CATEGORY_COLUMNS,
        )
        csv_download(found, file_name="scorecard-categories.csv", key="categories_csv")
    labels = dict(zip(found["id"].tolist(), found["name"], strict=True))
    category_id = st.selectbox(
        "Category to edit",
        [None, *labels],
        format_func=lambda chosen: "A new category" if chosen is None else labels[chosen],
        key=f"category_pick_{card_id}",
    )
    current = _category_values(found, category_id)
    suffix = f"{card_id}_{category_id}"
    with st.form(f"category_form_{suffix}"):
        name_column, weight_column, low_column, high_column = st.columns([3, 1, 1, 1])
        name: str = name_column.text_input(
            "Name", value=current["name"], key=f"category_name_{suffix}"
        )
        weight = weight_column.number_input(
            "Weight (0–100)", value=float(current["weight"]), key=f"category_weight_{suffix}"
        )
        low = low_column.number_input(
            "Scale from", value=int(current["scale_min"]), step=1, key=f"category_min_{suffix}"
        )
        high = high_column.number_input(
            "Scale to", value=int(current["scale_max"]), step=1, key=f"category_max_{suffix}"
        )
        critical = st.checkbox(
            "Critical (failing it sets the review to 0)",
            value=bool(current["critical"]),
            key=f"category_critical_{suffix}",
        )
        if st.form_submit_button("Save category", type="primary"):
            save(
                url,
                lambda session: cards.save_category(
                    session,
                    None,
                    card_id,
                    name=name,
                    weight=weight,
                    scale_min=int(low),
                    scale_max=int(high),
                    critical=critical,
                    category_id=category_id,
                ),
            )


def _category_values(found: pd.DataFrame, category_id: int | None) -> dict[str, Any]:
    if category_id is None:
        return {"name": "", "weight": 10.0, "scale_min": 1, "scale_max": 5, "critical": False}
    row = found.set_index("id").loc[category_id]
    return {
        column: row[column] for column in ("name", "weight", "scale_min", "scale_max", "critical")
    }
