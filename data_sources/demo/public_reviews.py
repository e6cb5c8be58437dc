"""Reviews the public writes on Trustpilot, Google and the app stores ("earned media").

Mostly good, some bad; a majority name the team they dealt with. In the last month a good
share of them are about the recurring complaint theme of ``stories``, so the CEO hears it
from the outside as well as from the transcripts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data_sources.demo import stories, wording
from data_sources.demo.timings import SECOND_US


@dataclass
class PublicReviews:
    published: np.ndarray
    rating: np.ndarray
    platform: list[str]
    team: list[int | None]
    text: list[str]


def draw_public_reviews(
    rng: np.random.Generator, count: int, *, start_us: int, now_us: int, team_ids: list[int]
) -> PublicReviews:
    """``count`` reviews spread over the period; in the last month many are about the theme."""
    published = np.sort(rng.integers(start_us, now_us, size=count))
    rating = rng.choice(np.arange(1, 6), size=count, p=[0.08, 0.07, 0.12, 0.33, 0.40])
    theme_from = now_us - int(stories.RECURRING_THEME_WINDOW.total_seconds() * SECOND_US)
    themed = (published >= theme_from) & (rng.random(count) < 0.35)
    rating[themed] = rng.integers(1, 3, size=int(themed.sum()))
    names_team = rng.random(count) < 0.6
    team_pick = rng.integers(0, len(team_ids), size=count)
    variant = rng.integers(0, 2, size=count)
    texts = [
        wording.THEME_REVIEW if theme else wording.PUBLIC_REVIEW_TEXTS[stars][pick]
        for theme, stars, pick in zip(
            themed.tolist(), rating.tolist(), variant.tolist(), strict=True
        )
    ]
    teams = [
        team_ids[t] if named else None
        for t, named in zip(team_pick.tolist(), names_team.tolist(), strict=True)
    ]
    platforms = [
        wording.PLATFORMS[i] for i in rng.integers(0, len(wording.PLATFORMS), count).tolist()
    ]
    return PublicReviews(
        published=published, rating=rating, platform=platforms, team=teams, text=texts
    )
