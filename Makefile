# The README's two commands: `make run` (set up, then digitise samples/) and `make test`.
OUT ?= out/samples

.PHONY: run test setup setup-dev lint unit clean

setup:
	@scripts/setup.sh

setup-dev:
	@scripts/setup.sh --dev

run: setup
	.venv/bin/digitize batch samples/scans --out $(OUT)
	@echo "records written to $(OUT)/"

lint: setup-dev
	.venv/bin/ruff check .
	.venv/bin/mypy

test: setup-dev lint
	OMP_THREAD_LIMIT=1 .venv/bin/python -m pytest -q

unit: setup-dev
	.venv/bin/python -m pytest -q -m "not tesseract and not browser"

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
