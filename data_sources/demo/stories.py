"""The stories the demo hides in its data, for the dashboard to reveal (and the tests to check).

Each is a plain fact about the generated organisation; the generator reads these constants,
so a story is changed here and nowhere else.
"""

from __future__ import annotations

from datetime import timedelta

# One team escalates about four times as often as the others ("my manager" culture).
ESCALATING_TEAM = "Orders & Delivery"
ESCALATION_SHARE = 0.035
ESCALATING_TEAM_SHARE = 0.14

# One leader leaves the escalations sent to them waiting for hours (the others: minutes).
SLOW_LEADER_TEAM = "Billing"
PICKUP_MEDIAN = timedelta(minutes=12)
SLOW_PICKUP_MEDIAN = timedelta(hours=7)

# One complaint theme is heard from many customers in the last month, and hardly before.
RECURRING_THEME_TOPIC = "app login failure"
RECURRING_THEME_WINDOW = timedelta(days=30)
RECURRING_THEME_SHARE = 0.10  # of interactions in that window: the most-heard topic
RECURRING_THEME_BACKGROUND = 0.0005  # before it

# One channel breaches its response target at its weekly peak (chat, Monday 09-12 UTC).
BREACHING_CHANNEL = "chat"
BREACHING_WEEKDAY = 0  # Monday
BREACHING_HOURS = range(9, 12)
BREACHING_SLOWDOWN = 5.0  # first responses take this many times longer then

# One team's promises slip without the customer being told.
SLIPPING_TEAM = "Returns"
LATE_SHARE = 0.07
SLIPPING_LATE_SHARE = 0.30
NOTICE_SHARE = 0.70  # of late promises, the customer was told before the due time
SLIPPING_NOTICE_SHARE = 0.08
