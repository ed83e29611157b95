"""The forkserver preload names modules that exist (a renamed module would silently stop being
preloaded: Python skips preload modules it cannot import)."""

from __future__ import annotations

import importlib

from digitizer import executors


def test_every_preloaded_module_imports() -> None:
    for name in executors.WORKER_PRELOAD:
        assert importlib.import_module(name).__name__ == name


def test_the_pipeline_entry_is_preloaded() -> None:
    assert executors.WORKER_PRELOAD[0] == "digitizer.api"
