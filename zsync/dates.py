"""Reading dates as digests, files and servers write them: the one place for it.

Every reader here is guarded: text that is not a date gives ``None``, never an exception, so a
caller can turn it into a located notice or reject and the run goes on (one bad ``pubDate`` in an
RSS listing must not stop a sync).

* :data:`MONTHS` and :func:`month_number`: ``"Sep"``, ``"sept."``, ``"September"``, ``"9"`` → 9.
* :data:`MONTH_DAY` and :func:`month_day_date`: "Nov 10", "Aug 10, 2022", the year inferred
  when a digest leaves it out.
* :func:`is_iso_date`: the partial ISO 8601 dates zsync stores (``2024``, ``2024-06``,
  ``2024-06-12``); :func:`iso_day`: the day at the start of an ISO timestamp.
* :func:`rfc2822_day`: e-mail and RSS dates (``Mon, 27 Apr 2026 00:00:00 -0400``).
* :func:`retry_after_seconds`: an HTTP ``Retry-After`` value, delta-seconds or an HTTP-date
  (RFC 9110 §10.2.3), as seconds to wait.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from functools import lru_cache

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
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


def month_day_date(match: re.Match[str], not_after: dt.date) -> dt.date | None:
    """The date of a :data:`MONTH_DAY` match, inferring a missing year (see :func:`latest_month_day`);
    ``None`` for a day no month has ("Nov 31")."""
    month = MONTHS[match["month"][:3].lower()]  # MONTH_NAME admits only real months
    day = int(match["day"])
    try:
        if match["year"]:
            return dt.date(int(match["year"]), month, day)
        return latest_month_day(month, day, not_after)
    except ValueError:
        return None


def month_number(text: str) -> int | None:
    """A month name, abbreviation (by its first three letters) or number 1-12 → 1-12; else ``None``."""
    month = text.strip().lower().rstrip(".")
    if month.isdigit():
        return int(month) if 1 <= int(month) <= 12 else None
    return MONTHS.get(month[:3])


@lru_cache(maxsize=4096)  # a digest's entries share a few dates
def is_iso_date(text: str) -> bool:
    """Whether ``text`` is a day, month or year that exists, written ``YYYY-MM-DD``, ``YYYY-MM`` or
    ``YYYY`` (the form :class:`~zsync.model.Entry` keeps)."""
    if not ISO_DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        return False
    return True


def iso_day(timestamp: str) -> str | None:
    """``"2024-06-12T09:00:00Z"`` → ``"2024-06-12"``; ``None`` unless the text starts with a day."""
    m = ISO_DAY.match(timestamp.strip())
    return m[0] if m else None


def rfc2822_day(text: str) -> str | None:
    """The day of an e-mail or RSS date (``Mon, 27 Apr 2026 00:00:00 -0400``) as ISO, else ``None``."""
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        try:  # a named zone parsedate does not know, as some mailers write it
            return dt.datetime.strptime(text.strip(), "%a, %d %b %Y %H:%M:%S GMT").date().isoformat()
        except ValueError:
            return None


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Seconds to wait for a ``Retry-After`` header (``"120"`` or ``"Wed, 21 Oct 2015 07:28:00 GMT"``).

    ``now`` is the wall-clock time (``time.time()``) an HTTP-date is measured from; a date in
    the past means "now" (0). ``None`` when the header is missing or unreadable: the caller then
    uses its own pause.
    """
    if not value or not value.strip():
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.replace(tzinfo=when.tzinfo or dt.timezone.utc).timestamp() - now)
