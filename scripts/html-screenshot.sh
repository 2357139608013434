#!/usr/bin/env bash
# Renders an HTML report in headless Chromium: a screenshot (default target/report.png) and the
# DOM after scripts ran (stdout with --dump-dom). Needs the Debian package `chromium`
# (plus `fonts-noto-cjk` for readable Chinese in the screenshot).
#
#   scripts/html-screenshot.sh report.html [out.png]     # screenshot
#   scripts/html-screenshot.sh --dump-dom report.html    # DOM on stdout, browser log on stderr
set -euo pipefail
browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser="$b"; break; fi
done
if [ -z "$browser" ]; then
  echo "html-screenshot: chromium not found (apt-get install -y chromium fonts-noto-cjk)" >&2
  exit 3
fi
mode=screenshot
if [ "${1:-}" = "--dump-dom" ]; then mode=dom; shift; fi
html="$1"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile"
  --enable-logging=stderr --v=0)
if [ "$mode" = dom ]; then
  exec "$browser" "${flags[@]}" --dump-dom "file://$(realpath "$html")"
fi
out="${2:-target/report.png}"
mkdir -p "$(dirname "$out")"
"$browser" "${flags[@]}" --screenshot="$out" --window-size=1280,2000 "file://$(realpath "$html")"
echo "$out"
