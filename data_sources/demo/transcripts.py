"""The messages of an interaction: what the customer wrote and what the agent answered.

Transcripts are written for a sample of the interactions (all of them up to
``FULL_TRANSCRIPTS``, a share beyond), since a million transcripts would add nothing a
hundred thousand do not show. Each transcript also reports what a reviewer would notice in
it (a wrong name, a banned phrase, a finger pointed), so QA reviews can score it fairly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from data_sources.demo import wording
from data_sources.demo.customers import Customers
from data_sources.demo.greetings import NAME_ERROR_SHARE, addressed
from data_sources.demo.timings import NONE
from data_sources.demo.traffic import Traffic

FULL_TRANSCRIPTS = 120_000
APOLOGY_SHARE = 0.88
THANKS_SHARE = 0.94
BANNED_SHARE = 0.012
BLAME_SHARE = 0.02


def transcript_share(interactions: int) -> float:
    """Which share of interactions gets a transcript: all up to 120,000, then 120,000 of them."""
    return min(1.0, FULL_TRANSCRIPTS / max(interactions, 1))


@dataclass
class Findings:
    """What a reviewer sees in one transcript."""

    name_error: bool = False
    banned: bool = False
    blame: bool = False
    apologised: bool = False


@dataclass
class Transcripts:
    id: list[int] = field(default_factory=list)
    interaction_id: list[int] = field(default_factory=list)
    position: list[int] = field(default_factory=list)
    sent_at: list[int] = field(default_factory=list)
    author_role: list[str] = field(default_factory=list)
    author: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    findings: dict[int, Findings] = field(default_factory=dict)  # batch position -> findings

    def __len__(self) -> int:
        return len(self.id)


def write_transcripts(
    chooser: random.Random,
    traffic: Traffic,
    rows: np.ndarray,
    *,
    first_id: int,
    customers: Customers,
    person_names: dict[int, str],
    promise_words: dict[int, str],
    channels: tuple[str, ...],
    now_us: int,
) -> Transcripts:
    """Messages for the batch positions ``rows``; ``promise_words`` maps position -> promise."""
    out = Transcripts()
    for row in rows.tolist():
        messages = _conversation(
            chooser,
            traffic,
            row,
            customers=customers,
            person_names=person_names,
            promise_words=promise_words.get(row),
            channel=channels[traffic.channel[row]],
            now_us=now_us,
            findings=out.findings.setdefault(row, Findings()),
        )
        messages.sort(key=lambda message: message[0])
        for position, (sent, role, author, text) in enumerate(messages):
            out.id.append(first_id + len(out.id))
            out.interaction_id.append(int(traffic.id[row]))
            out.position.append(position)
            out.sent_at.append(sent)
            out.author_role.append(role)
            out.author.append(author)
            out.text.append(text)
    return out


def _conversation(
    chooser: random.Random,
    traffic: Traffic,
    row: int,
    *,
    customers: Customers,
    person_names: dict[int, str],
    promise_words: str | None,
    channel: str,
    now_us: int,
    findings: Findings,
) -> list[tuple[int, str, str, str]]:
    customer = int(traffic.customer[row])
    customer_name = customers.name(customer)
    created = int(traffic.created[row])
    reference = f"#{100000 + (int(traffic.id[row]) * 7919) % 900000}"
    complaint_text, question_text = wording.CUSTOMER_WORDS[str(traffic.topic[row])]
    opening = complaint_text if traffic.complaint[row] else question_text
    messages = [(created, "customer", customer_name, opening.format(ref=reference))]
    first = int(traffic.first_response[row])
    if first == NONE:
        return messages

    agent = person_names[int(traffic.agent[row])]
    first_name, last_name = customer_name.split(" ", 1)
    title, first_name, last_name = addressed(
        chooser,
        title=str(customers.title[customer]),
        first=first_name,
        last=last_name,
        wrong=chooser.random() < NAME_ERROR_SHARE,
    )
    findings.name_error = (title, f"{first_name} {last_name}") != (
        customers.title[customer],
        customer_name,
    )
    if findings.name_error and channel in ("chat", "sms", "social"):
        findings.name_error = first_name != customer_name.split(" ", 1)[0]
    opening_words = [
        wording.greeting(
            channel, title=title, first=first_name, last=last_name, agent_first=agent.split()[0]
        )
    ]
    if traffic.complaint[row] and chooser.random() < APOLOGY_SHARE:
        opening_words.append(chooser.choice(wording.APOLOGIES))
        findings.apologised = True
    opening_words.append(chooser.choice(wording.ACKNOWLEDGEMENTS))
    messages.append((first, "agent", agent, " ".join(opening_words)))

    resolved = int(traffic.resolved[row])
    end = resolved if resolved != NONE else now_us
    messages.append(
        (
            first + (end - first) // 5,
            "customer",
            customer_name,
            chooser.choice(wording.CUSTOMER_FOLLOW_UPS).format(ref=reference),
        )
    )
    reply = [chooser.choice(wording.RESOLUTIONS)]
    if promise_words is not None:
        reply = [promise_words]
    if chooser.random() < BLAME_SHARE:
        reply.insert(0, chooser.choice(wording.BLAME))
        findings.blame = True
    if chooser.random() < BANNED_SHARE:
        reply.insert(0, chooser.choice(wording.BANNED))
        findings.banned = True
    messages.append((first + (end - first) // 2, "agent", agent, " ".join(reply)))

    if traffic.escalated[row]:
        leader = person_names[int(traffic.escalated_to[row])]
        messages.append(
            (int(traffic.escalated_at[row]), "system", "system", f"Escalated to {leader}.")
        )
    if resolved != NONE:
        closing = wording.THANKS if chooser.random() < THANKS_SHARE else wording.PLAIN_CLOSINGS
        messages.append((resolved, "agent", agent, chooser.choice(closing)))
        if chooser.random() < 0.5:
            messages.append(
                (resolved, "customer", customer_name, chooser.choice(wording.CUSTOMER_THANKS))
            )
    return messages
