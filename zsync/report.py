"""The run report: what a sync did, for people (:meth:`RunReport.summary`) and machines (JSON)."""

from __future__ import annotations

from datetime import datetime, timezone

from pydantic import BaseModel, Field

from zsync.errors import ExitCode


IRREGULAR = {"entries": "entry", "duplicates": "duplicate", "possible duplicates": "possible duplicate",
             "items": "item", "code links": "code link", "papers": "paper",
             "PDFs": "PDF", "files": "file"}


def counted(n: int, plural: str) -> str:
    """``counted(1, "entries")`` → ``"1 entry"``; other numbers keep the plural."""
    return f"{n} {IRREGULAR.get(plural, plural) if n == 1 else plural}"


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SourceSummary(BaseModel):
    path: str
    format: str
    variant: str | None = None  # which form of the format the file is (e.g. "RSS 1.0")
    entries: int
    rejected: int

    @property
    def label(self) -> str:
        """``arxiv-rss, RSS 1.0``: the format, and the variant when the format has several."""
        return f"{self.format}, {self.variant}" if self.variant else self.format


class Line(BaseModel):
    """One entry's fate: where it came from, what it is, where it went and why."""

    location: str
    title: str = ""
    key: str | None = None
    detail: str = ""


class RunReport(BaseModel):
    library: str
    profile: str | None = None
    exit_code: int = 0
    error: str | None = None  # why the run stopped, if it did
    dry_run: bool = False
    started_at: str = Field(default_factory=utc_now)
    finished_at: str | None = None
    library_version: int | None = None
    sources: list[SourceSummary] = Field(default_factory=list)
    created: list[Line] = Field(default_factory=list)
    updated: list[Line] = Field(default_factory=list)
    unchanged: list[Line] = Field(default_factory=list)
    duplicates: list[Line] = Field(default_factory=list)
    possible_duplicates: list[Line] = Field(default_factory=list)  # created, marked for a person
    skipped: list[Line] = Field(default_factory=list)
    rejected: list[Line] = Field(default_factory=list)
    warnings: list[Line] = Field(default_factory=list)
    failed: list[Line] = Field(default_factory=list)
    attachments_created: int = 0  # code links
    pdfs_attached: int = 0  # "Preprint PDF" attachments, linked or stored
    pdfs_stored: int = 0  # PDF files stored in the library

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in
                ("created", "updated", "unchanged", "duplicates", "possible_duplicates", "skipped", "rejected", "failed")}

    def outcome(self, strict: bool) -> ExitCode:
        """The exit code a finished run ends with: failed writes first; rejected entries count
        only when ``strict`` (scheduled runs always are, ``sync`` with ``--strict``)."""
        if self.failed:
            return ExitCode.REMOTE
        if strict and self.rejected:
            return ExitCode.REJECTED
        return ExitCode.OK

    def summary(self) -> str:
        counts = self.counts()
        shown = ["created", "updated", "unchanged"] + [
            k for k in ("duplicates", "possible_duplicates", "skipped", "rejected", "failed") if counts[k]]
        text = ", ".join(counted(counts[k], k.replace("_", " ")) for k in shown)
        if self.attachments_created:
            text += f"; {counted(self.attachments_created, 'code links')} attached"
        if self.pdfs_attached or self.pdfs_stored:
            text += f"; {counted(self.pdfs_attached, 'PDFs')} attached" + (
                f", {counted(self.pdfs_stored, 'files')} stored" if self.pdfs_stored else "")
        return ("would be: " if self.dry_run else "") + text
