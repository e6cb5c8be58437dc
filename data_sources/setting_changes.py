"""What every settings change shares: the error a person can read, and its audit event.

A change and its ``settings_changed`` event go into the caller's one transaction, so the log
holds exactly the changes that were stored. The actor is the signed-in viewer who saved
(None reads as the command line or the app itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlmodel import Session

from data_sources import audit
from data_sources.models import Account, AuditAction

if TYPE_CHECKING:
    from data_sources.access import Viewer

    Actor: TypeAlias = Account | Viewer | None
MAX_NAME = 200


class InvalidSetting(ValueError):
    """The value cannot be stored; the message says why, in the words of the page."""


def record_change(
    session: Session,
    actor: Actor,
    target: str,
    detail: Mapping[str, Any],
) -> None:
    audit.record(session, actor, AuditAction.SETTINGS_CHANGED, target, detail)


def clean_name(name: str, what: str) -> str:
    """A name stripped of surrounding spaces; empty or too long is refused."""
    cleaned = name.strip()
    if not cleaned:
        raise InvalidSetting(f"The {what} needs a name.")
    if len(cleaned) > MAX_NAME:
        raise InvalidSetting(f"The {what} name is longer than {MAX_NAME} characters.")
    return cleaned
