"""Reading dates: each form zsync meets, and that text which is not a date gives None."""

from __future__ import annotations

import datetime as dt

import pytest

from zsync.dates import is_iso_date, iso_day, month_number, retry_after_seconds, rfc2822_day

NOW = dt.datetime(2015, 10, 21, 7, 28, 0, tzinfo=dt.timezone.utc).timestamp()


@pytest.mark.parametrize("text, number", [
    ("jan", 1), ("Sep", 9), ("sept.", 9), ("September", 9), ("9", 9), (" 12 ", 12),
    ("13", None), ("0", None), ("", None), ("spring", None),
])
def test_month_number_reads_names_abbreviations_and_numbers(text, number):
    assert month_number(text) == number


@pytest.mark.parametrize("text, iso", [
    ("2024", True), ("2024-06", True), ("2024-06-12", True),
    ("June 2024", False), ("2024-6-12", False), ("2024-06-12T00:00", False), ("", False),
])
def test_is_iso_date_accepts_the_partial_dates_entries_keep(text, iso):
    assert is_iso_date(text) is iso


@pytest.mark.parametrize("text, day", [
    ("2026-05-30T13:01:12.000Z", "2026-05-30"), ("2026-05-30", "2026-05-30"), ("2026-05", None), ("", None),
])
def test_iso_day_is_the_day_a_timestamp_starts_with(text, day):
    assert iso_day(text) == day


@pytest.mark.parametrize("text, day", [
    ("Mon, 27 Apr 2026 00:00:00 -0400", "2026-04-27"),        # RSS pubDate
    ("Thu, 7 Nov 2024 18:27:45 GMT", "2024-11-07"),           # arXiv e-mail Date:
    ("sometime in April", None),
    ("", None),
])
def test_rfc2822_day_reads_mail_and_rss_dates(text, day):
    assert rfc2822_day(text) == day


@pytest.mark.parametrize("value, seconds", [
    ("120", 120.0),                                   # delta-seconds
    ("1.5", 1.5),
    ("Wed, 21 Oct 2015 07:30:00 GMT", 120.0),         # an HTTP-date two minutes ahead
    ("Wed, 21 Oct 2015 07:00:00 GMT", 0.0),           # a date in the past means now
    ("soon", None),
    ("", None),
    (None, None),
])
def test_retry_after_seconds_reads_delta_seconds_and_http_dates(value, seconds):
    assert retry_after_seconds(value, NOW) == seconds
