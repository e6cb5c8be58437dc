"""Every table of Service Pulse, in one place (as SQLModel's own tutorial keeps them).

The shape follows ``design/data.md``: what a service organisation logs (interactions, their
messages and promises), what people think of it (CSAT, QA reviews, public reviews), who does
the work (teams, people, customers), how the data got here (import runs, quarantine) and what
the organisation expects of itself (targets, phrase lists, scorecards).

All timestamps are timezone-aware UTC (``UtcDateTime``). Records that come from outside are
keyed by the system they came from and that system's own id, so importing the same export
twice changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

from data_sources.timestamps import UtcDateTime

# Named constraints, so migrations can refer to them on both databases.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    SOCIAL = "social"
    SMS = "sms"
    WEB = "web"
    OTHER = "other"


class Role(StrEnum):
    AGENT = "agent"
    LEADER = "leader"
    MANAGER = "manager"
    QA = "qa"
    CEO = "ceo"


class Status(StrEnum):
    OPEN = "open"
    PENDING = "pending"
    RESOLVED = "resolved"
    CLOSED = "closed"


class AuthorRole(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    SYSTEM = "system"


class ReviewKind(StrEnum):
    """What an internal review is: a QA review, a peer review, or a leader's coaching note."""

    QA = "qa"
    PEER = "peer"
    COACHING = "coaching"


def _when(*, nullable: bool = True, index: bool = False) -> datetime | None:
    return Field(default=None, sa_type=UtcDateTime, nullable=nullable, index=index)  # type: ignore[no-any-return]


# --- who does the work -------------------------------------------------------------------


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=200)
    # A leader may lead several teams; the foreign key is added after `person` exists.
    leader_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("person.id", use_alter=True, ondelete="SET NULL"), nullable=True
        ),
    )


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=200)  # the id the source systems know them by
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320, unique=True)
    role: str = Field(default=Role.AGENT, max_length=20)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    active: bool = True


class Customer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("source", "external_id"),)
    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=100)
    external_id: str = Field(max_length=200)
    name: str | None = Field(default=None, max_length=300)
    title: str | None = Field(default=None, max_length=20)  # Mr, Mrs, Ms, Mx, Dr


# --- what happened -----------------------------------------------------------------------


