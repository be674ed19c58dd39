from __future__ import annotations

from datetime import date

import pytest

from pipeline.stages.dates import resolve_date

PUBLISHED = date(2024, 7, 24)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 19", (date(2024, 7, 19), "day")),
        ("March 15, 2024", (date(2024, 3, 15), "day")),
        ("27 February 2024", (date(2024, 2, 27), "day")),
        ("2024-07-24", (date(2024, 7, 24), "day")),
        ("December 30", (date(2023, 12, 30), "day")),  # no future dates for past news
        ("Monday", (date(2024, 7, 22), "day")),
        ("last Wednesday", (date(2024, 7, 17), "day")),
        ("yesterday", (date(2024, 7, 23), "day")),
        ("overnight", (date(2024, 7, 23), "day")),  # the night before the morning's report
        ("last week", (date(2024, 7, 17), "week")),
        ("last weekend", (date(2024, 7, 20), "week")),  # the Saturday before
        ("over the weekend", (date(2024, 7, 20), "week")),
        ("late 2019", (date(2019, 1, 1), "year")),
        ("recent days", None),
    ],
)
def test_relative_dates_resolve_against_publication(text: str, expected: object) -> None:
    assert resolve_date(text, PUBLISHED) == expected


def test_relative_dates_without_publication_stay_unknown() -> None:
    assert resolve_date("Wednesday", None) is None
    assert resolve_date("July 19", None) is None
    assert resolve_date("July 19, 2024", None) == (date(2024, 7, 19), "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three days ago", (date(2024, 7, 21), "day")),
        ("earlier this month", (date(2024, 7, 1), "month")),
        ("two weeks ago", (date(2024, 7, 10), "week")),
        ("last year", (date(2023, 1, 1), "year")),
    ],
)
def test_other_relative_expressions_through_dateparser(text: str, expected: object) -> None:
    assert resolve_date(text, PUBLISHED) == expected


@pytest.mark.parametrize("text", ["24-hour", "a 24-hour", "two days", "48 hours", "a week",
                                  "10 years", "three-day"])
def test_a_length_of_time_is_not_a_date(text: str) -> None:
    # "imposed a 24-hour curfew on Thursday": the curfew's length must not date the event.
    assert resolve_date(text, PUBLISHED) is None
