"""The library lock between real processes: contention, and a killed holder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ABSTRACT_LIST, API_KEY, GROUP_ID, HF_PAGE, ROOT
from fake_zotero.state import Fault


def start(cfg, profile, env):
    return subprocess.Popen([sys.executable, "-m", "zsync", "--config", str(cfg), "run", profile, "--as-of", "2026-11-24"],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, seconds=20.0):
    deadline = time.time() + seconds
    while not condition() and time.time() < deadline:
        time.sleep(0.05)
    assert condition()


def setup(tmp_path, fake_zotero):
    profile = f'library = "groups/{GROUP_ID}"\nendpoint = "{fake_zotero.base}"\nsources = ["{HF_PAGE}", "{ABSTRACT_LIST}"]\n'
    cfg = tmp_path / "zsync.toml"
    cfg.write_text(f"[profiles.slow]\n{profile}\n[profiles.impatient]\n{profile}lock_timeout = 1\n"
                   f"[profiles.patient]\n{profile}lock_timeout = 30\n")
    env = {**os.environ, "ZOTERO_API_KEY": API_KEY, "ZSYNC_HOME": str(tmp_path / "home"), "ZSYNC_OFFLINE": "1"}
    return cfg, env


def posts(fake_zotero):
    return len(fake_zotero.state.requests("POST", "/items"))


@pytest.mark.slow
def test_second_run_on_the_same_library_waits_then_exits_6(tmp_path, fake_zotero):
    cfg, env = setup(tmp_path, fake_zotero)
    fake_zotero.state.faults.append(Fault("POST", "/items", delay=3.0))
    first = start(cfg, "slow", env)
    wait_for(lambda: posts(fake_zotero) >= 1)  # the first run holds the lock and is writing
    began = time.time()
    second = start(cfg, "impatient", env)
    out, err = second.communicate(timeout=60)
    assert second.returncode == 6, err
    assert "another run holds the lock" in err and "zsync run slow" in err
    assert time.time() - began < 20
    assert first.wait(timeout=60) == 0


def test_killed_holder_leaves_no_stale_lock(tmp_path, fake_zotero):
    cfg, env = setup(tmp_path, fake_zotero)
    fake_zotero.state.faults.append(Fault("POST", "/items", delay=30.0, times=99))
    fake_zotero.state.faults.insert(0, Fault("POST", "/items", times=1))
    holder = start(cfg, "slow", env)
    wait_for(lambda: posts(fake_zotero) >= 2)  # first batch written, second hanging: lock held
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    fake_zotero.state.faults.clear()
    after = start(cfg, "patient", env)
    out, err = after.communicate(timeout=60)
    assert after.returncode == 0, err
    items = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"].items.values()
    parents = [i for i in items if not i.get("parentItem") and i["itemType"] != "note"]
    assert len(parents) == 57 and len({i["title"] for i in parents}) == 57
