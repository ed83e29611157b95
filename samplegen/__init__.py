"""Synthetic scanned Thai memos (บันทึกข้อความ) with exact truth, for tests and benchmarks."""

from __future__ import annotations

from samplegen.content import Org
from samplegen.generate import SampleSpec, build, compose, random_spec, write_sample

__all__ = ["Org", "SampleSpec", "build", "compose", "random_spec", "write_sample"]
