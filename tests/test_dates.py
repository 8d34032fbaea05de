"""One parser per kind of date: guarded, never raising."""

from __future__ import annotations

from zsync.dates import mail_date, month_number, retry_after


def test_mail_dates_in_both_forms_and_garbage():
    assert mail_date("Mon, 27 Apr 2026 00:00:00 -0400") == "2026-04-27"
    assert mail_date("Thu, 15 Jan 2026 20:00:00 GMT") == "2026-01-15"
    assert mail_date("not a date") is None and mail_date("") is None


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after("120") == 120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 1445412480.0 - 60) == 60.0
    assert retry_after("soon") is None and retry_after(None) is None


def test_month_names_numbers_and_abbreviations():
    assert [month_number(m) for m in ("Sept.", "september", "11", "13", "x")] == [9, 9, 11, None, None]
