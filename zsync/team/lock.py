"""One writing command at a time per library (``sync``, ``run``; read-only commands take none).

An OS file lock (filelock: ``flock`` on Unix) at the library's :meth:`~zsync.library.base.Library.lock_file`:
beside a local library file (so every process on that file shares it, whatever its home), in
``<data dir>/locks`` for a Zotero library (members on other machines cannot share a lock: their
writes are kept apart by conditional writes instead, see docs/zotero.md). The operating system
releases the lock when the holding process ends, however it ends, so a lock left by a killed run
is never stale. Beside it, a note of the holder (process, host, start) makes the message useful.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime, timezone
from pathlib import Path

from zsync.errors import LockedError
from zsync.private import write_private


DEFAULT_TIMEOUT = 60.0  # seconds a writing command waits for another one on the same library


class LibraryLock:
    def __init__(self, path: Path, name: str, timeout: float, purpose: str = "zsync run"):
        from filelock import FileLock  # on demand: `zsync --help` reads DEFAULT_TIMEOUT from here

        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.name = name
        self.lock = FileLock(path)
        self.holder = path.with_suffix(".holder")
        self.timeout = timeout
        self.purpose = purpose

    def __enter__(self) -> "LibraryLock":
        from filelock import Timeout

        try:
            self.lock.acquire(timeout=self.timeout)
        except Timeout:
            raise LockedError(f"another run holds the lock on {self.name} ({self._holder()}); "
                              f"waited {self.timeout:.0f} s",
                              hint="let it finish, or wait longer (a profile's lock_timeout, `sync --lock-timeout`)") from None
        write_private(self.holder, json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "purpose": self.purpose,
                                             "since": datetime.now(timezone.utc).isoformat(timespec="seconds")}))
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock.release()

    def _holder(self) -> str:
        try:
            info = json.loads(self.holder.read_text())
        except (OSError, ValueError):
            return "holder unknown"
        return f"{info.get('purpose')}, process {info.get('pid')} on {info.get('host')} since {info.get('since')}"
