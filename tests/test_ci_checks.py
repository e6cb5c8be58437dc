"""Checks CI runs with the tests: settings that keep the app safe, and the code that shows text.

- ``.streamlit/config.toml`` keeps XSRF protection on and an upload limit set, and nothing
  that starts the app turns them off on its command line.
- No page or dashboard module hands text from data to something that renders HTML
  (``unsafe_allow_html``, ``st.html``, ``components.html``, ``st.iframe``) or markdown
  (``st.markdown``, ``st.caption``, ``st.info``, a metric's label…) without
  ``escape_markdown``: an AST scan, with a short, reviewed allow-list.
- ``pip-audit`` finds no known vulnerability in ``requirements.lock``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("dashboard", "pages")
CONSTANT_HOMES = ("dashboard", "pages", "data_sources", "kpis")

# Streamlit calls that render their text as markdown, and the arguments that do.
MARKDOWN_SINKS = {
    "markdown", "write", "caption", "title", "header", "subheader", "info", "warning",
    "error", "success", "toast", "metric", "expander", "popover", "latex", "badge",
}  # fmt: skip
MARKDOWN_PLACES = {(0, "body"), (0, "label"), (-1, "help")}
# Calls whose result is safe inside markdown: escaped text, numbers, durations; a transcript
# with its findings marked (transcript_marks escapes every character of the message); the
# channel filter said in words (channels are the fixed list, checked on import and in links).
SAFE_CALLS = {
    "escape_markdown", "len", "int", "float", "round", "readable_duration", "marked_markdown",
    "channels_counted",
}  # fmt: skip
# Anything that renders HTML or runs a script: only the allow-listed call may use it.
HTML_SINKS = {"html", "iframe", "declare_component"}
HTML_ALLOWED = {
    # The sign-in cookie frame: our own script around our own session token (json-encoded),
    # never text from data; see dashboard/sign_in_cookie.py.
    (
        "dashboard/sign_in_cookie.py",
        "st.iframe(cookie_script(token), height=1, tab_index=-1, alt='Keeps you signed in')",
    ),
}  # fmt: skip
# Reviewed values that reach markdown unescaped: none of them is text from data.
MARKDOWN_ALLOWED = {
    # dates (datetime.date) and ints: digits and dashes only
    ("dashboard/components.py", "first_day"),
    ("dashboard/components.py", "last_day"),
    ("dashboard/filters.py", "kept[0]"),
    ("dashboard/filters.py", "kept[1]"),
    ("*", "view.first_day"),
    ("*", "view.last_day"),
    ("dashboard/filters.py", "anchor"),
    ("dashboard/interaction_view.py", "interaction_id"),
    ("dashboard/overview_sections.py", "days"),
    ("dashboard/overview_sections.py", "previous"),
    ("dashboard/team_live.py", "seconds"),
    # a channel: one of the fixed list (phone, email, chat…), checked on import
    ("dashboard/channel_sections.py", "channel"),
    # the live counters' own labels (constants in a dict, looped over)
    ("dashboard/team_live.py", "label"),
    # the upload form's own list of file endings and its configured limit
    ("dashboard/data_import_form.py", "', '.join(FILE_TYPES)"),
    # KPI names, descriptions and marks are the registry's own words (kpis/registry.py)
    ("dashboard/overview_sections.py", "kpi.label"),
    ("dashboard/overview_sections.py", "kpi.description"),
    ("dashboard/overview_sections.py", "kpi.label.lower()"),
    ("dashboard/overview_sections.py", "colour"),
    ("dashboard/overview_sections.py", "figures.MARKS[state]"),
    ("dashboard/overview_sections.py", "target_text"),
    ("dashboard/overview_sections.py", "figures.value_text(kpi, target)"),
    ("dashboard/scorecard_form.py", "shown_score(saved[1])"),
    ("dashboard/scorecard_form.py", "missing"),
    # the signed-in e-mail inside a code span, its backticks replaced: shown as written
    ("dashboard/sign_in_form.py", "email"),
    # notes kept in session state between runs; only constants are ever stored there
    # ("Saved"; sign_in_state.ENDED / NO_ACCOUNT)
    ("dashboard/settings_save.py", "note"),
    ("dashboard/sign_in_form.py", "note"),
}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    call: str
    value: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}(… {self.value} …)"


def python_files(*folders: str) -> Iterator[Path]:
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py"))


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def called_name(call: ast.Call) -> str | None:
    function = call.func
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute):
        return function.attr
    return None


def imported_modules(tree: ast.Module) -> set[str]:
    """Names bound to modules other than streamlit (``url_filters.write`` is not ``st.write``)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])
    return names - {"st", "streamlit"}


