"""Signing in to the app (AppTest from the entrypoint), on SQLite and PostgreSQL.

The office of tests/access_builders.py: Carla (CEO), Lena (leader of Billing and Shipping),
Quinn (QA), Ana (agent of Billing). Carla signs in with a password; the others get accounts
without one and are signed in by ``open_app(account=...)`` (a session token, as the form
makes one). Each run resolves the token against the database, so what the database says now
is what the next rerun shows.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import streamlit as st
from access_builders import Office, build_office
from app_harness import ENTRYPOINT, open_app, session_token, texts
from sqlalchemy import Engine
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dashboard import sign_in_cookie, sign_in_form, sign_in_state
from data_sources import audit
from data_sources.accounts import add_account, find_account
from data_sources.engine import DATABASE_URL_VARIABLE
from data_sources.models import Account, AccountTeam, AuditAction, Person, SignInSession, Team
from data_sources.sign_in import account_for_token, start_session, token_hash

CARLA, PASSWORD = "carla@office.example", "carla-long-password"


@pytest.fixture
def office(engine: Engine) -> Office:
    built = build_office(engine)
    with Session(engine) as session:
        person = session.get(Person, built.people["Carla"])
        assert person is not None
        add_account(
            session, email=CARLA, name="Carla", role="ceo", now=datetime.now(UTC),
            password=PASSWORD, person_key=person.key,
        )  # fmt: skip
        session.commit()
    return built


def titles(app: AppTest) -> list[str]:
    return [title.value for title in app.title]


def sign_in_through_form(app: AppTest, email: str, password: str) -> AppTest:
    app.text_input(key="sign_in_email").input(email)
    app.text_input(key="sign_in_password").input(password)
    return app.button[0].click().run()  # the form's one submit button comes first


def open_as_identity(monkeypatch: pytest.MonkeyPatch, url: str, email: str) -> AppTest:
    """The app opened by someone the identity provider signed in (``st.user``)."""
    monkeypatch.setenv(DATABASE_URL_VARIABLE, url)
    st.cache_data.clear()
    app = AppTest.from_file(str(ENTRYPOINT), default_timeout=60)
    app.user = {"is_logged_in": True, "email": email}
    return app.run()


def events(engine: Engine, action: AuditAction) -> list[tuple[str | None, str | None]]:
    with Session(engine) as session:
        return [(e.actor_email, e.target) for e in audit.recent(session, action=action)]


def test_signed_out_sees_only_the_sign_in_page(
    database_url: str, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(monkeypatch, database_url, account=None)
    assert titles(app) == ["Sign in"]
    assert not app.dataframe  # no data at all
    with pytest.raises(ValueError, match="Known pages"):
        app.switch_page("../pages/overview.py").run()


def test_the_right_password_signs_in_and_is_audited(
    database_url: str, engine: Engine, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(monkeypatch, database_url, account=None)
    sign_in_through_form(app, " Carla@Office.example ", PASSWORD)
    assert not app.exception
    assert titles(app) == ["Overview"]
    assert "Signed in as Carla · **CEO / admin**  \n`carla@office.example`" in [
        c.value for c in app.sidebar.caption
    ]
    assert events(engine, AuditAction.SIGN_IN) == [(CARLA, CARLA)]
    token = app.session_state[sign_in_state.TOKEN_KEY]
    with Session(engine) as session:  # the database holds the token's hash, not the token
        stored = session.exec(select(SignInSession.token_hash)).all()
    assert stored == [token_hash(token)] and token not in stored
    # Nothing of the token reaches the link (a URL ends up in logs and histories).
    assert all(token not in str(value) for value in app.query_params.values())


@pytest.mark.parametrize(
    ("email", "password"),
    [(CARLA, "not-her-password"), ("nobody@office.example", PASSWORD), ("carla", PASSWORD)],
)
def test_a_failed_sign_in_says_the_same_whatever_failed(
    database_url: str,
    engine: Engine,
    office: Office,
    monkeypatch: pytest.MonkeyPatch,
    email: str,
    password: str,
) -> None:
    app = open_app(monkeypatch, database_url, account=None)
    sign_in_through_form(app, email, password)
    assert titles(app) == ["Sign in"]
    assert [e.value for e in app.error] == [sign_in_form.FAILED]
    assert len(events(engine, AuditAction.SIGN_IN_FAILED)) == 1
    assert sign_in_state.TOKEN_KEY not in app.session_state


def test_a_disabled_account_cannot_sign_in(
    database_url: str, engine: Engine, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(engine) as session:
        account = find_account(session, CARLA)
        assert account is not None
        account.disabled = True
        session.add(account)
        session.commit()
    app = sign_in_through_form(open_app(monkeypatch, database_url, account=None), CARLA, PASSWORD)
    assert titles(app) == ["Sign in"] and [e.value for e in app.error] == [sign_in_form.FAILED]


def test_the_cookie_signs_in_a_new_session(
    database_url: str, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reload is a new session: its only link to the sign-in is the cookie it sends."""
    token = session_token(database_url, CARLA)
    monkeypatch.setattr(sign_in_cookie, "token_from_cookie", lambda: token)
    app = open_app(monkeypatch, database_url, account=None)
    assert titles(app) == ["Overview"]
    assert app.session_state[sign_in_state.TOKEN_KEY] == token


