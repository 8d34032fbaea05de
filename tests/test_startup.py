"""`zsync --version` and `zsync --help` start at once: they load no parser, HTTP client or matcher.

Checked by what the process imported, not by timing (bench/scale.py prints the start-up time).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from zsync.cli.export_cmds import DIALECTS as OFFERED
from zsync.export.bibtex import DIALECTS

HEAVY = ("pyzotero", "requests", "httpx2", "bibtexparser", "feedparser", "rapidfuzz", "pydantic", "filelock")


def loaded_by(*args: str) -> list[str]:
    """The heavy top-level packages a `zsync ARGS` process imported."""
    code = ("import json, sys\nfrom zsync.cli import cli\n"
            f"try:\n    cli({list(args)!r}, prog_name='zsync')\nexcept SystemExit:\n    pass\n"
            f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("sync", "--help"), ("dedupe", "--help")])
def test_version_and_help_load_no_parser_http_client_or_matcher(args):
    assert loaded_by(*args) == []


def test_a_command_still_loads_what_it_uses():
    assert "rapidfuzz" in loaded_by("dedupe", "/nonexistent.bib")  # it ran, and failed on the file


def test_export_offers_the_dialects_the_exporter_writes():
    assert OFFERED == DIALECTS
