"""The sanity gate every digest passes before anything from it is used.

A parser reads the layout it knows; a file that only looks like that layout (a saved web page,
a page copied with its menus) gives "entries" named "Models", "Pricing" or a URL. Syncing those
would fill a library with junk, so :func:`screen` keeps an entry only on a paper's evidence:

* an identifier: an arXiv id, a DOI, a paper URL (arXiv, doi.org, Hugging Face papers);
* the format's own record layout: a BibTeX entry (citation key), or a record written with keys
  (``Title:``, ``Abstract:``) by a source that declares ``keyed_records = True``;
* a real title with authors (named or counted) or with an abstract in sentences;
* an abstract in sentences (entries whose title is only provisional).

Entries without evidence are skipped with one notice per file, never one reject per line. When
a file gives no paper, or more junk than papers, nothing is taken from it: an
:class:`~zsync.errors.InputError` (exit code 7, "a digest could not be read") says what was
found, so a wrong file or a wrong ``--format`` cannot half-succeed.

Evidence makes a paper, but a few papers do not make a digest: a CSV export, a reference list or
a document holds identifiers and paper links too, and reading only those would drop the rest of
each record without a word (:func:`papers_are_a_small_part`). A file a free-text source (an id
list, a page's links) reads so is refused whole as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zsync.errors import InputError
from zsync.identifiers import arxiv_from_url
from zsync.model import Entry, Location, Notice, Reject
from zsync.sources.text import is_prose

PAPER_URL = re.compile(r"https?://(?:dx\.)?doi\.org/10\.|https?://(?:www\.)?huggingface\.co/papers/\d{4}\.\d{4,5}", re.I)
#: how many skipped titles a notice quotes
QUOTED = 5
#: more non-blank lines than this a paper: the papers are a small part of the file (see screen)
LINES_PER_PAPER = 100


@dataclass
class Screened:
    """What the gate let through, and the notice about what it held back."""

    entries: list[Entry] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


def is_worded(text: str) -> bool:
    """Text in words, not only a URL or a number."""
    return re.search(r"[^\W\d_]{2}", re.sub(r"\S*://\S*", "", text)) is not None


def evidence(entry: Entry, keyed: bool = False) -> str | None:
    """Why ``entry`` is a paper (for explanations), or ``None`` when nothing says it is;
    ``keyed``: the source wrote the record with keys, so any worded abstract is one."""
    if entry.arxiv_id:
        return "arXiv id"
    if entry.doi:
        return "DOI"
    if entry.url and (arxiv_from_url(entry.url) or PAPER_URL.match(entry.url)):
        return "paper URL"
    if entry.citation_key:
        return "BibTeX record"
    if keyed and entry.abstract and is_worded(entry.abstract):
        return "keyed record"
    if entry.title and not entry.title_provisional and is_worded(entry.title):
        if entry.authors or entry.author_count:
            return "title and authors"
        if is_prose(entry.abstract):
            return "title and abstract"
    elif entry.title_provisional and is_prose(entry.abstract):
        return "abstract"
    return None


def papers_are_a_small_part(text: str, entries: list[Entry]) -> str | None:
    """What shows that the papers read from ``text`` are only a small part of it, else ``None``:

    * more than :data:`LINES_PER_PAPER` non-blank lines a paper (a page gives a paper's title,
      authors, abstract and links in well under that: 61 lines for the longest single paper's
      page among the test data);
    * papers known by an identifier alone (no title or abstract of their own: an id list's)
      on fewer than half the non-blank lines: a pasted list of ids may have a few lines of text
      around them, a CSV or a reference list has records the ids are only a field of.
    """
    lines = sum(1 for line in text.split("\n") if line.strip())
    if lines > LINES_PER_PAPER * len(entries):
        return f"{len(entries)} paper(s) in {lines} lines of text"
    if all(e.title_provisional and not e.abstract for e in entries):
        on_lines = len({e.location.line for e in entries})
        if on_lines * 2 < lines:
            return f"identifiers on only {on_lines} of its {lines} lines, the other lines no paper"
    return None


def screen(origin: str, format: str, text: str, entries: list[Entry], rejects: list[Reject],
           keyed: bool = False, free_text: bool = False) -> Screened:
    """Keep the entries with a paper's evidence; raise :class:`InputError` when the file gives
    no paper, mostly junk, or papers that are only a small part of its ``text`` (see the module
    docstring). Rejects (records the parser recognised but could not read: a broken BibTeX
    entry) are reported as usual and do not make a file junk unless it gives no paper at all.
    Only a source that picks papers out of any text (``free_text``: an id list, a page's links)
    is asked whether they are a small part of it: a feed's, a JSON answer's or a BibTeX file's
    structure is its evidence, however many lines one paper's authors take."""
    result = Screened()
    junk: list[Entry] = []
    for entry in entries:
        (result.entries if evidence(entry, keyed) else junk).append(entry)
    if result.entries and free_text and (sparse := papers_are_a_small_part(text, result.entries)):
        raise InputError(origin, f"read as {format}, this file is no digest: {sparse}; nothing is taken from it",
                         hint="is it the right file? a digest lists papers; to read the identifiers of a CSV or "
                              "a document, paste them one a line into a file of their own")
    if not junk and not rejects:
        return result
    found = f"{len(junk)} block(s) with no paper's evidence (no id, paper URL, authors or abstract)" + (
        f" and {len(rejects)} unreadable block(s)" if rejects else "")
    if not result.entries or len(junk) > len(result.entries):
        problems = [f"{e.location}: {e.title or e.abstract or ''}"[:120] for e in junk[:QUOTED]]
        problems += [str(r) for r in rejects[:QUOTED]]
        raise InputError(
            origin,
            f"read as {format}, this file holds {len(result.entries)} paper(s) beside {found}; "
            "nothing is taken from it",
            hint="is it the right file? a page saved with its menus, or the wrong --format?",
            problems=problems,
        )
    if junk:
        quoted = ", ".join(repr((e.title or e.abstract or "")[:40]) for e in junk[:QUOTED])
        lines = ", ".join(str(e.location.line) for e in junk[:QUOTED])
        result.notices.append(Notice(location=Location(path=origin),
                                     message=f"{len(junk)} block(s) with no paper's evidence skipped as page "
                                             f"text: {quoted}{' …' if len(junk) > QUOTED else ''} (lines {lines})"))
    return result