def module_constants() -> dict[str, ast.expr]:
    """Every module-level ``UPPER_CASE = value`` of the project's packages."""
    constants: dict[str, ast.expr] = {}
    for path in python_files(*CONSTANT_HOMES):
        for node in parsed(path).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id.isupper():
                    constants[target.id] = node.value
    return constants


class Scan:
    """Markdown sinks (Streamlit's own and functions that pass a parameter on to one)."""

    def __init__(self) -> None:
        self.constants = module_constants()
        self.trees = {relative(path): parsed(path) for path in python_files(*SCANNED)}
        # function name -> (positional index, parameter name) that reach markdown
        self.sinks: dict[str, set[tuple[int, str]]] = {
            name: set(MARKDOWN_PLACES) for name in MARKDOWN_SINKS
        }
        self._propagate()

    def sink_arguments(self, call: ast.Call, modules: set[str]) -> list[ast.expr]:
        name = called_name(call)
        if name not in self.sinks:
            return []
        function = call.func
        receiver = function.value if isinstance(function, ast.Attribute) else None
        if isinstance(receiver, ast.Name) and receiver.id in modules:
            return []  # another module's function of the same name
        places = self.sinks[name]
        found = [arg for index, arg in enumerate(call.args) if any(i == index for i, _ in places)]
        found += [k.value for k in call.keywords if any(p == k.arg for _, p in places)]
        return list({id(arg): arg for arg in found}.values())

    def _propagate(self) -> None:
        changed = True
        while changed:
            changed = False
            for tree in self.trees.values():
                modules = imported_modules(tree)
                for function in ast.walk(tree):
                    if not isinstance(function, ast.FunctionDef):
                        continue
                    positional = [a.arg for a in function.args.args]
                    parameters = positional + [a.arg for a in function.args.kwonlyargs]
                    local = self.assignments(function)
                    for call in self.calls_in(function):
                        for argument in self.sink_arguments(call, modules):
                            for part in self.unsafe_parts(argument, set(), local):
                                for name in self.parameters_in(part, parameters):
                                    index = positional.index(name) if name in positional else -1
                                    place = (index, name)
                                    if place not in self.sinks.setdefault(function.name, set()):
                                        self.sinks[function.name].add(place)
                                        changed = True

    @staticmethod
    def parameters_in(expression: ast.expr, parameters: list[str]) -> list[str]:
        return [
            node.id
            for node in ast.walk(expression)
            if isinstance(node, ast.Name) and node.id in parameters
        ]

    @staticmethod
    def assignments(scope: ast.AST) -> dict[str, list[ast.expr]]:
        """What each local name of ``scope`` is assigned (a loop variable: itself, unknown)."""
        found: dict[str, list[ast.expr]] = {}
        for node in Scan.nodes_in(scope):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None:
                if isinstance(node.target, ast.Name):
                    found.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.For | ast.comprehension | ast.NamedExpr):
                target = node.target
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        found.setdefault(name.id, []).append(name)  # unknown: flagged
        return found

    def unsafe_parts(
        self,
        expression: ast.expr,
        parameters: set[str],
        local: dict[str, list[ast.expr]],
        seen: frozenset[str] = frozenset(),
    ) -> list[ast.expr]:
        """The parts of ``expression`` that may carry text from data into markdown."""

        def parts(inner: ast.expr) -> list[ast.expr]:
            return self.unsafe_parts(inner, parameters, local, seen)

        match expression:
            case ast.Constant():
                return []
            case ast.Name(id=name) if name in parameters:
                return []  # checked where the function is called
            case ast.Name(id=name) if name in local and name not in seen:
                values = local[name]
                if any(
                    value is expression or (isinstance(value, ast.Name) and value.id == name)
                    for value in values
                ):
                    return [expression]
                inner_seen = seen | {name}
                found = [
                    part
                    for value in values
                    for part in self.unsafe_parts(value, parameters, local, inner_seen)
                ]
                return [expression] if found else []
            case ast.Name(id=name) if name.isupper() and name in self.constants:
                return parts(self.constants[name])
            case ast.Call() if called_name(expression) in SAFE_CALLS:
                return []
            case ast.JoinedStr(values=values):
                return [part for value in values for part in parts(value)]
            case ast.FormattedValue(value=value, format_spec=spec):
                # a format spec (",", ".1f", "%H:%M") only formats numbers and times
                return [] if spec is not None else parts(value)
            case ast.BinOp(left=left, right=right):
                return parts(left) + parts(right)
            case ast.IfExp(body=body, orelse=orelse):
                return parts(body) + parts(orelse)
            case ast.List(elts=items) | ast.Tuple(elts=items):
                return [part for item in items for part in parts(item)]
        return [expression]

    def findings(self) -> list[Finding]:
        found = []
        for path, tree in self.trees.items():
            modules = imported_modules(tree)
            for scope, parameters in self.scopes(tree):
                local = self.assignments(scope)
                for call in self.calls_in(scope):
                    for argument in self.sink_arguments(call, modules):
                        for part in self.unsafe_parts(argument, parameters, local):
                            value = ast.unparse(part)
                            if not {(path, value), ("*", value)} & MARKDOWN_ALLOWED:
                                found.append(
                                    Finding(path, call.lineno, called_name(call) or "", value)
                                )
        return found

    @staticmethod
    def scopes(tree: ast.Module) -> Iterator[tuple[ast.AST, set[str]]]:
        yield tree, set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                arguments = node.args.args + node.args.kwonlyargs
                yield node, {a.arg for a in arguments}

    @staticmethod
    def nodes_in(scope: ast.AST) -> Iterator[ast.AST]:
        """Nodes directly in ``scope`` (a nested function is a scope of its own)."""
        stack = list(ast.iter_child_nodes(scope))
        while stack:
            node = stack.pop()
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            yield node
            stack.extend(ast.iter_child_nodes(node))

    @staticmethod
    def calls_in(scope: ast.AST) -> Iterator[ast.Call]:
        return (node for node in Scan.nodes_in(scope) if isinstance(node, ast.Call))


