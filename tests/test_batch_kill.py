"""SIGKILL a batch mid-way: nothing half-written, the rerun finishes the rest without redoing
finished files, and the records equal those of an uninterrupted run (except timing)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_batch_fakes import FAKE_PIPELINE, write_fake

from digitizer.batch import BatchConfig, run_batch
from digitizer.manifest import read_manifest
from digitizer.options import Options

TESTS = Path(__file__).resolve().parent


def _records(out: Path) -> dict[str, str]:
    """Every record's text with its timing blanked (the only field allowed to differ)."""
    found = {}
    for path in sorted(out.rglob("*.json")):
        text = path.read_text(encoding="utf-8")
        json.loads(text)  # whole, never half-written
        found[path.relative_to(out).as_posix()] = re.sub(r'"seconds": [0-9.e-]+', "S", text)
    return found


@pytest.mark.timeout(180)
def test_killed_batch_resumes_to_identical_records(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    for n in range(12):
        write_fake(archive / f"folder{n % 3}" / f"memo{n:02d}.pdf", pages=2, sleep=0.15)
    killed_out, clean_out = tmp_path / "killed", tmp_path / "clean"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), str(TESTS.parent)]))
    process = subprocess.Popen(
        [sys.executable, "-c", "from test_batch_fakes import main; main()",
         str(archive), str(killed_out), "--jobs", "2"],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if len(list(killed_out.rglob("*.json"))) >= 3 or process.poll() is not None:
                break
            time.sleep(0.02)
        assert process.poll() is None, "the batch finished before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, mid-way
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    done_before = set(_records(killed_out))
    assert 3 <= len(done_before) < 12
    # whatever a reader sees after the kill is whole: every record parses (done above), every
    # manifest line before a torn tail parses
    finished_lines = read_manifest(killed_out / "manifest.jsonl")
    assert {e.record for e in finished_lines} <= done_before

    resumed = run_batch(archive, killed_out, Options(), BatchConfig(jobs=2),
                        pipeline=FAKE_PIPELINE)
    assert resumed.ok
    assert {e.record for e in resumed.entries if e.resumed} == done_before, "done twice"
    assert resumed.pages_processed == 2 * (12 - len(done_before))
    assert not [p for p in killed_out.rglob("*.tmp")], "a temp file survived"

    run_batch(archive, clean_out, Options(), BatchConfig(jobs=2), pipeline=FAKE_PIPELINE)
    assert _records(killed_out) == _records(clean_out)
    assert len(_records(clean_out)) == 12


@pytest.mark.timeout(120)
def test_ctrl_c_stops_workers_and_keeps_finished_files(tmp_path: Path) -> None:
    import psutil

    archive, out = tmp_path / "archive", tmp_path / "out"
    for n in range(8):
        write_fake(archive / f"memo{n}.pdf", pages=2, sleep=0.3)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), str(TESTS.parent)]))
    process = subprocess.Popen(
        [sys.executable, "-c", "from test_batch_fakes import main; main()",
         str(archive), str(out), "--jobs", "2"],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not list(out.rglob("*.json")):
            time.sleep(0.02)
        workers = psutil.Process(process.pid).children(recursive=True)
        assert workers, "no worker processes seen"
        process.send_signal(signal.SIGINT)  # the parent only, like a Ctrl-C it handles
        assert process.wait(timeout=30) == 130
        _gone, alive = psutil.wait_procs(workers, timeout=10)
        assert not alive, "workers outlived the interrupted batch"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    finished = {e.path for e in read_manifest(out / "manifest.jsonl")}
    assert finished and {f"{Path(p).stem}.json" for p in finished} <= {
        p.name for p in out.glob("*.json")}
    summary = run_batch(archive, out, Options(), BatchConfig(jobs=2), pipeline=FAKE_PIPELINE)
    assert summary.ok and {e.path for e in summary.entries if e.resumed} == finished


@pytest.mark.timeout(120)
def test_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    import psutil

    archive, out = tmp_path / "archive", tmp_path / "out"
    for n in range(6):
        write_fake(archive / f"memo{n}.pdf", pages=2, sleep=0.5)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), str(TESTS.parent)]))
    process = subprocess.Popen(
        [sys.executable, "-c", "from test_batch_fakes import main; main()",
         str(archive), str(out), "--jobs", "2"],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not list(out.rglob("*.json")):
            time.sleep(0.02)
        helpers = psutil.Process(process.pid).children(recursive=True)
        assert len(helpers) >= 2
        process.kill()  # SIGKILL to the parent alone: no cleanup code runs
        process.wait(timeout=30)
        _gone, alive = psutil.wait_procs(helpers, timeout=15)
        assert not alive, f"orphaned workers left: {alive}"
    finally:
        if process.poll() is None:
            process.kill()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