def test_a_spent_cookie_shows_the_sign_in_page_with_a_reason(
    database_url: str, engine: Engine, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(engine) as session:
        account = find_account(session, CARLA)
        assert account is not None
        long_ago = datetime.now(UTC) - timedelta(hours=13)
        token = start_session(session, account, now=long_ago)  # lived 12 h: over an hour ago
        session.commit()
    monkeypatch.setattr(sign_in_cookie, "token_from_cookie", lambda: token)
    app = open_app(monkeypatch, database_url, account=None)
    assert titles(app) == ["Sign in"]
    assert sign_in_state.ENDED in texts(app)
    app.run()  # the reason is said once
    assert sign_in_state.ENDED not in texts(app)


def _disable(session: Session, account: Account) -> None:
    account.disabled = True
    session.add(account)


@pytest.mark.parametrize("change", ["ended", "disabled"])
def test_a_session_ended_or_account_disabled_signs_out_on_the_next_rerun(
    database_url: str, engine: Engine, office: Office, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    app = open_app(monkeypatch, database_url, account=CARLA)
    assert titles(app) == ["Overview"]
    token = app.session_state[sign_in_state.TOKEN_KEY]
    with Session(engine) as session:
        if change == "ended":  # e.g. signed out in another tab
            session.exec(select(SignInSession)).one().revoked_at = datetime.now(UTC)
        else:
            account = find_account(session, CARLA)
            assert account is not None
            _disable(session, account)
        session.commit()
    app.run()
    assert titles(app) == ["Sign in"]
    assert sign_in_state.ENDED in texts(app)
    with Session(engine) as session:
        assert account_for_token(session, token, datetime.now(UTC)) is None


def test_sign_out_ends_the_session_everywhere(
    database_url: str, engine: Engine, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(monkeypatch, database_url, account=CARLA)
    token = app.session_state[sign_in_state.TOKEN_KEY]
    app.button(key="sign_out").click().run()
    assert titles(app) == ["Sign in"]
    assert sign_in_state.ENDED not in texts(app)  # signing out is not an ended session
    assert events(engine, AuditAction.SIGN_OUT) == [(CARLA, CARLA)]
    with Session(engine) as session:
        assert account_for_token(session, token, datetime.now(UTC)) is None
    # A second browser still sending the old cookie is not signed in either.
    monkeypatch.setattr(sign_in_cookie, "token_from_cookie", lambda: token)
    assert titles(open_app(monkeypatch, database_url, account=None)) == ["Sign in"]


ROLE_PAGES = {
    "Carla": ["Overview", "Team", "Interactions", "Feedback", "Data", "Settings", "Audit log"],
    "Lena": ["Overview", "Team", "Interactions", "Feedback"],
    "Quinn": ["Overview", "Interactions", "Feedback"],
    "Ana": ["Team", "Interactions"],
}
SCRIPTS = {
    "Overview": "overview",
    "Team": "team",
    "Interactions": "interactions",
    "Feedback": "feedback",
    "Data": "data",
    "Settings": "settings",
    "Audit log": "audit",
}


@pytest.mark.parametrize("name", ["Lena", "Quinn", "Ana"])
def test_each_role_can_open_exactly_its_pages(
    database_url: str, office: Office, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    role = {"Lena": "leader", "Quinn": "qa", "Ana": "agent"}[name]
    viewer = office.account(name, role)
    app = open_app(monkeypatch, database_url, account=viewer.email)
    assert titles(app) == [ROLE_PAGES[name][0]]  # the first page is the default
    for title, script in SCRIPTS.items():
        if title in ROLE_PAGES[name]:
            app.switch_page(f"../pages/{script}.py").run()
            assert not app.exception, f"{name} on {title}: {app.exception}"
            assert titles(app) == [title]
        else:
            with pytest.raises(ValueError, match="Known pages"):
                app.switch_page(f"../pages/{script}.py").run()


def test_a_leader_without_teams_has_no_access_yet(
    database_url: str, engine: Engine, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    viewer = office.account("Omar", "leader")  # leads Returns
    app = open_app(monkeypatch, database_url, account=viewer.email)
    assert titles(app) == ["Overview"]
    with Session(engine) as session:  # Returns gets another leader: Omar leads nothing now
        returns = session.get(Team, office.teams["Returns"])
        assert returns is not None
        returns.leader_id = office.people["Lena"]
        session.add(returns)
        session.commit()
    app.run()
    assert titles(app) == ["No access yet"]
    assert sign_in_form.NO_ACCESS in texts(app)
    assert not app.dataframe
    with pytest.raises(ValueError, match="Known pages"):
        app.switch_page("../pages/overview.py").run()


def test_a_role_changed_takes_effect_on_the_next_rerun(
    database_url: str, engine: Engine, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quinn (QA on every team) is made an agent: the Overview is gone on the next rerun."""
    viewer = office.account("Quinn", "qa")
    app = open_app(monkeypatch, database_url, account=viewer.email)
    assert titles(app) == ["Overview"]
    with Session(engine) as session:
        account = session.get(Account, viewer.account_id)
        assert account is not None
        account.role = "agent"
        session.add(account)
        session.commit()
    app.run()
    assert titles(app) == ["Team"]
    with pytest.raises(ValueError, match="Known pages"):
        app.switch_page("../pages/overview.py").run()


def test_a_granted_team_appears_on_the_next_rerun(
    database_url: str, engine: Engine, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    viewer = office.account("Omar", "leader")
    app = open_app(monkeypatch, database_url, account=viewer.email)
    options = app.multiselect(key="teams").options
    assert options == ["Returns"]
    with Session(engine) as session:
        session.add(AccountTeam(account_id=viewer.account_id, team_id=office.teams["Billing"]))
        session.commit()
    app.run()
    assert sorted(app.multiselect(key="teams").options) == ["Billing", "Returns"]


def test_an_identity_provider_user_is_mapped_to_their_account(
    database_url: str, engine: Engine, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OpenID Connect: st.user's e-mail is Lena's account; she is a leader, once signed in."""
    viewer = office.account("Lena", "leader")
    app = open_as_identity(monkeypatch, database_url, viewer.email)
    assert titles(app) == ["Overview"]
    app.run()  # a rerun is the same session: no second sign-in
    assert events(engine, AuditAction.SIGN_IN) == [(viewer.email, viewer.email)]
    with pytest.raises(ValueError, match="Known pages"):
        app.switch_page("../pages/data.py").run()


def test_an_identity_provider_user_without_an_account_gets_nothing(
    database_url: str, engine: Engine, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_as_identity(monkeypatch, database_url, "stranger@elsewhere.example")
    assert titles(app) == ["Sign in"]
    assert sign_in_state.NO_ACCOUNT in texts(app)
    app.run()
    assert events(engine, AuditAction.SIGN_IN_FAILED) == [(None, "stranger@elsewhere.example")]
    assert not events(engine, AuditAction.SIGN_IN)


def test_the_sign_in_page_offers_the_configured_identity_providers(
    database_url: str, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sign_in_form, "identity_providers", lambda: ["google", "my_okta"])
    app = open_app(monkeypatch, database_url, account=None)
    labels = [button.label for button in app.button]
    assert labels[1:] == ["Sign in with Google", "Sign in with My Okta"]


def test_the_cookie_script_carries_only_the_token_with_strict_attributes() -> None:
    script = sign_in_cookie.cookie_script("abc-_123")
    assert '"pulse_session=" + "abc-_123" + "; Path=/; Max-Age=43200; SameSite=Strict"' in script
    assert '=== "https:" ? "; Secure"' in script
    assert "Max-Age=0;" in sign_in_cookie.cookie_script(None)


@pytest.mark.parametrize(
    ("section", "providers"),
    [
        ({}, []),
        (
            {"redirect_uri": "https://x/oauth2callback", "client_id": "a", "client_secret": "b"},
            [None],
        ),
        (
            {
                "redirect_uri": "https://x/oauth2callback",
                "cookie_secret": "c",
                "google": {"client_id": "a"},
                "okta": {"client_id": "b"},
            },
            ["google", "okta"],
        ),
    ],
)
def test_identity_providers_are_read_from_the_auth_section(
    monkeypatch: pytest.MonkeyPatch, section: dict[str, object], providers: list[str | None]
) -> None:
    from streamlit.runtime.secrets import AttrDict

    monkeypatch.setattr(sign_in_form, "get_secrets_auth_section", lambda: AttrDict(section))
    assert sign_in_form.identity_providers() == providers
