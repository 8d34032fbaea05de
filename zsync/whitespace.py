"""Whitespace collapsed to single spaces, the way every reader wants titles, names and abstracts.

``" ".join(text.split())`` builds a list of every word of every abstract, a tenth of the time
reading a JSON digest took (bench/feeds_bench.py). Text that already has single spaces only is
returned as it is.
"""

from __future__ import annotations


def squeeze(text: str) -> str:
    """``"  A \\n title "`` → ``"A title"``. ASCII text with no double space, newline, tab or
    carriage return is already squeezed; other text (Unicode has more spaces) is split and joined."""
    text = text.strip()
    if text.isascii() and "  " not in text and "\n" not in text and "\t" not in text and "\r" not in text \
            and "\f" not in text and "\v" not in text:
        return text
    return " ".join(text.split())
