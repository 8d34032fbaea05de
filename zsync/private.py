"""Files only their owner may read: zsync's state (library copies, the write queue, the status
of earlier runs) holds a team's unpublished writes, so it is created 0600 in 0700 directories,
whatever the umask. A key file others can read is warned about, not refused: the user decides."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)


def private_dir(path: Path) -> Path:
    """``path`` as a directory, created 0700 (and its missing parents) if it does not exist."""
    for missing in reversed([p for p in (path, *path.parents) if not p.exists()]):
        missing.mkdir(mode=0o700, exist_ok=True)
    return path


def private_file(path: Path) -> Path:
    """``path`` created empty with mode 0600 if it does not exist, so that SQLite (which gives its
    ``-wal`` and ``-shm`` files the database's mode) never makes it readable by others."""
    private_dir(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    return path


def write_private(path: Path, text: str) -> None:
    """Replace ``path``'s content with ``text``, the file readable by its owner only."""
    private_dir(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


def warn_if_readable_by_others(path: Path) -> None:
    """Log a warning when a secret's file (the API key) can be read by group or others."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        log.warning("%s can be read by other users; `chmod 600 %s` keeps the API key yours", path, path)
