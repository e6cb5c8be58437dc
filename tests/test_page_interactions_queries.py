"""The Interactions page's data: flags in SQL, paging, one interaction, saving a review."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from interactions_dataset import Known, fill, fill_many
from sqlalchemy import Engine, select

from dashboard import interaction_link
from data_sources.interaction_detail import interaction_detail, promise_status
from data_sources.interaction_queries import ListChoice, count_interactions, list_page
from data_sources.models import AuditEvent, KpiCell, QaAnswer, QaReview
from data_sources.qa_reviews import active_scorecards, reviewers, save_review
from data_sources.queries import Filters
from data_sources.scope import Scope
from kpis.window import Window

OCTOBER = Window.of_days(datetime(2026, 10, 1).date(), datetime(2026, 10, 31).date())
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture
def known(engine: Engine) -> Known:
    return fill(engine)


def _ids(engine: Engine, *flags: str, scope: Scope | None = None, **more: object) -> list[int]:
    with engine.connect() as connection:
        rows = list_page(
            connection=connection,
            window=OCTOBER,
            filters=Filters(),
            choice=ListChoice(flags=flags, **more),  # type: ignore[arg-type]
            scope=scope or Scope.everything(),
            as_of=NOW,
            page=1,
        )
    return sorted(rows["id"].tolist())


@pytest.mark.parametrize(
    ("flags", "numbers"),
    [
        ((), [1, 2, 3, 4, 5]),
        (("breached",), [2, 5]),
        (("broken_promise",), [3, 5]),
        (("escalated",), [2, 3]),
        (("transferred",), [3]),
        (("reopened",), [4]),
        (("low_csat",), [2]),
        (("escalated", "breached"), [2]),
        (("reopened", "low_csat"), []),
    ],
)
def test_each_flag_lists_the_interactions_it_names(
    engine: Engine, known: Known, flags: tuple[str, ...], numbers: list[int]
) -> None:
    """Five interactions, two escalated: the escalated flag lists those two; flags AND."""
    expected = sorted(known.interactions[n - 1] for n in numbers)
    assert _ids(engine, *flags) == expected
    with engine.connect() as connection:
        total = count_interactions(
            connection=connection,
            window=OCTOBER,
            filters=Filters(),
            choice=ListChoice(flags=flags),
            scope=Scope.everything(),
            as_of=NOW,
        )
    assert total == len(numbers)


def test_an_unanswered_email_is_breached_only_after_its_24_hours(
    engine: Engine, known: Known
) -> None:
    """Interaction 5 (29 Oct 09:00, unanswered) is not breached at 30 Oct 08:00, but at 10:00."""
    fifth = known.interactions[4]
    for as_of, breached in ((datetime(2026, 10, 30, 8, tzinfo=UTC), False), (NOW, True)):
        with engine.connect() as connection:
            rows = list_page(
                connection=connection,
                window=OCTOBER,
                filters=Filters(),
                choice=ListChoice(flags=("breached",)),
                scope=Scope.everything(),
                as_of=as_of,
                page=1,
            )
        assert (fifth in rows["id"].tolist()) is breached


def test_the_agent_filter_and_the_scope_narrow_the_list(engine: Engine, known: Known) -> None:
    """Bob handled 3 and 4; a Returns-only viewer sees those two; Bob's own scope sees his."""
    bob = known.people["Bob"]
    expected = sorted(known.interactions[n - 1] for n in (3, 4))
    assert _ids(engine, agent_ids=(bob,)) == expected
    assert _ids(engine, scope=Scope.of_teams([known.teams["Returns"]])) == expected
    assert _ids(engine, scope=Scope.of_agent(bob)) == expected


def test_a_page_row_shows_its_flags_and_first_response(engine: Engine, known: Known) -> None:
    """The chat answered after 120 s reads "Breached, Escalated, Low CSAT" with 120 s."""
    with engine.connect() as connection:
        rows = list_page(
            connection=connection,
            window=OCTOBER,
            filters=Filters(channels=("chat",)),
            choice=ListChoice(),
            scope=Scope.everything(),
            as_of=NOW,
            page=1,
        )
    row = rows.iloc[0]
    assert (row["flags"], row["first_response_seconds"], row["csat"]) == (
        "Breached, Escalated, Low CSAT",
        120,
        1,
    )


def test_120_interactions_come_in_pages_of_50_50_and_20(engine: Engine) -> None:
    """Newest first: page 3 holds the 20 oldest, the very first one last."""
    fill_many(engine, 120)
    sizes = []
    with engine.connect() as connection:
        for page in (1, 2, 3, 4):
            rows = list_page(
                connection=connection,
                window=OCTOBER,
                filters=Filters(),
                choice=ListChoice(),
                scope=Scope.everything(),
                as_of=NOW,
                page=page,
            )
            sizes.append(len(rows))
    assert sizes == [50, 50, 20, 0]
    assert rows.empty


def test_an_interaction_outside_the_scope_reads_as_unknown(engine: Engine, known: Known) -> None:
    """A Returns viewer gets None for Billing's interaction 1, as for an id that does not exist."""
    returns = Scope.of_teams([known.teams["Returns"]])
    with engine.connect() as connection:
        hidden = interaction_detail(
            connection=connection, interaction_id=known.interactions[0], scope=returns, as_of=NOW
        )
        unknown = interaction_detail(
            connection=connection, interaction_id=999_999, scope=returns, as_of=NOW
        )
        seen = interaction_detail(
            connection=connection,
            interaction_id=known.interactions[2],
            scope=returns,
            as_of=NOW,
        )
    assert hidden is None and unknown is None
    assert seen is not None
    assert seen.promises["status"].tolist() == ["broken"]
    assert "Escalated" in seen.timeline["event"].tolist()


