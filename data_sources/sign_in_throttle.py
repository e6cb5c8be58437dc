"""Throttling password guesses: at most a few failed sign-ins per e-mail in any window.

The rule: when an e-mail has ``attempts`` failed sign-ins (``PULSE_SIGN_IN_ATTEMPTS``, 5)
within the last ``window`` (``PULSE_SIGN_IN_WINDOW_MINUTES``, 15), its next attempts are
refused without looking at the password until the oldest of those failures is ``window`` old.
So nobody gets more than ``attempts`` guesses at one e-mail in any ``window``.

- **Memory.** The app runs as several replicas on one database and keeps nothing in its
  processes, so the throttle reads the audit log that ``authenticate`` writes anyway: the
  e-mail's ``sign_in_failed`` events (the identity provider's refusals too: they name an
  e-mail with no enabled account, which no password signs in either). Index
  ``ix_auditevent_action_target_at`` (migration 0007) finds them.
- **Unknown e-mails** are throttled exactly like known ones (the same count, wait and
  message, checked before the account is looked up), so the throttle tells nobody which
  e-mails have accounts. Text that is not an e-mail names nobody and is not throttled.
- **A refused attempt** is written to the audit log as ``sign_in_throttled`` (the failures
  counted and when the wait ends) but is not a failure: the wait runs from the failures, so
  hammering on does not push it further and the owner who waits the time shown gets in.
- **Starting afresh.** Failures before the e-mail's last successful sign-in, or before an
  admin's ``pulse users unlock EMAIL`` (a ``sign_in_unlocked`` event), no longer count. The
  audit log is never rewritten: an unlock is one more event, and the failures stay on record.
- **Limits.** Replicas do not lock against each other: attempts that arrive at the same
  instant may all see one failure short of the limit and all be checked, so a burst can get a
  few guesses more than ``attempts`` once; every one of them is recorded and counts. The
  throttle is per e-mail: guessing one password across many e-mails (spraying) is slowed only
  by each password check's argon2 cost.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from data_sources import audit
from data_sources.environment import whole_number
from data_sources.models import AuditAction, AuditEvent

ATTEMPTS_VARIABLE = "PULSE_SIGN_IN_ATTEMPTS"
WINDOW_VARIABLE = "PULSE_SIGN_IN_WINDOW_MINUTES"
DEFAULT_ATTEMPTS = 5
DEFAULT_WINDOW_MINUTES = 15
MAX_ATTEMPTS = 1000
MAX_WINDOW_MINUTES = 7 * 24 * 60  # a week
FRESH_START = (AuditAction.SIGN_IN, AuditAction.SIGN_IN_UNLOCKED)


@dataclass(frozen=True)
class ThrottleSettings:
    attempts: int = DEFAULT_ATTEMPTS
    window: timedelta = timedelta(minutes=DEFAULT_WINDOW_MINUTES)


@dataclass(frozen=True)
class Throttled:
    """An attempt refused unchecked; ``wait`` is how long until the next one is checked."""

    wait: timedelta

    @property
    def message(self) -> str:
        return too_many_message(self.wait)


def settings_from(environment: Mapping[str, str] | None = None) -> ThrottleSettings:
    """The settings of ``environment`` (default ``os.environ``); unset or blank means default,
    an unusable value raises ``environment.SettingError`` naming it."""
    values = os.environ if environment is None else environment
    attempts = whole_number(
        values, ATTEMPTS_VARIABLE, default=DEFAULT_ATTEMPTS, lowest=1, highest=MAX_ATTEMPTS
    )
    minutes = whole_number(
        values,
        WINDOW_VARIABLE,
        default=DEFAULT_WINDOW_MINUTES,
        lowest=1,
        highest=MAX_WINDOW_MINUTES,
    )
    return ThrottleSettings(attempts=attempts, window=timedelta(minutes=minutes))


def throttle_key(email: str) -> str:
    """The audit log's target for a normalised e-mail (it keeps the first 500 characters)."""
    return email[: audit.TARGET_LENGTH]


def wait_before_next(
    session: Session, email: str, *, now: datetime, settings: ThrottleSettings
) -> timedelta | None:
    """How long the normalised ``email`` must wait before an attempt is checked; None: no wait."""
    failures = recent_failures(session, email, now=now, settings=settings)
    if len(failures) < settings.attempts:
        return None
    return failures[settings.attempts - 1] + settings.window - now


def recent_failures(
    session: Session, email: str, *, now: datetime, settings: ThrottleSettings
) -> list[datetime]:
    """When ``email`` failed to sign in within the window, newest first: at most ``attempts``
    of them, and none from before its last successful sign-in or unlock."""
    query = (
        select(AuditEvent.action, AuditEvent.at)
        .where(
            col(AuditEvent.action).in_([AuditAction.SIGN_IN_FAILED.value, *FRESH_START]),
            AuditEvent.target == throttle_key(email),
            AuditEvent.at > now - settings.window,
            AuditEvent.at <= now,
        )
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(settings.attempts)
    )
    failures = []
    for action, at in session.exec(query):
        if action != AuditAction.SIGN_IN_FAILED:
            break
        failures.append(at)
    return failures


def refuse(session: Session, email: str, wait: timedelta, *, now: datetime) -> Throttled:
    """Record the refused attempt (it does not count as a failure) and say how long to wait."""
    detail = {"reason": "too many failed sign-ins", "retry_at": (now + wait).isoformat()}
    audit.record(session, None, AuditAction.SIGN_IN_THROTTLED, email, detail, at=now)
    return Throttled(wait)


def unlock(
    session: Session, email: str, *, now: datetime, settings: ThrottleSettings
) -> list[datetime]:
    """An admin lets ``email`` try again at once; returns the failures that no longer count."""
    cleared = recent_failures(session, email, now=now, settings=settings)
    detail = {"by": "command line", "failures_cleared": len(cleared)}
    audit.record(session, None, AuditAction.SIGN_IN_UNLOCKED, email, detail, at=now)
    return cleared


def too_many_message(wait: timedelta) -> str:
    """The words the sign-in form shows; the wait in whole minutes, rounded up."""
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed sign-ins for this e-mail. Try again in {minutes} {unit}."
