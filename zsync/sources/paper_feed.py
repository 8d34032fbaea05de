"""RSS 2.0 and Atom feeds of papers that are not arXiv's own: the Hugging Face daily papers
re-served by a feed generator, Takara TLDR's daily papers, a lab's reading list.

An item is a paper when its link (or ``guid``/``id``) names one: an arXiv abs, pdf or html URL,
a Hugging Face paper URL, or a URL whose last part is a new-style arXiv id
(``tldr.takara.ai/p/2604.26238``). Read from it: the title, the day (``pubDate``, ``published``
or ``updated``) and what its HTML description says: labelled paragraphs where it has them
(``Authors:``, ``Upvotes:``, ``Summary:`` or ``Abstract:``), else its text as the abstract. An
item that names no paper (a feed may mix papers and posts) is a reject with its line.

arXiv's own feeds (RSS 1.0 and 2.0, the rss.arxiv.org Atom listing, API answers) carry arXiv's
namespace or feed addresses and have their own readers, which tell announce types and versions.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterator

from zsync.dates import iso_day, rfc2822_day
from zsync.identifiers import arxiv_from_url, split_arxiv_id
from zsync.model import Entry, Location, Notice, Reject
from zsync.sources.arxiv_listing import ARXIV_FEED_MARKS
from zsync.sources.base import ParseContext, read_xml
from zsync.sources.clean import author_list, html_text, latex_text
from zsync.sources.hf_papers_page import paper_id as hf_paper
from zsync.sources.lines import element_lines

ATOM = "{http://www.w3.org/2005/Atom}"
#: a URL ending in a new-style arXiv id: the paper's page on a site that names papers by it
ID_AT_END = re.compile(r"^https?://\S+/(\d{4}\.\d{4,5})(?:v\d+)?/?$")
#: "<b>Authors:</b> A, B" and the like: a description's labelled paragraphs
LABELLED = re.compile(r"<p>\s*(?:<b>|<strong>)\s*([A-Za-z ]+?)\s*:\s*(?:</b>|</strong>)(.*?)</p>", re.S | re.I)
ABSTRACT_LABELS = ("summary", "abstract", "tl;dr", "tldr")


def linked_paper(*urls: str) -> str | None:
    """The arXiv id a paper's URL names (an arXiv page, a Hugging Face paper page, a URL ending
    in the id), if any."""
    for url in urls:
        url = url.strip()
        found = (arxiv_from_url(url) or ((hf := hf_paper(url)) and hf[1] == "paper" and hf[0])
                 or ((m := ID_AT_END.match(url)) and m[1]))
        if found and split_arxiv_id(found):
            return found
    return None


class PaperFeed:
    name = "paper-feed"
    description = "other RSS 2.0 / Atom feeds of papers (HF daily papers re-served, Takara TLDR): items linking arXiv or HF papers"
    variants = {"RSS 2.0": "items with a paper link, pubDate, an HTML description (Authors:/Upvotes:/Summary: read)",
                "Atom": "entries with a paper link, published or updated, a summary or content"}

    def sniff(self, text: str) -> float:
        head = text[:5000]
        if not ("<rss" in head or "<feed" in head) or any(mark in head for mark in ARXIV_FEED_MARKS):
            return 0.0
        return 0.9 if linked_paper(*re.findall(r"https?://[^\s<>\"']+", text[:20000])) else 0.0

    def variant(self, text: str) -> str:
        return "Atom" if "<feed" in text[:5000] and "<rss" not in text[:5000] else "RSS 2.0"

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Reject | Notice]:
        root = read_xml(text, origin, "feed")
        atom = root.tag == f"{ATOM}feed"
        tag = "entry" if atom else "item"
        items = root.findall(f"{ATOM}entry") if atom else root.findall("./channel/item")
        if not items:
            yield Notice(location=Location(path=origin), message="the feed holds no items", nothing_listed=True)
        for item, line in zip(items, element_lines(text, tag, items)):
            yield self._entry(item, Location(path=origin, line=line), atom)

    def _entry(self, item: ET.Element, location: Location, atom: bool) -> Entry | Reject:
        if atom:
            links = [link.get("href", "") for link in item.findall(f"{ATOM}link")]
            urls = [*links, item.findtext(f"{ATOM}id") or ""]
            title = item.findtext(f"{ATOM}title") or ""
            when = item.findtext(f"{ATOM}published") or item.findtext(f"{ATOM}updated") or ""
            day = iso_day(when) if when else None
            description = item.findtext(f"{ATOM}summary") or item.findtext(f"{ATOM}content") or ""
            names = [a.findtext(f"{ATOM}name") or "" for a in item.findall(f"{ATOM}author")]
        else:
            urls = [item.findtext("link") or "", item.findtext("guid") or ""]
            title = item.findtext("title") or ""
            when = item.findtext("pubDate") or ""
            day = rfc2822_day(when) if when else None
            description = item.findtext("description") or ""
            names = []
        arxiv_id = linked_paper(*urls)
        title = latex_text(title)
        if not arxiv_id or not title:
            return Reject(location=location, message="a feed item that names no paper (no arXiv or Hugging Face paper link)"
                          if not arxiv_id else "a paper without a title", excerpt=(title or urls[0])[:100])
        labelled = {label.strip().lower(): body for label, body in LABELLED.findall(description)}
        abstract = next((labelled[label] for label in ABSTRACT_LABELS if label in labelled), None)
        abstract = html_text(abstract if abstract is not None else LABELLED.sub(" ", description))
        upvotes = html_text(labelled.get("upvotes", ""))
        authors = author_list(html_text(labelled["authors"])) if "authors" in labelled else author_list(", ".join(names))
        return Entry(format=self.name, location=location, title=title, abstract=abstract or None, authors=authors,
                     date=day, arxiv_id=arxiv_id, url=next((u.strip() for u in urls if u.strip()), None),
                     upvotes=int(upvotes) if upvotes.isdigit() else None)
