"""What is already in the database, and removing an earlier demo (``pulse demo --replace``).

The demo never mixes with real data and never deletes it: replacing is allowed only when every
interaction in the database came from the demo. Its rows are recognised by their source
(``demo``), the people by their ``demo:`` keys, the teams and the scorecard by their names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Connection, Table, delete, func, select, update

from data_sources.bulk import table_of
from data_sources.demo.organisation import PERSON_KEY_PREFIX, team_names
from data_sources.demo.reviews import SCORECARD_NAME
from data_sources.demo.rows import SOURCE
from data_sources.models import (
    Customer,
    Interaction,
    Message,
    Person,
    Promise,
    PublicReview,
    QaAnswer,
    QaReview,
    Scorecard,
    ScorecardCategory,
    Team,
)

interaction = table_of(Interaction)


@dataclass(frozen=True)
class Contents:
    interactions: int
    demo_interactions: int
    teams: int
    people: int

    @property
    def empty(self) -> bool:
        return self.interactions == 0 and self.teams == 0 and self.people == 0

    @property
    def only_demo(self) -> bool:
        return self.interactions == self.demo_interactions


def contents(connection: Connection) -> Contents:
    def count(table: Table, *where: ColumnElement[bool]) -> int:
        query = select(func.count()).select_from(table)
        return int(connection.execute(query.where(*where)).scalar_one())

    return Contents(
        interactions=count(interaction),
        demo_interactions=count(interaction, interaction.c.source == SOURCE),
        teams=count(table_of(Team)),
        people=count(table_of(Person)),
    )


def remove_demo(connection: Connection) -> set[date]:
    """Delete an earlier demo; returns the UTC days its interactions covered."""
    first, last = connection.execute(
        select(func.min(interaction.c.created_at), func.max(interaction.c.created_at)).where(
            interaction.c.source == SOURCE
        )
    ).one()
    demo_interactions = select(interaction.c.id).where(interaction.c.source == SOURCE)
    review = table_of(QaReview)
    demo_reviews = select(review.c.id).where(review.c.interaction_id.in_(demo_interactions))
    answer = table_of(QaAnswer)
    connection.execute(delete(answer).where(answer.c.review_id.in_(demo_reviews)))
    for table in (table_of(QaReview), table_of(Message), table_of(Promise)):
        connection.execute(delete(table).where(table.c.interaction_id.in_(demo_interactions)))
    connection.execute(delete(interaction).where(interaction.c.source == SOURCE))
    for table in (table_of(PublicReview), table_of(Customer)):
        connection.execute(delete(table).where(table.c.source == SOURCE))
    team = table_of(Team)
    person = table_of(Person)
    demo_teams = team.c.name.in_(team_names())
    connection.execute(update(team).where(demo_teams).values(leader_id=None))
    connection.execute(
        delete(person).where(person.c.key.startswith(PERSON_KEY_PREFIX, autoescape=True))
    )
    connection.execute(delete(team).where(demo_teams))
    scorecard = table_of(Scorecard)
    category = table_of(ScorecardCategory)
    demo_scorecard = select(scorecard.c.id).where(scorecard.c.name == SCORECARD_NAME)
    connection.execute(delete(category).where(category.c.scorecard_id.in_(demo_scorecard)))
    connection.execute(delete(scorecard).where(scorecard.c.name == SCORECARD_NAME))
    if first is None:
        return set()
    return {first.date() + timedelta(days=n) for n in range((last.date() - first.date()).days + 1)}
