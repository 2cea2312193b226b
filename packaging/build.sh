#!/usr/bin/env bash
# Build the one-folder app dist/isu/ (and dist/ISU.app on macOS) with PyInstaller.
#
#   packaging/build.sh
#
# ISU_BUILD_VENV   the virtual environment to build in (default: build/venv; created if missing)
# PYTHON           the Python that creates it (default: python3; 3.11 or newer)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO"
VENV="${ISU_BUILD_VENV:-$REPO/build/venv}"
PYTHON="${PYTHON:-python3}"

started=$(date +%s)
if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
fi
echo "== installing isu and PyInstaller"
"$VENV/bin/python" -m pip install -q -e "$REPO" "pyinstaller>=6.10,<7"

# The .qm files are build output (not in git): compile them from the .ts sources now, so the
# bundle ships translations that are up to date and need no writing at run time.
echo "== compiling translations"
"$VENV/bin/python" - <<'PY'
from pathlib import Path

from isu.ui.i18n import compile_ts

for ts in sorted(Path("isu/resources/translations").glob("isu_*.ts")):
    qm = compile_ts(ts, ts.with_suffix(".qm"), ts.stem.removeprefix("isu_"))
    print(f"   {qm}")
PY

echo "== running PyInstaller"
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$REPO/dist" --workpath "$REPO/build/pyinstaller" "$REPO/packaging/isu.spec"

echo "== built $REPO/dist/isu in $(( $(date +%s) - started )) s, $(du -sh "$REPO/dist/isu" | cut -f1)"