def test_no_text_reaches_markdown_without_escape_markdown() -> None:
    """Every value in a markdown-rendering call is a constant, a number or escaped text."""
    findings = Scan().findings()
    assert not findings, "unescaped values reach markdown:\n" + "\n".join(map(str, findings))


def test_the_scan_sees_data_passed_through_a_helper() -> None:
    """A helper that hands its parameter to st.caption is a sink too: its caller is flagged."""
    scan = Scan()
    module = ast.parse(
        "import streamlit as st\n"
        "def note(text):\n    st.caption(f'Team {text}')\n"
        "def page():\n    name = load_team_name()\n    note(name)\n"
        "    note(escape_markdown(name))\n    st.info(f'{name} waits')\n"
        "    safe = escape_markdown(name)\n    st.info(f'{safe} waits, {count:,} of them')\n"
    )
    scan.trees = {"dashboard/example.py": module}
    scan._propagate()
    shown = sorted((f.line, f.call, f.value) for f in scan.findings())
    assert shown == [(6, "note", "name"), (8, "info", "name")]


def test_nothing_renders_html_but_the_reviewed_sign_in_frame() -> None:
    """No unsafe_allow_html anywhere; st.html, components.html and st.iframe only as allowed."""
    found = []
    for path in python_files(*SCANNED):
        for node in ast.walk(parsed(path)):
            if not isinstance(node, ast.Call):
                continue
            source = (relative(path), ast.unparse(node))
            unsafe = any(k.arg == "unsafe_allow_html" for k in node.keywords)
            if unsafe or (called_name(node) in HTML_SINKS and source not in HTML_ALLOWED):
                found.append(source)
    assert not found, f"HTML rendered outside the allow-list: {found}"


