"""Text helpers shared by the plain-text digest parsers: dates, names, provisional titles."""

from __future__ import annotations

import datetime as dt
import re

from zsync.dates import MONTHS
from zsync.model import Person

MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
#: "Nov 10", "Aug 10, 2022", "September 3, 2024"
MONTH_DAY = re.compile(rf"(?P<month>{MONTH_NAME})\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?", re.I)


def latest_month_day(month: int, day: int, not_after: dt.date) -> dt.date:
    """The latest date with this month and day that is not after ``not_after``.

    Digests often print "Nov 10" with no year; the day they mean is the most recent such day.
    February 29 goes back to the last leap year.
    """
    year = not_after.year
    while True:
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            if month == 2 and day == 29:
                year -= 1
                continue
            raise
        if candidate <= not_after:
            return candidate
        year -= 1


def month_day_date(match: re.Match[str], not_after: dt.date) -> dt.date:
    """The date of a :data:`MONTH_DAY` match, inferring a missing year (see :func:`latest_month_day`)."""
    month = MONTHS[match["month"][:3].lower()]
    day = int(match["day"])
    if match["year"]:
        return dt.date(int(match["year"]), month, day)
    return latest_month_day(month, day, not_after)


def person_from_name(text: str) -> Person:
    """``"Ada Lovelace"`` or ``"Lovelace, Ada"`` → ``Person(first="Ada", last="Lovelace")``."""
    text = " ".join(text.split())
    if "," in text:
        last, first = (part.strip() for part in text.split(",", 1))
        return Person(first=first, last=last)
    parts = text.split(" ")
    if len(parts) == 1:
        return Person(name=text)
    return Person(first=" ".join(parts[:-1]), last=parts[-1])


def split_names(text: str) -> list[Person]:
    """A list of names separated by commas, semicolons or "and"."""
    names = re.split(r"\s*(?:,|;|\band\b|&)\s*", text.strip())
    return [person_from_name(n) for n in names if n.strip()]


def provisional_title(abstract: str, max_length: int = 90) -> str:
    """A stand-in title made from an abstract's first sentence, in square brackets.

    The brackets are the cataloguing convention for a title supplied by the cataloguer, so the
    stand-in can never be mistaken for the paper's own title.
    """
    text = re.sub(r"~?\\cite[pt]?\{[^}]*\}", "", abstract)
    text = text.replace("~", " ")
    text = " ".join(text.split())
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0].rstrip(".")
    if len(sentence) > max_length:
        sentence = sentence[:max_length].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"[{sentence}]"


def paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines as ``(first line number, stripped lines)``."""
    result: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            result.append((start, current))
            current = []
    if current:
        result.append((start, current))
    return result
