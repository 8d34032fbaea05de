"""DOIs as people write them (bare, ``doi:``, as a doi.org URL), made one thing.

:func:`clean_doi` is what an entry keeps (the DOI as registered, case kept, for Zotero's DOI
field); :func:`normalize_doi` is what compares and keys (DOIs are case-insensitive). Every
path that reads or compares a DOI goes through these two.
"""

from __future__ import annotations

import re

DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def clean_doi(doi: str) -> str:
    """``https://doi.org/10.1000/ABC`` → ``10.1000/ABC``."""
    return DOI_PREFIX.sub("", doi.strip()).strip()


def normalize_doi(doi: str) -> str:
    """``https://doi.org/10.1000/ABC`` → ``10.1000/abc``."""
    return clean_doi(doi).lower()
