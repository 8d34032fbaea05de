"""One run at a time per library.

An OS file lock (filelock: ``flock`` on Unix) in ``<data dir>/locks``: the operating system
releases it when the holding process ends, however it ends, so a lock left by a killed run is
never stale. Beside it, a note of the holder (process, host, start) makes the message useful.
"""

from __future__ import annotations

import json
import os
import re
import socket
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from zsync.errors import LockedError


class LibraryLock:
    def __init__(self, name: str, lock_dir: Path, timeout: float, purpose: str = "zsync run"):
        lock_dir.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^\w.-]+", "_", name)
        self.name = name
        self.lock = FileLock(lock_dir / f"{slug}.lock")
        self.holder = lock_dir / f"{slug}.holder"
        self.timeout = timeout
        self.purpose = purpose

    def __enter__(self) -> "LibraryLock":
        try:
            self.lock.acquire(timeout=self.timeout)
        except Timeout:
            raise LockedError(f"another run holds the lock on {self.name} ({self._holder()}); "
                              f"waited {self.timeout:.0f} s",
                              hint="let it finish, or raise the profile's lock_timeout") from None
        self.holder.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "purpose": self.purpose,
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
