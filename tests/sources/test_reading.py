"""Reading digest files: what cannot be read at all gets an error naming file and line."""

from __future__ import annotations

import pytest

from zsync.errors import InputError
from zsync.sources import read_digest


def test_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_digest(tmp_path / "nope.txt")


def test_empty_file_is_an_error(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n\n")
    with pytest.raises(InputError, match="empty.txt: the file is empty"):
        read_digest(tmp_path / "empty.txt")


def test_binary_file_is_an_error_with_its_line(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"line one\nline two\x00\x01\x02")
    with pytest.raises(InputError, match=r"bin.txt:2: looks like a binary file"):
        read_digest(tmp_path / "bin.txt")


def test_undecodable_file_names_the_line_of_the_bad_byte(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Abstract: ok\nAbstract: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin.txt:2: is not valid UTF-8 \(byte 0xe9\)") as info:
        read_digest(tmp_path / "latin.txt")
    assert "iconv" in info.value.hint


def test_windows_line_endings_and_bom_are_read(tmp_path):
    (tmp_path / "crlf.txt").write_bytes("\ufeffAbstract: one\r\nAbstract: two\r\n".encode("utf-8"))
    assert read_digest(tmp_path / "crlf.txt").text == "Abstract: one\nAbstract: two\n"


def test_a_pdf_given_as_digest_is_called_a_pdf_not_an_encoding_problem(tmp_path):
    # the first bytes of every PDF: the version line, then a comment of high bytes (not UTF-8)
    (tmp_path / "paper.pdf").write_bytes(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    with pytest.raises(InputError, match=r"paper.pdf: is a PDF, not a text digest") as info:
        read_digest(tmp_path / "paper.pdf")
    assert "iconv" not in info.value.hint