def test_the_sign_in_frame_carries_only_its_own_token() -> None:
    """The frame's one script holds the token json-encoded and nothing else from outside."""
    cookie = pytest.importorskip("dashboard.sign_in_cookie")
    script = cookie.cookie_script("abc_DEF-123")
    assert '"abc_DEF-123"' in script
    assert script.count("<script>") == 1


def test_streamlit_config_keeps_xsrf_protection_and_the_upload_limit() -> None:
    """enableXsrfProtection = true and maxUploadSize = 500 (MB), as the README says."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == 500


def test_tables_offer_no_download_that_skips_the_formula_guard() -> None:
    """Streamlit's own table export writes "=cmd" cells raw, so it stays off; every
    download left goes through ``csv_download`` (``safe_csv``): no other download_button."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True
    buttons = [
        relative(path)
        for path in python_files(*SCANNED)
        for node in ast.walk(parsed(path))
        if isinstance(node, ast.Call) and called_name(node) == "download_button"
    ]
    assert buttons == ["dashboard/downloads.py"]
    [button] = [
        node
        for node in ast.walk(parsed(ROOT / "dashboard" / "downloads.py"))
        if isinstance(node, ast.Call) and called_name(node) == "download_button"
    ]
    [data] = [keyword.value for keyword in button.keywords if keyword.arg == "data"]
    assert isinstance(data, ast.Lambda)
    assert isinstance(data.body, ast.Call) and called_name(data.body) == "safe_csv"


def test_nothing_that_starts_the_app_overrides_those_settings() -> None:
    """pulse serve, the test server and CI never pass --server.enableXsrfProtection etc."""
    starters = [
        *python_files("pulse_cli", "dashboard", "bench", "docs"),
        ROOT / "Makefile",
        ROOT / ".ci" / "run",
    ]
    for path in starters:
        if path.exists():
            text = path.read_text(encoding="utf-8")
            for option in (
                "--server.enableXsrfProtection",
                "--server.maxUploadSize",
                "set_option(",
                "STREAMLIT_SERVER_ENABLE_XSRF",
                "STREAMLIT_SERVER_MAX_UPLOAD",
            ):
                assert option not in text, f"{relative(path)} sets {option}"


@pytest.mark.slow
def test_pip_audit_finds_no_known_vulnerability_in_the_lock() -> None:
    """pip-audit over requirements.lock (PyPI's advisory data): no package has a known one."""
    command = [
        sys.executable, "-m", "pip_audit", "-r", str(ROOT / "requirements.lock"),
        "--no-deps", "--disable-pip", "--progress-spinner", "off", "-f", "json",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
    report = json.loads(done.stdout or "{}")
    dependencies = report.get("dependencies", [])
    assert dependencies, f"pip-audit gave no report:\n{done.stderr[-2000:]}"
    vulnerable = [
        f"{d['name']} {d['version']}: {', '.join(v['id'] for v in d['vulns'])}"
        for d in dependencies
        if d.get("vulns")
    ]
    assert not vulnerable, "known vulnerabilities in requirements.lock:\n" + "\n".join(vulnerable)
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        pytest.skip(
            f"pip-audit could audit none of the {len(dependencies)} locked packages: the "
            "package index here serves no vulnerability data (first reason: "
            f"{dependencies[0].get('skip_reason')})"
        )
