"""Resolve the date expressions news uses ("on July 19", "last Wednesday") to calendar dates.

Relative expressions need the article's publication date; without it they stay unresolved
rather than being dated to today (background history must not become a new event).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november "
        "december".split()
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday "
                                       "saturday sunday".split())}

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?\b")
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]{3,9})\.?(?:,? (\d{4}))?\b")
_MONTH_YEAR = re.compile(r"\b([a-z]{3,9}) (\d{4})\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
# A length of time ("a 24-hour curfew", "two days of talks", "48 hours") is not a point in time:
# dateparser, preferring the past, would read it as "... ago" (or "24-hour" as the 24th).
_TIME_UNIT = re.compile(r"\b(?:hour|day|night|week|fortnight|month|year)s?\b")
_TIME_ANCHOR = re.compile(r"\b(?:ago|before|earlier|later|after|last|previous|past|this|since"
                          r"|next|coming|following|yesterday|today|tomorrow)\b")

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve_date(text: str, published: date | None) -> tuple[date, str] | None:
    """Return (date, precision) for a date expression, or None when it cannot be pinned down."""
    t = " ".join(text.lower().replace(",", ", ").split())
    t = t.replace(" ,", ",")
    if m := _ISO.search(t):
        return _safe(int(m[1]), int(m[2]), int(m[3]), DAY)
    for pattern, order in ((_MONTH_DAY_YEAR, "md"), (_DAY_MONTH_YEAR, "dm")):
        m = pattern.search(t)
        if m:
            month_word, day_text = (m[1], m[2]) if order == "md" else (m[2], m[1])
            month = MONTHS.get(month_word)
            if month:
                year = int(m[3]) if m[3] else _year_before(month, int(day_text), published)
                if year is None:
                    return None
                return _safe(year, month, int(day_text), DAY)
    if m := _MONTH_YEAR.search(t):
        month = MONTHS.get(m[1])
        if month:
            return _safe(int(m[2]), month, 1, MONTH)
    if m := _YEAR.search(t):
        return date(int(m[1]), 1, 1), YEAR
    if published is None:
        return None
    for word, weekday in WEEKDAYS.items():
        if re.search(rf"\b{word}\b", t):
            back = (published.weekday() - weekday) % 7
            if back == 0 and re.search(rf"\blast {word}\b", t):
                back = 7
            return published - timedelta(days=back), DAY
    if re.search(r"\byesterday\b", t):
        return published - timedelta(days=1), DAY
    if re.search(r"\bovernight\b", t):
        # Reported in the morning, the night before: dated, as ACLED does, by its evening.
        return published - timedelta(days=1), DAY
    if re.search(r"\b(?:today|this morning|tonight|this evening)\b", t):
        return published, DAY
    if re.search(r"\blast week\b", t):
        return published - timedelta(days=7), WEEK
    if re.search(r"\bweekend\b", t):
        # "last weekend", "over the weekend": the Saturday before publication, the week's
        # precision covering its Sunday.
        back = (published.weekday() - 5) % 7 or 7
        return published - timedelta(days=back), WEEK
    if re.search(r"\blast month\b", t):
        first = published.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), MONTH
    for word, month in MONTHS.items():
        if len(word) > 3 and re.search(rf"\b{word}\b", t):
            return _safe(_year_before(month, 1, published) or published.year, month, 1, MONTH)
    if _TIME_UNIT.search(t) and not _TIME_ANCHOR.search(t):
        return None
    return _relative(t, published)


@lru_cache(maxsize=64)
def _parser(published: date) -> DateDataParser:
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": datetime(published.year, published.month, published.day),
        "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True})


def _relative(text: str, published: date) -> tuple[date, str] | None:
    """Everything else relative ("three days ago", "earlier this month", "last year"), by
    dateparser against the publication date; what it cannot place stays unknown."""
    text = re.sub(r"\b(?:earlier|later|early|late)\b", "", text).strip()
    found = _parser(published).get_date_data(text)
    if found.date_obj is None:
        return None
    precision = {"day": DAY, "part_of_day": DAY, "time": DAY, "week": WEEK, "month": MONTH,
                 "year": YEAR}.get(found.period or "", DAY)
    day = found.date_obj.date()
    # A month or a year is dated by its first day, as the rules above do.
    if precision == MONTH:
        day = day.replace(day=1)
    elif precision == YEAR:
        day = day.replace(month=1, day=1)
    return day, precision


def _year_before(month: int, day: int, published: date | None) -> int | None:
    """News reports the past: a month-day without a year is the latest one not after publication."""
    if published is None:
        return None
    same_year = (month, day) <= (published.month, published.day)
    return published.year if same_year else published.year - 1


def _safe(year: int, month: int, day: int, precision: str) -> tuple[date, str] | None:
    try:
        return date(year, month, day), precision
    except ValueError:
        return None
