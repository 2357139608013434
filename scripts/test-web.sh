#!/usr/bin/env bash
# The offline page in a real browser: builds the page (scripts/build-web.sh) and the command line,
# installs playwright-core from npm (the driver only: it downloads no browser; 1.61 is the
# newest that runs on Debian 12's Node 18) and runs
# web/test/browser.cjs against Debian's Chromium. Needs node and npm, chromium, soffice
# (libreoffice-writer-nogui) and fonts-noto-cjk for a readable screenshot; .ci/run installs them.
#
#   scripts/test-web.sh            # leaves target/web/screenshot.png and timings.json
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir="$(cargo metadata --format-version 1 --no-deps | sed 's/.*"target_directory":"\([^"]*\)".*/\1/')"
out="$target_dir/web"

scripts/build-web.sh "$out"
cargo build --locked --bin hedui

# The driver, pinned; kept under the target directory, not in the repository.
driver="$target_dir/web-test"
if [ ! -d "$driver/node_modules/playwright-core" ]; then
  mkdir -p "$driver"
  npm install --prefix "$driver" --no-audit --no-fund --silent playwright-core@1.61.1
fi
NODE_PATH="$driver/node_modules" node web/test/browser.cjs \
  "$out/index.html" "$target_dir/debug/hedui" "$out"
