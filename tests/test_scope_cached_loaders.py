"""Cached loaders key their results by the viewer's scope, so one viewer's rows are never
served to another from the cache.

Every ``st.cache_data`` function of ``dashboard/`` is found by importing its modules (and
cross-checked against the decorators in the source, so a cached function the import misses
is noticed). Each must have a ``ttl`` and a ``max_entries`` (the cache's memory is bounded),
take the data version (``version: int``, so a write shows on the next run) and ``scope: Scope``
as ordinary, hashed arguments — unless it reads only organisation-wide settings, listed below
with what it reads, which take the version but no scope.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path
from typing import Any

import pytest
from scope_dataset import SEES_TEAMS, Org, build
from sqlalchemy import Engine
from streamlit.runtime.caching.cache_data_api import CachedDataFuncInfo
from streamlit.runtime.caching.cache_utils import CachedFunc

from data_sources.scope import Scope

ROOT = Path(__file__).resolve().parents[1]
# Not imported: the entrypoint runs the app when imported.
SKIPPED = {"dashboard.app"}
# Cached reads of organisation-wide settings, which hold no team's rows.
SETTINGS_ONLY = {
    "dashboard.interaction_loaders.scorecards": "the active scorecards' questions",
    "dashboard.loaders.response_targets": "the first-response target per channel",
    "dashboard.settings_loaders.categories": "one scorecard's categories",
    "dashboard.settings_loaders.kpi_targets": "the KPI targets",
    "dashboard.settings_loaders.phrases": "the phrase lists of the transcript checks",
    "dashboard.settings_loaders.scorecards": "the scorecards",
    "dashboard.settings_loaders.team_view_refresh": "the team view's refresh interval",
    "dashboard.team_live.refresh_seconds": "the team view's refresh interval",
}


def _modules() -> list[str]:
    names = [f"dashboard.{path.stem}" for path in sorted((ROOT / "dashboard").glob("*.py"))]
    return [name for name in names if name not in SKIPPED and not name.endswith("__init__")]


def _cached_functions() -> dict[str, Any]:
    """Every ``st.cache_data`` function defined at the top of a dashboard module, by name."""
    found: dict[str, Any] = {}
    for name in _modules():
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if not isinstance(value, CachedFunc) or value._info.func.__module__ != name:
                continue
            if isinstance(value._info, CachedDataFuncInfo):  # not cache_resource (the engine)
                found[f"{name}.{attribute}"] = value
    return found


def _decorated_in_source() -> set[str]:
    """Functions whose decorator mentions ``cache_data`` or ``_cached``, read from the source."""
    names = set()
    for path in [*(ROOT / "dashboard").glob("*.py"), *(ROOT / "pages").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for decorator in node.decorator_list:
                    text = ast.unparse(decorator)
                    if "cache_data" in text or text == "_cached":
                        names.add(f"{path.parent.name}.{path.stem}.{node.name}")
    return names


CACHED = _cached_functions()


def test_the_import_finds_every_cached_function_of_the_source() -> None:
    """It finds by import exactly the functions decorated in the source (pages cache none)."""
    assert set(CACHED) == _decorated_in_source()
    assert len(CACHED) >= 30


def test_the_settings_only_list_names_real_cached_functions() -> None:
    """It keeps the exceptions list true: each one exists and is cached."""
    assert set(SETTINGS_ONLY) <= set(CACHED)


@pytest.mark.parametrize("name", sorted(CACHED))
def test_a_cached_loader_takes_the_scope_as_a_hashed_argument(name: str) -> None:
    """It requires a ttl, a max_entries and ``version: int`` (hashed: no leading underscore)
    of every cached loader, and ``scope: Scope`` (hashed, no custom hash for it) of every one
    that can return team data."""
    info = CACHED[name]._info
    parameters = inspect.signature(info.func).parameters
    assert info.ttl is not None, f"{name} has no ttl"
    assert info.max_entries is not None, f"{name} may hold any number of results"
    assert "version" in parameters, f"{name} does not take the data version"
    assert parameters["version"].annotation in (int, "int"), name
    assert not any("version" in p and p.startswith("_") for p in parameters), name
    assert not any("scope" in p and p.startswith("_") for p in parameters), name
    assert Scope not in (info.hash_funcs or {}), f"{name} hashes Scope its own way"
    if name in SETTINGS_ONLY:
        assert "scope" not in parameters, f"{name} is listed as settings-only but takes a scope"
        return
    assert "scope" in parameters, f"{name} may return team data but takes no scope"
    annotation = parameters["scope"].annotation
    assert annotation in (Scope, "Scope"), f"{name}: scope is annotated {annotation!r}"


@pytest.fixture
def org(engine: Engine) -> Org:
    return build(engine)


def test_two_viewers_never_share_a_cached_result(org: Org, database_url: str) -> None:
    """It serves Lea Alpha and Leo, asking right after with the same URL, Bravo (not the
    cached Alpha); Ada the team she worked in, Nora none."""
    from dashboard import loaders

    loaders.teams.clear()  # type: ignore[attr-defined]
    got = {
        viewer: loaders.teams(database_url, 0, org.scope(viewer))["team"].tolist()
        for viewer in ("leader A", "leader B", "agent Ada", "no access", "ceo", "qa of A")
    }
    assert got == {viewer: SEES_TEAMS[viewer] for viewer in got} | {"agent Ada": ["Alpha"]}
