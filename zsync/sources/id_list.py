"""A pasted list of paper identifiers: arXiv ids, DOIs, and links to them.

People keep reading lists as bare identifiers, one a line or inside text (a README's "awesome"
list, a chat, notes): ``2407.21787``, ``arXiv:1706.03762v7``, ``https://arxiv.org/pdf/…``,
``10.1145/3442188.3445922``, ``https://doi.org/…``, ``https://huggingface.co/papers/2410.05434``.
Every identifier found becomes one entry (the first place it appears; repeats are one paper);
the text around it is left alone. An arXiv DOI (``10.48550/arXiv.…``) is the arXiv id.

Offline an entry has what the id alone gives: the id (the arXiv mapping derives its URL and
DOI; a DOI entry gets its doi.org URL), and a provisional title
(``[arXiv:2407.21787]``, flagged ``title_provisional`` so the library item is tagged
``zsync:needs-title``). Online, :mod:`zsync.resolve` looks the ids up in batches (the arXiv API
``id_list``, Crossref for DOIs) and fills in the rest.
"""

from __future__ import annotations

import re
from typing import Iterator

from zsync.identifiers import OLD_ARCHIVES, arxiv_from_doi, clean_doi, split_arxiv_id
from zsync.model import Entry, Location
from zsync.sources.base import ParseContext
from zsync.sources.text import identifier_title

ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
#: a bare old-style id needs a known archive: with the slash or without (``hep-ph0605279``)
OLD_ID = rf"(?P<archive>{'|'.join(map(re.escape, OLD_ARCHIVES))})(?P<subject>\.[A-Z]{{2}})?/?(?P<number>\d{{7}}(?:v\d+)?)"
#: each alternative names what it found; the order matters: a DOI or URL is taken before the
#: bare id inside it (``10.1109/X.2023.00008`` holds something shaped like an arXiv id)
IDENTIFIER = re.compile(
    rf"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<arxiv_url>{ID})"
    rf"|(?:https?://)?(?:www\.)?huggingface\.co/papers/(?P<hf>\d{{4}}\.\d{{4,5}})"
    r"|(?:https?://)?(?:dx\.)?doi\.org/(?P<doi_url>10\.\d{4,9}/[^\s\"'<>\]]+)"
    r"|\b(?:doi:\s*)?(?P<doi>10\.\d{4,9}/[^\s\"'<>\]]+)"
    rf"|\barXiv:\s*(?P<arxiv_text>{ID})"
    r"|(?<![\w./-])(?P<bare>\d{4}\.\d{4,5}(?:v\d+)?)(?![\w/-]|\.\d)"
    rf"|(?<![\w./-]){OLD_ID}(?![\w/-]|\.\d)",
    re.I,
)
TRAILING = ".,;:!?*_"


def doi_end(doi: str) -> str:
    """A DOI cut where the text around it begins: trailing punctuation, and a closing parenthesis
    that opens nowhere in the DOI (a Markdown link's), while ``10.1016/S0140-6736(20)30183-5``
    keeps its own."""
    while True:
        doi = doi.rstrip(TRAILING)
        if doi.endswith(")") and doi.count(")") > doi.count("("):
            doi = doi[:-1]
        else:
            return doi


def identifiers(line: str) -> Iterator[tuple[str, str]]:
    """``("arxiv", "2407.21787v2")`` or ``("doi", "10.1000/x")`` for each identifier in ``line``."""
    for m in IDENTIFIER.finditer(line):
        if doi := m["doi_url"] or m["doi"]:
            doi = doi_end(doi)
            arxiv = arxiv_from_doi(doi)
            yield ("arxiv", arxiv) if arxiv else ("doi", clean_doi(doi))
        elif m["archive"]:
            yield "arxiv", f"{m['archive'].lower()}{(m['subject'] or '').upper()}/{m['number'].lower()}"
        else:
            yield "arxiv", (m["arxiv_url"] or m["hf"] or m["arxiv_text"] or m["bare"]).removesuffix(".pdf")


class IdList:
    name = "id-list"
    free_text = True  # papers picked out of any text: a few of them do not make a digest (see gate)
    description = ("a pasted list of identifiers, one a line or in text: arXiv ids and abs/pdf URLs, DOIs and "
                   "doi.org URLs, Hugging Face paper URLs (provisional titles offline; resolved online)")

    def sniff(self, text: str) -> float:
        """Sure in proportion to the lines holding an identifier; never for XML or JSON, whose ids
        belong to a structured format (a feed or an API answer has its own reader)."""
        if text.lstrip()[:1] in ("<", "[", "{"):
            return 0.0
        lines = [line for line in text[:200_000].split("\n") if line.strip()]
        with_ids = sum(1 for line in lines if IDENTIFIER.search(line))
        if not with_ids:
            return 0.0
        share = with_ids / len(lines)
        return 0.4 + 0.4 * share if share >= 0.2 else 0.15

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry]:
        seen: set[str] = set()
        for number, line in enumerate(text.split("\n"), start=1):
            for kind, value in identifiers(line):
                parsed = split_arxiv_id(value) if kind == "arxiv" else None
                key = f"arxiv:{parsed[0]}" if parsed else f"doi:{value.lower()}"
                if (kind == "arxiv" and parsed is None) or key in seen:
                    continue
                seen.add(key)
                yield self._entry(kind, value, parsed, Location(path=origin, line=number))

    def _entry(self, kind: str, value: str, parsed: tuple[str, int | None] | None, location: Location) -> Entry:
        if parsed:
            arxiv_id, version = parsed
            return Entry(format=self.name, location=location, arxiv_id=arxiv_id, arxiv_version=version,
                         title=identifier_title(f"arXiv:{arxiv_id}"), title_provisional=True)
        return Entry(format=self.name, location=location, doi=value, url=f"https://doi.org/{value}",
                     title=identifier_title(f"DOI {value}"), title_provisional=True)
