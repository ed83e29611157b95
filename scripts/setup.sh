#!/usr/bin/env bash
# Set up digitizer on a Debian machine: system packages when missing, then a virtualenv in .venv.
#   scripts/setup.sh          what `digitize` needs to run
#   scripts/setup.sh --dev    also the test, lint, font and browser tools used by `make test`
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

system_pkgs=(tesseract-ocr tesseract-ocr-tha poppler-utils)
if [ "$dev" = 1 ]; then
  system_pkgs+=(fonts-thai-tlwg chromium qpdf libfribidi0 libharfbuzz0b)
fi

missing=()
for pkg in "${system_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages; run as root:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 3
  fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$python" -m venv .venv 2>/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      "$python" -m venv .venv
    else
      echo "setup: run: sudo apt-get install -y python3-venv" >&2
      exit 3
    fi
  fi
fi

stamp=.venv/.digitizer-installed
if [ "$dev" = 1 ]; then
  stamp=.venv/.digitizer-installed-dev
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ scripts/setup.sh -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  if [ "$dev" = 1 ]; then
    .venv/bin/python -m pip install -q -e ".[dev,build]"
    # TH SarabunPSK / TH Sarabun New (OFL) ship in this Odoo addon; its odoo dependency is not needed.
    .venv/bin/python -m pip install -q --no-deps odoo-addon-l10n-th-fonts==18.0.1.0.0.2
  else
    .venv/bin/python -m pip install -q -e .
  fi
  touch "$stamp"
fi
echo "setup: ready ($(.venv/bin/digitize --version 2>/dev/null || echo digitizer))" >&2
