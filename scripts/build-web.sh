#!/usr/bin/env bash
# Builds the offline page: hedui compiled to WebAssembly and inlined (gzip, base64) into one
# self-contained HTML file that works opened from disk (file://) or from any static server.
#
#   scripts/build-web.sh [OUT_DIR]      # default target/web
#
# Writes OUT_DIR/index.html (the page: give this one file to the editors) and OUT_DIR/hedui.wasm
# (the same module, for measuring or serving). Needs rustup (it adds the wasm32-unknown-unknown
# target), base64 and gzip; nothing else. See docs/web.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/web}"
target_dir="$(cargo metadata --format-version 1 --no-deps | sed 's/.*"target_directory":"\([^"]*\)".*/\1/')"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
cargo build --locked -p hedui-web --target wasm32-unknown-unknown --profile wasm
wasm="$target_dir/wasm32-unknown-unknown/wasm/hedui_web.wasm"

mkdir -p "$out"
cp "$wasm" "$out/hedui.wasm"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
page="$out/index.html.tmp"
{
  # The template up to the <!--APP--> line, then the module and the script, then the rest.
  sed '/<!--APP-->/,$d' web/index.html | sed "s/@VERSION@/$version/"
  # The module gzipped (the browser unpacks it with DecompressionStream): half the page.
  printf '<script>window.HEDUI_WASM_GZ = "'
  gzip -9 -n -c "$out/hedui.wasm" | base64 -w 0
  printf '";</script>\n<script>\n'
  cat web/app.js
  printf '</script>\n'
  sed '1,/<!--APP-->/d' web/index.html
} >"$page"
mv "$page" "$out/index.html"

raw=$(stat -c %s "$out/hedui.wasm")
gz=$(gzip -9 -c "$out/hedui.wasm" | wc -c)
page_raw=$(stat -c %s "$out/index.html")
page_gz=$(gzip -9 -c "$out/index.html" | wc -c)
echo "build-web: $out/index.html ($page_raw bytes, $page_gz gzipped); hedui.wasm $raw bytes, $gz gzipped"
