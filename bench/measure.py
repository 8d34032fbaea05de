"""Running a command as a user would, in a process of its own: its output, wall seconds and peak
resident memory.

The peak is read by a small launcher that starts the command from its own small process. Read
straight from a large process (a bench holding 100,000 papers), a child's peak is at least the
parent's resident size when it was started: Linux counts the pages the child shared with its
parent until it replaced them (seen: ``python -c pass`` "peaked" at 411 MiB when started from a
400 MiB process, 8 MiB through the launcher). Before 2026-12-02 the benches read it straight.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: run argv[2:], write its peak resident KiB to the file argv[1], exit as it exited
LAUNCHER = """\
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass
class Run:
    output: str
    errors: str
    code: int
    seconds: float
    peak_mib: float


def run_measured(command: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0, 3)) -> Run:
    """Run ``command`` from ROOT; stop the bench with its error output unless it exits with one of ``ok``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".peak") as peak:
        start = time.perf_counter()
        code = subprocess.call([sys.executable, "-c", LAUNCHER, peak.name, *command], stdout=out, stderr=err,
                               cwd=ROOT, env=env)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        run = Run(out.read().decode(), err.read().decode(), code, seconds, int(peak.read() or 0) / 1024)
    if code not in ok:
        raise SystemExit(f"{' '.join(command)} failed ({code}):\n{run.errors[-3000:]}")
    return run
