"""The ``pulse_session`` cookie: how a signed-in browser stays signed in across reloads.

Why a cookie written by a script. Streamlit 1.67 reads cookies (``st.context.cookies``, the
cookies of the request that opened the session's websocket) but a script run has no HTTP
response on which to set one: the run talks to the browser over the websocket. The ways
there are, checked against Streamlit's docs and issues (streamlit/streamlit#861, #9421,
#14730):

- ``st.login``/``st.user`` keeps its own signed identity cookie, but only for OpenID Connect
  providers; local accounts cannot use it.
- An ASGI middleware on ``st.App`` (``streamlit.starlette``) can set an ``HttpOnly`` cookie on
  an HTTP response, but not from a script run, and it would replace ``streamlit run``.
- A one-pixel ``st.iframe`` of our own HTML (``components.v1.html`` is deprecated in favour
  of it) whose script writes ``parent.document.cookie``. Streamlit's HTML frames are
  same-origin (``allow-same-origin allow-scripts``), so this works with ``streamlit run``.

The app uses the third. The frame carries our own session token and nothing else (never data),
JSON-encoded; the cookie is ``pulse_session=<token>; Path=/; Max-Age=<lifetime>;
SameSite=Strict`` plus ``Secure`` when the page was served over https. The token also stays in
``st.session_state`` for the current session, so nothing depends on the frame having run.

Limits, stated plainly:

- The cookie is not ``HttpOnly`` (a script sets it, so scripts can read it). A script running
  in the page could read the token; the app renders no HTML from data (text goes through
  ``st.text``, dataframes or ``escape_markdown``), which is what keeps such a script out.
- The token sits in the frame's ``srcdoc`` in the page's DOM for as long as the session runs.
  It never appears in a URL, a query parameter or a log line, and the database keeps only its
  SHA-256 (``data_sources/sign_in.py``).
- ``Max-Age`` is the session's fixed lifetime from sign-in; the session itself ends at the
  same moment on the server, whatever the browser keeps.
- A browser with scripts disabled cannot run Streamlit at all, so has no other way in.
"""

from __future__ import annotations

import json

import streamlit as st

from data_sources.sign_in import SESSION_LIFETIME

COOKIE = "pulse_session"
_SET = """<script>
const secure = window.parent.location.protocol === "https:" ? "; Secure" : "";
const cookie = "{name}=" + {value} + "; Path=/; Max-Age={max_age}; SameSite=Strict";
window.parent.document.cookie = cookie + secure;
</script>"""


def token_from_cookie() -> str | None:
    """The session token the browser sent when it opened this session, if any."""
    value = st.context.cookies.get(COOKIE)
    # Only a non-empty string is a token (AppTest's stand-in client answers with a mock).
    return value if isinstance(value, str) and value else None


def cookie_script(token: str | None) -> str:
    """The frame's script: write ``token`` into the cookie, or remove it (None)."""
    if token is None:
        return _SET.format(name=COOKIE, value=json.dumps(""), max_age=0)
    max_age = int(SESSION_LIFETIME.total_seconds())
    return _SET.format(name=COOKIE, value=json.dumps(token), max_age=max_age)


def write(token: str | None) -> None:
    """Draw the one-pixel frame that writes (or, with None, removes) the cookie.

    Drawn on every run while it is needed: the same frame with the same script is kept by the
    browser between runs, so the script runs once, not on every rerun.
    """
    st.iframe(cookie_script(token), height=1, tab_index=-1, alt="Keeps you signed in")
