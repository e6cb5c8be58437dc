"""Finding how an agent addressed the customer, and judging it against the customer record."""

from __future__ import annotations

import pytest

from kpis.transcripts.names import address_error, addresses, name_error_kind, title_error


def test_a_greeting_with_a_name_is_an_address_with_its_span() -> None:
    """'Hi Thomas,' addresses Thomas at characters 3 to 9."""
    [address] = addresses("Hi Thomas, your parcel is on its way.")
    assert (address.start, address.end, address.title, address.name) == (3, 9, None, "Thomas")


def test_a_title_and_two_names_are_taken_together() -> None:
    """'Dear Mrs. Anna Grant' is one address: title Mrs, name Anna Grant, span from the title."""
    [address] = addresses("Dear Mrs. Anna Grant, thanks.")
    assert (address.start, address.end, address.title, address.name) == (5, 20, "Mrs", "Anna Grant")


def test_a_title_anywhere_addresses_the_customer_once() -> None:
    """'Mr Grant' mid-sentence is found; greeting and title patterns do not double-count it."""
    found = addresses("Good morning Mr Grant. I told Mr Grant's bank.")
    assert [(a.title, a.name) for a in found] == [("Mr", "Grant"), ("Mr", "Grant's")]


@pytest.mark.parametrize(
    "text",
    [
        "Hi there, how can I help?",
        "Dear Customer, your order shipped.",
        "Thanks, I'll check.",
        "Hello again!",
        "hi thomas",  # without a capital it is not taken for a name
        "Dear Sir or Madam,",
    ],
)
def test_greetings_without_a_name_address_nobody(text: str) -> None:
    """Words that follow a greeting but are not names give no address."""
    assert addresses(text) == []


@pytest.mark.parametrize(
    ("used", "record", "kind"),
    [
        ("Thomas", "Thomas Grant", None),
        ("Grant", "Thomas Grant", None),
        ("Zoe", "Zoë Martin", None),
        ("O'Neill", "Sinéad O’Neill", None),
        ("Tom", "Thomas Grant", None),
        ("Alex", "Alexandra Pike", None),
        ("Tomas", "Thomas Grant", "misspelled name"),
        ("Natrajan", "Priya Natarajan", "misspelled name"),
        ("Johnson", "Mary Jackson", "wrong name"),
        ("Tim", "Thomas Grant", "wrong name"),
        ("Sarah", "Mary Johnson", "wrong name"),
        ("Sarah", None, None),
    ],
)
def test_a_name_is_checked_against_every_part_of_the_record(
    used: str, record: str | None, kind: str | None
) -> None:
    """Accents and short forms pass; close spellings are misspellings; others are wrong names."""
    assert name_error_kind(used, record) == kind


@pytest.mark.parametrize(
    ("used", "on_record", "wrong"),
    [
        ("Mr", "Mrs", True),
        ("Mrs", "Mr", True),
        ("Ms", "Mrs", False),
        ("Ms", "Miss", False),
        ("Mrs", "Ms", True),
        ("Miss", "Mrs", True),
        ("Mr", "Dr", True),
        ("Dr.", "Dr", False),
        ("Mr", None, False),
        (None, "Mrs", False),
    ],
)
def test_a_title_is_wrong_when_it_contradicts_the_record(
    used: str | None, on_record: str | None, wrong: bool
) -> None:
    """Mr for a Mrs is wrong; Ms is accepted for any Mrs or Miss; no title on record, no verdict."""
    assert title_error(used, on_record) is wrong


def test_a_right_name_with_a_wrong_title_is_a_wrong_title() -> None:
    """'Mr Thomas' for Mrs Anna Thomas: the name fits, the title does not."""
    [address] = addresses("Dear Mr. Thomas,")
    assert address_error(address, "Anna Thomas", "Mrs") == "wrong title"
    assert address_error(address, "Anna Thomas", "Mr") is None
