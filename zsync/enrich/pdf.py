"""Each arXiv paper's PDF, as Zotero's own arXiv importer gives it: a child attachment titled
"Preprint PDF", ``contentType`` ``application/pdf`` (every case of
``../shared/corpora/translators/arxiv_testcases.json`` has one).

``[pdf] mode`` decides what it is:

* ``link`` (the default): a ``linked_url`` attachment to the PDF (``[pdf] arxiv_url``), nothing
  downloaded, no storage used;
* ``file``: the PDF downloaded (politely, cached: :meth:`zsync.fetch.Fetcher.download`) and stored
  in the library as an ``imported_url`` attachment (Zotero's file upload protocol, or a file
  beside a local library); a download that fails leaves the link instead, and the next run
  tries again;
* ``none``: no PDF.

A paper's PDF is known by what it is, not by its URL: any PDF attachment of the paper counts
(one a person saved through Zotero too), as :data:`LINKED` or :data:`STORED`. The ledger
remembers which zsync added, like code links, so a PDF a person deleted is not added again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from zsync.config import PdfSettings
from zsync.model import Entry, ZoteroItem

TITLE = "Preprint PDF"
CONTENT_TYPE = "application/pdf"
LINKED = "preprint-pdf:link"  # identities, beside code links' in the ledger and the plan
STORED = "preprint-pdf:file"
IMPORTED = ("imported_url", "imported_file")


@dataclass(frozen=True)
class WantedPdf:
    """The PDF a paper should have: where it is, and whether to store the file."""

    url: str
    filename: str
    stored: bool
    link_fallback: bool = True  # link it when the file cannot be had (not when a link is there already)

    @property
    def identity(self) -> str:
        return STORED if self.stored else LINKED


def wanted_pdf(entry: Entry, settings: PdfSettings) -> WantedPdf | None:
    """The PDF the settings give this entry: only arXiv papers have one (at ``arxiv_url``)."""
    if settings.mode == "none" or not entry.arxiv_id:
        return None
    return WantedPdf(settings.url(entry.arxiv_id), f"{entry.arxiv_id.replace('/', '_')}.pdf", settings.mode == "file")


def pdf_identity(item: ZoteroItem) -> str | None:
    """:data:`STORED` or :data:`LINKED` for a child attachment that is a PDF, else ``None``."""
    if item.itemType != "attachment" or not item.parentItem or item.get("contentType") != CONTENT_TYPE:
        return None
    return STORED if item.linkMode in IMPORTED else LINKED


def missing_pdf(wanted: WantedPdf | None, present: set[str], added_before: set[str]) -> WantedPdf | None:
    """The wanted PDF if a paper with these attachment identities lacks it. A PDF zsync added
    before (``added_before``, from the ledger) that is gone was deleted by a person: none then."""
    if wanted is None or any(i in added_before and i not in present for i in (LINKED, STORED)):
        return None
    if not wanted.stored:
        return None if present & {LINKED, STORED} else wanted
    if STORED in present:
        return None
    return replace(wanted, link_fallback=False) if LINKED in present else wanted


def pdf_link(url: str, parent_key: str | None) -> ZoteroItem:
    """The PDF as a linked URL: Zotero's ``linked_url`` template with the importer's title and type."""
    return ZoteroItem(itemType="attachment", linkMode="linked_url", parentItem=parent_key, title=TITLE, url=url,
                      accessDate="", note="", contentType=CONTENT_TYPE, charset="")


def pdf_file(wanted: WantedPdf, parent_key: str | None) -> ZoteroItem:
    """The PDF as a stored file (``imported_url``); its bytes follow through the upload protocol."""
    return ZoteroItem(itemType="attachment", linkMode="imported_url", parentItem=parent_key, title=TITLE,
                      url=wanted.url, accessDate="", note="", contentType=CONTENT_TYPE, charset="",
                      filename=wanted.filename)
