"""What a digest parser is, and the reading every parser shares.

A source is a class with a ``name``, a one-line ``description``, a ``sniff`` that says how sure
it is that a text is its format, and a ``parse`` that yields :class:`~zsync.model.Entry` and
:class:`~zsync.model.Reject` objects in digest order. A format that comes in several forms may
also have ``variants`` (a dict: name → what marks it, listed by ``zsync formats``) and a
``variant(text)`` naming the one a text is (shown by ``zsync parse`` and ``sync``). Sources are registered as entry points in
the ``zsync.sources`` group (see ``zsync.sources.registry``), so another package can add one.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Iterator, Protocol

from zsync.errors import InputError
from zsync.model import Entry, Location, Notice, Reject

#: the version of this interface; a plugin may check it
SOURCE_API = 1
BIB_ENTRY = re.compile(rb"^\s*@\s*\w+\s*[{(]", re.M)


@dataclass(frozen=True)
class ParseContext:
    """What a parser may need besides the text: the day the digest is read "as of"."""

    as_of: dt.date = field(default_factory=dt.date.today)


class Source(Protocol):
    name: ClassVar[str]
    description: ClassVar[str]

    def sniff(self, text: str) -> float:
        """How sure (0 to 1) this source is that ``text`` is its format; 0 means "not mine"."""

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Reject | Notice]:
        """Yield entries, rejects and notices in digest order; ``origin`` names the file for
        locations. A reject is an entry that could not be read; a notice, a repair or guess."""


@dataclass
class Digest:
    """A digest's text, decoded, with the name used in every location that points into it."""

    origin: str
    text: str
    notices: list[Notice] = field(default_factory=list)  # what reading it had to guess

    def location(self, line: int = 0) -> Location:
        return Location(path=self.origin, line=line)


def read_digest(path: str | Path) -> Digest:
    """Read a digest file as text.

    Raises :class:`InputError` naming the file (and line, for bad bytes) when it is missing,
    empty, binary or not UTF-8: such a file cannot hold entries, and guessing an encoding here
    would hide the problem.
    """
    if str(path) == "-":  # `pbpaste | zsync sync -`
        return decode_digest(sys.stdin.buffer.read(), "<stdin>")
    path = Path(path)
    origin = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(origin, "no such file") from None
    except IsADirectoryError:
        raise InputError(origin, "is a directory, not a digest file") from None
    except OSError as exc:
        raise InputError(origin, f"cannot be read: {exc.strerror}") from None
    return decode_digest(raw, origin)


#: where a feed begins in a file that holds more than the feed (a note: front matter, a summary, then the feed)
XML_START = re.compile(r"<\?xml\b|<(?:rss|feed|rdf:RDF)\b")


def read_xml(text: str, origin: str, kind: str) -> ET.Element:
    """The root of an XML digest, from where the XML starts; raises :class:`InputError` at the
    line of the file where it stops being XML."""
    start = 0
    if not text.lstrip()[:1] == "<" and (m := XML_START.search(text)):
        start = m.start()
    try:
        return ET.fromstring(text[start:].encode("utf-8"))
    except ET.ParseError as exc:
        line = text.count("\n", 0, start) + exc.position[0]
        why = str(exc).rsplit(": line ", 1)[0]  # its line is counted from where the XML starts: the location says it
        if why == "no element found":
            why = "it ends before its elements are closed (cut off?)"
        raise InputError(f"{origin}:{line}", f"not a readable {kind}: {why}") from None
    except (LookupError, ValueError) as exc:  # an encoding declaration Python does not know
        raise InputError(f"{origin}:1", f"not a readable {kind}: {exc}") from None


#: files people give by mistake for a digest, by their first bytes
BINARY_KINDS = {b"%PDF-": "a PDF", b"PK\x03\x04": "a ZIP archive (an Office document, an EPUB?)",
                b"\x1f\x8b": "a gzip-compressed file", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image"}


def decode_digest(raw: bytes, origin: str) -> Digest:
    if not raw or raw.isspace():  # (strip() would copy the whole file)
        raise InputError(origin, "the file is empty")
    for magic, kind in BINARY_KINDS.items():  # said by name: "not UTF-8, convert it" is wrong advice for these
        if raw.startswith(magic):
            raise InputError(origin, f"is {kind}, not a text digest",
                             hint="give zsync the digest itself: the page copied as text, the listing, the .bib file")
    if b"\x00" in raw[:8192]:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise InputError(f"{origin}:{line}", "looks like a binary file (NUL byte), not a text digest")
    notices = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        if not BIB_ENTRY.search(raw[:65536]):
            raise InputError(
                f"{origin}:{line}",
                f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                hint="convert it first, e.g. `iconv -f windows-1252 -t utf-8`",
            ) from None
        # .bib files written by older tools are often in a legacy encoding: JabRef declares it
        # in a "% Encoding:" line; without one, Windows-1252 decodes every byte
        declared = re.search(rb"^%\s*Encoding:\s*([\w-]+)", raw[:4096], re.M | re.I)
        encoding = declared[1].decode() if declared else "cp1252"
        try:
            text = raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            encoding, text = "cp1252", raw.decode("cp1252", errors="replace")
        notices.append(Notice(location=Location(path=origin, line=line),
                              message=f"not UTF-8 (byte 0x{raw[exc.start]:02x}); read as {encoding}"))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Digest(origin=origin, text=text, notices=notices)