class Interaction(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index("ix_interaction_created_at", "created_at"),
        Index("ix_interaction_team_created", "team_id", "created_at"),
        Index("ix_interaction_agent_created", "agent_id", "created_at"),
        Index("ix_interaction_channel_created", "channel", "created_at"),
        # Open items: unanswered or unresolved work the live team view lists.
        Index(
            "ix_interaction_open",
            "team_id",
            "created_at",
            sqlite_where=text("resolved_at IS NULL"),
            postgresql_where=text("resolved_at IS NULL"),
        ),
        # Unanswered work: the few rows whose SLA status depends on the report's as-of, with
        # the columns a report groups them by, so it reads the index alone.
        Index(
            "ix_interaction_unanswered",
            "created_at",
            "team_id",
            "agent_id",
            "channel",
            sqlite_where=text("first_response_at IS NULL"),
            postgresql_where=text("first_response_at IS NULL"),
        ),
        Index(
            "ix_interaction_escalated_to",
            "escalated_to_id",
            "escalated_at",
            sqlite_where=text("escalated"),
            postgresql_where=text("escalated"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=100)
    external_id: str = Field(max_length=200)
    channel: str = Field(max_length=20)
    created_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    team_id: int = Field(foreign_key="team.id")
    agent_id: int | None = Field(default=None, foreign_key="person.id")
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    topic: str | None = Field(default=None, max_length=300)
    tags: str | None = None  # ';'-separated, as in the native format
    first_response_at: datetime | None = _when()
    resolved_at: datetime | None = _when()
    status: str = Field(default=Status.OPEN, max_length=20)
    escalated: bool = False
    escalated_to_id: int | None = Field(default=None, foreign_key="person.id")
    escalated_at: datetime | None = _when()
    escalation_picked_up_at: datetime | None = _when()
    transfers: int = 0
    reopens: int = 0
    csat: int | None = None
    csat_comment: str | None = None
    import_run_id: int | None = Field(default=None, foreign_key="importrun.id")
    content_hash: str | None = Field(default=None, max_length=64)  # unchanged re-imports


class Message(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("interaction_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    interaction_id: int = Field(foreign_key="interaction.id", ondelete="CASCADE")
    position: int  # order within the interaction, from 0
    sent_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    author_role: str = Field(max_length=20)
    author: str | None = Field(default=None, max_length=200)
    text: str


class Promise(SQLModel, table=True):
    """A commitment made to the customer: "you'll have the replacement by Friday"."""

    __table_args__ = (
        UniqueConstraint("interaction_id", "external_id"),
        Index(
            "ix_promise_due_open",
            "due_at",
            sqlite_where=text("kept_at IS NULL"),
            postgresql_where=text("kept_at IS NULL"),
        ),
        # Unkept promises as a report reads them (its interaction, due and notice times).
        Index(
            "ix_promise_unkept",
            "interaction_id",
            "due_at",
            "customer_updated_at",
            sqlite_where=text("kept_at IS NULL"),
            postgresql_where=text("kept_at IS NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    interaction_id: int = Field(foreign_key="interaction.id", ondelete="CASCADE")
    external_id: str = Field(max_length=200)
    made_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    due_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    kept_at: datetime | None = _when()
    customer_updated_at: datetime | None = _when()
    description: str | None = None


# --- what people think of it -------------------------------------------------------------


class Scorecard(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=200)
    active: bool = True


class ScorecardCategory(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("scorecard_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    scorecard_id: int = Field(foreign_key="scorecard.id", ondelete="CASCADE")
    name: str = Field(max_length=200)
    position: int = 0
    weight: float = Field(default=1.0, ge=0, le=100)
    scale_min: int = 1
    scale_max: int = 5  # pass/fail is 0..1
    critical: bool = False


class QaReview(SQLModel, table=True):
    """An internal review of one interaction: QA, peer, or a leader's coaching note."""

    __table_args__ = (
        UniqueConstraint("interaction_id", "reviewer_id", "reviewed_at"),
        Index("ix_qareview_reviewer_reviewed", "reviewer_id", "reviewed_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    interaction_id: int = Field(foreign_key="interaction.id", ondelete="CASCADE", index=True)
    reviewer_id: int = Field(foreign_key="person.id")
    reviewed_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    kind: str = Field(default=ReviewKind.QA, max_length=20)
    scorecard_id: int | None = Field(default=None, foreign_key="scorecard.id")
    score: float | None = Field(default=None, ge=0, le=100)  # computed from the answers
    comment: str | None = None
    calibration: bool = False


class QaAnswer(SQLModel, table=True):
    """One category's answer in a review; ``value`` None means "n/a"."""

    __table_args__ = (UniqueConstraint("review_id", "category_id"),)
    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="qareview.id", ondelete="CASCADE")
    category_id: int = Field(foreign_key="scorecardcategory.id")
    value: int | None = None


class PublicReview(SQLModel, table=True):
    """A review the public wrote on Trustpilot, Google, an app store ("earned media")."""

    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index("ix_publicreview_published", "published_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=100)
    external_id: str = Field(max_length=200)
    platform: str = Field(max_length=100)
    published_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    rating: int = Field(ge=1, le=5)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    text: str | None = None


# --- how the data got here ---------------------------------------------------------------


class ImportRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    file_name: str = Field(max_length=500)
    file_hash: str | None = Field(default=None, max_length=64)
    source: str = Field(max_length=100)
    format: str = Field(max_length=40)
    kind: str | None = Field(default=None, max_length=40)
    started_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    finished_at: datetime | None = _when()
    status: str = Field(default="running", max_length=20)  # running, done, refused, failed
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    message: str | None = None
    imported_by: str | None = Field(default=None, max_length=200)


class QuarantinedRow(SQLModel, table=True):
    """A row that could not be stored as it was, kept with the reason so nothing is lost."""

    id: int | None = Field(default=None, primary_key=True)
    import_run_id: int = Field(foreign_key="importrun.id", ondelete="CASCADE", index=True)
    file_name: str = Field(max_length=500)
    line: int | None = None
    column: str | None = Field(default=None, max_length=200)
    reason: str
    raw: str | None = None


# --- what the organisation expects of itself ---------------------------------------------


class KpiTarget(SQLModel, table=True):
    """A target that overrides the registry's default for one KPI."""

    kpi_id: str = Field(primary_key=True, max_length=80)
    target: float


class ChannelTarget(SQLModel, table=True):
    """First-response target of a channel, in seconds."""

    channel: str = Field(primary_key=True, max_length=20)
    first_response_seconds: int = Field(gt=0)


class Phrase(SQLModel, table=True):
    """An entry of an editable phrase list (banned phrases, apologies, thanks, blame cues)."""

    __table_args__ = (UniqueConstraint("list_name", "phrase"),)
    id: int | None = Field(default=None, primary_key=True)
    list_name: str = Field(max_length=40)
    phrase: str = Field(max_length=300)


class KpiCell(SQLModel, table=True):
    """The KPI engine's summary of one UTC day × team × agent × channel.

    Derived data, rebuilt from the raw rows by ``refresh_after_write`` in each writer's
    transaction. Holds only what does not depend on a report's as-of: counters and
    mergeable histograms (``kpis/percentiles.py``). ``agent_key`` is the agent's person id,
    0 for interactions without an agent, -1 for the team's roll-up over all agents, and -2 for
    that roll-up over a whole ISO week (``day`` is then the Monday; ``week_cells.py``).
    """

    __table_args__ = (
        Index("ix_kpicell_team_day", "team_id", "day"),
        # One team's cells over every channel (its agents' weeks): a tight range.
        Index("ix_kpicell_team_channel_day", "team_id", "channel", "day"),
    )
    # Key order: roll-ups (agent_key -1) and agent filters read one tight range.
    agent_key: int = Field(primary_key=True)
    day: date = Field(primary_key=True)
    team_id: int = Field(primary_key=True)
    channel: str = Field(primary_key=True, max_length=20)
    volume: int = 0
    answered: int = 0
    sla_met: int = 0
    resolved: int = 0
    first_contact_resolved: int = 0
    reopened: int = 0
    escalated: int = 0
    transferred: int = 0
    csat_count: int = 0
    csat_sum: int = 0
    csat_satisfied: int = 0
    qa_count: int = 0
    qa_sum: float = 0.0
    promises_kept: int = 0
    promises_broken_late: int = 0
    promises_broken_late_notice: int = 0
    # The text KPIs' counters (``kpis.facts.TEXT_COUNTERS``), kept by the cell refresh and,
    # when the transcript flags change, by ``transcript_analysis`` (``text_cells``).
    agent_spoke: int = 0
    complaints: int = 0
    complaints_apologised: int = 0
    agent_thanked: int = 0
    banned_phrase_used: int = 0
    blamed_others: int = 0
    addressed_by_name: int = 0
    name_errors: int = 0
    histograms: bytes = Field(default=b"", sa_type=LargeBinary)


class AppSetting(SQLModel, table=True):
    """A small named setting, e.g. the team view's refresh interval."""

    key: str = Field(primary_key=True, max_length=80)
    value: str


# --- what the transcripts say (stored at write time) -------------------------------------


class TranscriptFinding(SQLModel, table=True):
    """One thing a transcript check found in one message (``kpis/transcripts``).

    ``position`` is the message's position in the interaction; ``start``/``end`` are character
    offsets into that message's text; ``detail`` is the matched text or what is wrong.
    """

    id: int | None = Field(default=None, primary_key=True)
    interaction_id: int = Field(foreign_key="interaction.id", ondelete="CASCADE", index=True)
    position: int
    check: str = Field(max_length=40)
    start: int
    end: int
    detail: str


class InteractionText(SQLModel, table=True):
    """The per-interaction flags of the transcript checks; summed, they are the text KPIs."""

    interaction_id: int = Field(foreign_key="interaction.id", ondelete="CASCADE", primary_key=True)
    has_agent_message: bool = False
    customer_complained: bool = False
    agent_apologised: bool = False
    agent_thanked: bool = False
    banned_phrase: bool = False
    blamed: bool = False
    addressed_by_name: bool = False
    name_error: bool = False
    tone_improved: bool = False


class InteractionTheme(SQLModel, table=True):
    """A complaint theme one interaction raised (topic, tag or the customer's own words).

    The interaction's customer, team, agent and time are copied here so the three-times rule
    is one indexed GROUP BY over the window, scope applied, without joining the interactions.
    """

    __table_args__ = (
        Index("ix_interactiontheme_created_at", "created_at"),
        Index("ix_interactiontheme_theme_created", "theme", "created_at"),
    )
    interaction_id: int = Field(foreign_key="interaction.id", ondelete="CASCADE", primary_key=True)
    theme: str = Field(primary_key=True, max_length=300)
    customer_id: int | None = None
    team_id: int
    agent_id: int | None = None
    created_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    quote: str | None = None


# --- who signs in ------------------------------------------------------------------------


class AccountRole(StrEnum):
    """What an account may see: everything, their teams, the reviews, or their own figures."""

    CEO = "ceo"
    LEADER = "leader"
    QA = "qa"
    AGENT = "agent"


class Account(SQLModel, table=True):
    """A person's way in. ``password_hash`` is None for accounts that sign in through OIDC.

    The e-mail is stored lower-cased (``data_sources/accounts.py`` does it), so the unique
    constraint is case-insensitive in effect. Removing the person removes the account.
    """

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, unique=True
        )
    )
    email: str = Field(unique=True, max_length=320)
    password_hash: str | None = Field(default=None, max_length=200)
    role: str = Field(max_length=20)
    disabled: bool = False
    created_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    last_sign_in_at: datetime | None = _when()


class AccountTeam(SQLModel, table=True):
    """A team a leader leads beyond ``Team.leader_id``, or a team a QA reviewer is assigned."""

    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE", primary_key=True)
    team_id: int = Field(foreign_key="team.id", ondelete="CASCADE", primary_key=True)


class SignInSession(SQLModel, table=True):
    """A signed-in browser. Only the SHA-256 of its random token is stored, never the token.

    Sessions live in the database so every app replica on one PostgreSQL database sees a
    sign-out or a disabled account at once.
    """

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE", index=True)
    created_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    expires_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    revoked_at: datetime | None = _when()


class AuditAction(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_THROTTLED = "sign_in_throttled"  # refused unchecked: too many recent failures
    SIGN_IN_UNLOCKED = "sign_in_unlocked"  # an admin cleared an e-mail's recent failures
    SIGN_OUT = "sign_out"
    IMPORT = "import"
    REVIEW_SAVED = "review_saved"
    SETTINGS_CHANGED = "settings_changed"
    ACCOUNT_CHANGED = "account_changed"


class AuditEvent(SQLModel, table=True):
    """Who did what, when. The actor is kept by id and e-mail without a foreign key, so the
    log outlives a removed account; ``detail`` is a JSON object as text."""

    __table_args__ = (
        Index("ix_auditevent_action_at", "action", "at"),
        # The sign-in throttle's read: one e-mail's recent failures (data_sources.sign_in_throttle).
        Index("ix_auditevent_action_target_at", "action", "target", "at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UtcDateTime, nullable=False, index=True)
    actor_account_id: int | None = None
    actor_email: str | None = Field(default=None, max_length=320)
    action: str = Field(max_length=40)
    target: str | None = None
    detail: str | None = None
