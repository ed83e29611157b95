"""The same batch on a dask.distributed LocalCluster: pages shipped to worker processes, the
parent the only writer, records equal to those of the local pool."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_batch_fakes import FAKE_PIPELINE, write_fake

from digitizer.batch import BatchConfig, run_batch
from digitizer.options import Options


def _records(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): re.sub(r'"seconds": [0-9.e-]+', "S",
                                                   p.read_text(encoding="utf-8"))
            for p in sorted(out.rglob("*.json"))}


@pytest.mark.timeout(300)
def test_batch_on_a_local_dask_cluster(tmp_path: Path) -> None:
    import cloudpickle
    import test_batch_fakes
    from distributed import LocalCluster

    # workers may not see the tests folder on their path: ship the fake pipeline by value
    cloudpickle.register_pickle_by_value(test_batch_fakes)
    archive = tmp_path / "archive"
    write_fake(archive / "a.pdf", pages=3)
    write_fake(archive / "sub" / "b.png", pages=1, fail=1)
    (archive / "broken.pdf").write_bytes(b"")
    cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                           dashboard_address=None)
    try:
        summary = run_batch(archive, tmp_path / "dask", Options(),
                            BatchConfig(scheduler=cluster.scheduler_address),
                            pipeline=FAKE_PIPELINE)
        workers = {ts.get("id") for ts in cluster.scheduler_info["workers"].values()}
    finally:
        cluster.close()
        cloudpickle.unregister_pickle_by_value(test_batch_fakes)
    assert len(workers) == 2
    statuses = {e.path: e.status for e in summary.entries}
    assert statuses == {"a.pdf": "ok", "broken.pdf": "failed", "sub/b.png": "failed"}
    assert summary.pages_processed == 4
    lines = (tmp_path / "dask" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["path"] for line in lines] == ["a.pdf", "broken.pdf", "sub/b.png"]

    run_batch(archive, tmp_path / "local", Options(), BatchConfig(jobs=1), pipeline=FAKE_PIPELINE)
    assert _records(tmp_path / "dask") == _records(tmp_path / "local")
    assert list(_records(tmp_path / "dask")) == ["a.json"]


@pytest.mark.timeout(60)
def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from digitizer import executors
    from digitizer.errors import ExitCode
    from digitizer.executors import SchedulerError

    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 2)
    archive = tmp_path / "archive"
    write_fake(archive / "a.pdf", pages=1)
    with pytest.raises(SchedulerError) as caught:
        run_batch(archive, tmp_path / "out", Options(),
                  BatchConfig(scheduler="tcp://127.0.0.1:9"), pipeline=FAKE_PIPELINE)
    assert caught.value.exit_code == ExitCode.MISSING_DEPENDENCY
    assert "tcp://127.0.0.1:9" in caught.value.one_line()
