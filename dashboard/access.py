"""Who is looking: the one place the app decides what the viewer may see.

Everyone sees every team until sign-in exists; when it does, only this function changes
(derive the scope from the signed-in user, which survives a new session, never from
``session_state``), and every loader already takes the scope it returns.
"""

from __future__ import annotations

from data_sources.scope import Scope


def current_scope() -> Scope:
    """The viewer's scope: every team, for now (there is no sign-in yet)."""
    return Scope.everything()
