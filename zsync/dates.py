"""Dates as digests and servers write them: one parser each, guarded (``None``, never an exception).

* :data:`MONTHS`: month names and abbreviations ("Sep", "sept", "september") to numbers;
* :func:`mail_date`: RFC 2822 dates (RSS ``pubDate``, e-mail ``Date:``) to an ISO day;
* :func:`retry_after`: an HTTP ``Retry-After`` value, seconds or an HTTP date, to seconds.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Callable

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def month_number(text: str) -> int | None:
    """``"Sept."`` → 9, ``"11"`` → 11; ``None`` for anything else."""
    text = text.strip().strip(".").lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return MONTHS.get(text[:3])


def mail_date(text: str | None) -> str | None:
    """``"Mon, 11 Nov 2024 00:00:00 -0500"`` (or ``... GMT``) → ``"2024-11-11"``; ``None`` if unreadable."""
    if not text:
        return None
    try:
        return parsedate_to_datetime(text.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError):
        try:
            return datetime.strptime(text.strip(), "%a, %d %b %Y %H:%M:%S GMT").date().isoformat()
        except ValueError:
            return None


def retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        return max(0.0, when.replace(tzinfo=when.tzinfo or timezone.utc).timestamp() - now())
