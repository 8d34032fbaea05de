"""The benches measure a command's own peak memory, not the bench's (bench/measure.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from measure import run_measured  # noqa: E402


def test_a_command_started_from_a_large_bench_is_measured_at_its_own_peak():
    bench_papers = bytearray(300 * 1024 * 1024)
    bench_papers[::4096] = b"\1" * len(bench_papers[::4096])  # resident, as a bench's papers are
    run = run_measured([sys.executable, "-c", "print('done')"])
    assert run.output == "done\n" and run.code == 0 and 0 < run.peak_mib < 100
