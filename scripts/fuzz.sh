#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 60 s each; FUZZ_SECONDS=600 for a real
# run), seeded with the project's corpus and fixtures. Needs the nightly toolchain; installs
# cargo-fuzz if missing. Crashes land in fuzz/artifacts/<target>/: turn each into a regression
# test under tests/ (see tests/bad_inputs.rs) before fixing it.
#
#   scripts/fuzz.sh                 # all targets, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh docx decode
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(quantity check_text decode docx config)
fi

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal

seed() {
  local dir="fuzz/corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/$(basename "$f")"
  done
  return 0
}
seed quantity corpus/*.txt
seed check_text corpus/*.txt
seed decode corpus/*.txt tests/fixtures/*/*.html tests/fixtures/*/*.md
seed docx tests/fixtures/docx/*.docx
seed config rules/*.toml

status=0
for t in "${targets[@]}"; do
  echo "== fuzzing $t for ${seconds}s"
  max_len=65536
  [ "$t" = docx ] && max_len=1048576
  if ! cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- \
      -max_total_time="$seconds" -max_len="$max_len" -timeout=20 -rss_limit_mb=2048 \
      -print_final_stats=1 2>&1 | tail -n 25; then
    echo "!! $t found a problem: see fuzz/artifacts/$t/"
    status=1
  fi
done
exit $status
