#!/usr/bin/env bash
# Build the frozen app (or, with --reuse, use an existing dist/isu) and smoke-test it:
# the files a frozen build can lose must be in the bundle, and `isu --smoke-test` must pass
# (demo database, sign-in, summary PDF, main window grabbed offscreen). Exit 0 only if all pass.
#
#   packaging/smoke.sh [--reuse]
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
DIST="$REPO/dist/isu"
APP="$DIST/isu"

if [ "${1:-}" = "--reuse" ] && [ -x "$APP" ]; then
  echo "== reusing $DIST"
else
  "$REPO/packaging/build.sh"
fi

echo "== checking the bundle"
INTERNAL="$DIST/_internal"
missing=0
for required in \
  isu/resources/forms/sig.yaml \
  isu/resources/docs/anvandarhandbok.md \
  isu/resources/translations/isu_sv.ts \
  isu/resources/translations/isu_sv.qm \
  isu/resources/icons/isu.svg \
  isu/resources/styles/isu.qss \
  isu/db/migrations/env.py \
  isu/db/migrations/script.py.mako \
  isu/db/migrations/versions/0001_initial.py \
  isu/server/sql/security.sql \
  psycopg_binary \
  PySide6/Qt/plugins/platforms/libqoffscreen.so \
  PySide6/Qt/plugins/platforms/libqxcb.so \
  PySide6/Qt/plugins/imageformats/libqsvg.so \
  PySide6/Qt/plugins/imageformats/libqjpeg.so \
  reportlab/fonts
do
  if [ ! -e "$INTERNAL/$required" ]; then
    echo "missing in the bundle: $required" >&2
    missing=1
  fi
done
[ "$missing" -eq 0 ] || exit 1
"$APP" --version

echo "== isu --smoke-test"
data_dir="$(mktemp -d)"
trap 'rm -rf "$data_dir"' EXIT
# Run from an empty folder so nothing can come from the source tree by accident.
(cd "$data_dir" && QT_QPA_PLATFORM=offscreen ISU_LANG=sv "$APP" --smoke-test --data-dir "$data_dir")
echo "== the server backend (psycopg, libpq) loads in the bundle"
# Nothing listens on port 1: the frozen app must say so in Swedish, not miss a module.
out="$(cd "$data_dir" && ISU_LANG=sv ISU_PASSWORD=x "$APP" verify --db postgresql://127.0.0.1:1/isu \
  --user smoke 2>&1 || true)"
if ! grep -q "svarar inte" <<<"$out"; then
  echo "the frozen app cannot use the server backend: $out" >&2
  exit 1
fi
echo "== smoke test passed ($(du -sh "$DIST" | cut -f1) in $DIST)"