def test_a_promise_is_kept_broken_or_pending_as_kpis_md_says() -> None:
    """Kept on time, kept late, unkept past due, unkept before due."""
    due = datetime(2026, 10, 8, tzinfo=UTC)
    early, late = datetime(2026, 10, 7, tzinfo=UTC), datetime(2026, 10, 9, tzinfo=UTC)
    assert promise_status(due, early, late) == "kept"
    assert promise_status(due, late, late) == "broken"
    assert promise_status(due, None, late) == "broken"
    assert promise_status(due, None, early) == "pending"


def _save(engine: Engine, known: Known, answers: dict[str, int | None], **more: object) -> float:
    with engine.connect() as connection:
        card = active_scorecards(connection=connection)[0]
    score = save_review(
        engine,
        interaction_id=known.interactions[0],
        reviewer_id=known.people["Quinn"],
        card=card,
        answers={known.categories[name]: value for name, value in answers.items()},
        comment=str(more.get("comment", "")),
        calibration=bool(more.get("calibration", False)),
        scope=Scope.everything(),
        at=datetime(2026, 11, 2, 10, tzinfo=UTC),
    )
    assert score is not None
    return score


def test_a_review_of_4_and_5_out_of_5_scores_87_5_and_is_stored(
    engine: Engine, known: Known
) -> None:
    """Weights 1 and 1: 75 and 100 make 87.5; answers, audit event and KPI cell are stored."""
    score = _save(engine, known, {"Greeting": 4, "Solution": 5, "Identity": None})
    assert score == 87.5
    with engine.connect() as connection:
        review = connection.execute(select(QaReview.__table__)).one()  # type: ignore[attr-defined]
        answers = dict(
            connection.execute(
                select(QaAnswer.category_id, QaAnswer.value)  # type: ignore[call-overload]
            ).all()
        )
        events = connection.execute(select(AuditEvent.action, AuditEvent.target)).all()  # type: ignore[call-overload]
        cells = connection.execute(
            select(KpiCell.qa_count, KpiCell.qa_sum).where(KpiCell.agent_key == -1)  # type: ignore[call-overload]
        ).all()
    assert (review.score, review.calibration) == (87.5, False)
    assert answers == {
        known.categories["Greeting"]: 4,
        known.categories["Solution"]: 5,
        known.categories["Identity"]: None,
    }
    assert events == [("review_saved", f"interaction {known.interactions[0]}")]
    assert (1, 87.5) in [tuple(cell) for cell in cells]


def test_a_missed_critical_category_makes_the_review_0(engine: Engine, known: Known) -> None:
    """Identity checked answered 0 of 0-1 (below 50) outweighs two perfect answers."""
    assert _save(engine, known, {"Greeting": 5, "Solution": 5, "Identity": 0}) == 0.0


def test_a_calibration_review_is_stored_as_one_and_kept_out_of_the_cells(
    engine: Engine, known: Known
) -> None:
    """The review is stored with its flag; the KPI cells count no QA score for it."""
    _save(engine, known, {"Greeting": 4, "Solution": 5, "Identity": 1}, calibration=True)
    with engine.connect() as connection:
        flag = connection.execute(select(QaReview.calibration)).scalar_one()  # type: ignore[call-overload]
        counted = connection.execute(select(KpiCell.qa_count)).scalars().all()  # type: ignore[call-overload]
    assert flag is True
    assert counted and sum(counted) == 0  # the day's cells exist and count no score


def test_a_reviewer_must_be_qa_or_a_leader(engine: Engine, known: Known) -> None:
    """Ann (an agent) cannot save a review; Lea and Quinn are the reviewers offered."""
    with engine.connect() as connection:
        card = active_scorecards(connection=connection)[0]
        offered = reviewers(connection=connection, scope=Scope.everything())
    assert sorted(offered.values()) == ["Lea", "Quinn"]
    with pytest.raises(ValueError, match="QA reviewer or a team leader"):
        save_review(
            engine,
            interaction_id=known.interactions[0],
            reviewer_id=known.people["Ann"],
            card=card,
            answers={},
            comment="",
            calibration=False,
            scope=Scope.everything(),
        )
    with engine.connect() as connection:
        assert connection.execute(select(QaReview.id)).all() == []  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("params", "link", "notes"),
    [
        (
            {"agent": ["7", "7"], "flag": ["escalated"], "id": ["12"], "page": ["3"]},
            interaction_link.Link((7,), ("escalated",), 12, 3),
            [],
        ),
        (
            {"agent": ["8"], "flag": ["<b>x</b>"], "id": ["abc"], "page": ["0"]},
            interaction_link.Link(),
            [
                "Ignored the agent '8': no such agent in these teams.",
                "Ignored the flag '<b>x</b>': use one of breached, broken_promise, "
                "escalated, transferred, reopened, low_csat, no_apology, no_thanks, "
                "banned_phrase, blamed, wrong_name.",
                "Ignored the interaction id 'abc': it is not a number.",
                "Ignored the page '0': pages are numbered from 1.",
            ],
        ),
    ],
)
def test_the_link_keeps_good_values_and_notes_odd_ones(
    params: dict[str, list[str]], link: interaction_link.Link, notes: list[str]
) -> None:
    """A good link reads back as written; odd values are dropped with a note quoting them."""
    assert interaction_link.read(params, agent_ids={7}) == (link, notes)
    if not notes:
        assert interaction_link.write(link) == {
            "agent": ["7"],
            "flag": ["escalated"],
            "id": ["12"],
            "page": ["3"],
        }
