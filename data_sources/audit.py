"""The audit log: sign-ins, imports, review saves, settings and account changes (CEO only).

``record`` adds one event inside the caller's transaction, so an event is stored exactly
when the change it describes is. ``detail`` is a small JSON object; any key that names a
secret (password, token, secret, hash, cookie) is written as ``"[removed]"``, so a careless
caller cannot put a password or a session token into the log.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from data_sources.models import Account, AuditAction, AuditEvent

if TYPE_CHECKING:
    from data_sources.access import Viewer

SECRET_KEY = re.compile(r"pass|token|secret|hash|cookie|credential", re.IGNORECASE)
REMOVED = "[removed]"
TARGET_LENGTH = 500


def record(
    session: Session,
    actor: Account | Viewer | None,
    action: str,
    target: str | None = None,
    detail: Mapping[str, Any] | None = None,
    *,
    at: datetime | None = None,
) -> AuditEvent:
    """Add one event; ``actor`` None means the command line or the system itself."""
    chosen = AuditAction(action)  # an unknown action is a programming error: ValueError
    if isinstance(actor, Account):
        actor_id, actor_email = actor.id, actor.email
    elif actor is not None:
        actor_id, actor_email = actor.account_id, actor.email
    else:
        actor_id, actor_email = None, None
    event = AuditEvent(
        at=at or datetime.now(UTC),
        actor_account_id=actor_id,
        actor_email=actor_email,
        action=chosen.value,
        target=None if target is None else target[:TARGET_LENGTH],
        detail=None if detail is None else json.dumps(_without_secrets(detail), default=str),
    )
    session.add(event)
    session.flush()
    return event


def _without_secrets(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {
            str(key): REMOVED if SECRET_KEY.search(str(key)) else _without_secrets(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [_without_secrets(item) for item in value]
    return value


def recent(session: Session, *, limit: int = 100, action: str | None = None) -> list[AuditEvent]:
    """The newest events first, optionally of one action."""
    query = select(AuditEvent).order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    if action is not None:
        query = query.where(AuditEvent.action == AuditAction(action).value)
    return list(session.exec(query.limit(limit)))


def detail_of(event: AuditEvent) -> dict[str, Any]:
    """The event's detail as a dict (empty when it has none)."""
    return dict(json.loads(event.detail)) if event.detail else {}
