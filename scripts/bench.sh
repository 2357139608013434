#!/usr/bin/env bash
# Measures hedui as a whole process (release build): the bundled sample, a batch of 500 generated
# sample-sized documents and one of 300 copies of the sample (`hedui check DIR`), peak memory
# for the sample and a 10 MB document, scaling from 10 KB to 10 MB, the worst cases for the
# alignment at 1x, 4x and 16x (with the growth ratios), and the Python + jieba baseline
# (scripts/baseline.py) in the same run.
# Installs hyperfine, GNU time and jieba if missing. Usage: scripts/bench.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-20}
SAMPLE=corpus/000_6f198439acdb62c0.txt
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || ! need bc || [ ! -x /usr/bin/time ]; then
    (apt-get update -qq && apt-get install -y -qq hyperfine time bc) >/dev/null 2>&1 ||
        echo "warning: could not install hyperfine/time" >&2
fi
python3 -c 'import jieba' 2>/dev/null || pip install -q jieba >/dev/null 2>&1

cargo build --release --quiet
HEDUI=target/release/hedui

echo "== machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 scripts/gen_docs.py batch 500 "$WORK/batch"
for s in 10000 100000 1000000 10000000; do
    python3 scripts/gen_docs.py doc "$s" "$WORK/doc$s.txt"
    python3 scripts/gen_docs.py differ "$s" "$WORK/differ$s.txt"
done
BATCH_BYTES=$(cat "$WORK"/batch/*.txt | wc -c)

# Mean and median seconds of a command (hyperfine, or a timing loop without it).
measure() { # name runs cmd...
    local name=$1 runs=$2
    shift 2
    if need hyperfine; then
        hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$WORK/$name.json" "$*" >/dev/null 2>&1 || true
        python3 - "$WORK/$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f'{r["mean"]:.6f} {r["median"]:.6f} {r["stddev"] or 0:.6f}')
PY
    else
        python3 - "$runs" "$@" <<'PY'
import statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
ts = []
for _ in range(runs):
    t = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); ts.append(time.perf_counter() - t)
print(f'{statistics.mean(ts):.6f} {statistics.median(ts):.6f} {statistics.pstdev(ts):.6f}')
PY
    fi
}
peak() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 || true; } # KB (hedui exits 1 on findings)

echo "== one document: $SAMPLE ($(wc -c <"$SAMPLE") bytes), whole process"
read -r h_mean h_med h_sd < <(measure hedui "$RUNS" "$HEDUI" check "$SAMPLE")
read -r p_mean p_med p_sd < <(measure python 5 python3 scripts/baseline.py "$SAMPLE")
printf '%-28s median %8.2f ms  mean %8.2f ms ± %.2f\n' "hedui" "$(echo "$h_med*1000" | bc -l)" "$(echo "$h_mean*1000" | bc -l)" "$(echo "$h_sd*1000" | bc -l)"
printf '%-28s median %8.2f ms  mean %8.2f ms ± %.2f\n' "python + jieba baseline" "$(echo "$p_med*1000" | bc -l)" "$(echo "$p_mean*1000" | bc -l)" "$(echo "$p_sd*1000" | bc -l)"
printf 'ratio (baseline / hedui, medians): %.1fx\n' "$(echo "$p_med/$h_med" | bc -l)"
echo "peak RSS hedui:    $(peak "$HEDUI" check "$SAMPLE") KB"
echo "peak RSS baseline: $(peak python3 scripts/baseline.py "$SAMPLE") KB"

echo "== batch: 500 generated documents, $BATCH_BYTES bytes, hedui check DIR ($(nproc) threads)"
read -r hb_mean hb_med hb_sd < <(measure hedui_batch 5 "$HEDUI" check "$WORK/batch")
read -r pb_mean pb_med pb_sd < <(measure python_batch 2 python3 scripts/baseline.py "$WORK/batch")
printf '%-28s median %8.3f s  %6.1f MB/s  %6.0f docs/s\n' "hedui" "$hb_med" "$(echo "$BATCH_BYTES/$hb_med/1000000" | bc -l)" "$(echo "500/$hb_med" | bc -l)"
printf '%-28s median %8.3f s  %6.1f MB/s  %6.0f docs/s\n' "python + jieba baseline" "$pb_med" "$(echo "$BATCH_BYTES/$pb_med/1000000" | bc -l)" "$(echo "500/$pb_med" | bc -l)"
printf 'ratio (baseline / hedui, medians): %.1fx\n' "$(echo "$pb_med/$hb_med" | bc -l)"

# Issue 16's batch: 300 copies of the sample (real prose, a real annex), the figure that
# matters for batch users; generated documents repeat their prose and run faster.
mkdir -p "$WORK/copies"
for i in $(seq 1 300); do cp "$SAMPLE" "$WORK/copies/d$i.txt"; done
COPIES_BYTES=$(cat "$WORK"/copies/*.txt | wc -c)
echo "== batch: 300 copies of the sample, $COPIES_BYTES bytes, hedui check DIR ($(nproc) threads)"
read -r hc_mean hc_med hc_sd < <(measure hedui_copies 5 "$HEDUI" check "$WORK/copies")
printf '%-28s median %8.3f s  %6.1f MB/s  %6.0f docs/s\n' "hedui" "$hc_med" "$(echo "$COPIES_BYTES/$hc_med/1000000" | bc -l)" "$(echo "300/$hc_med" | bc -l)"
echo "peak RSS hedui (300 copies): $(peak "$HEDUI" check "$WORK/copies") KB"

scaling() { # kind
    for s in 10000 100000 1000000 10000000; do
        f="$WORK/$1$s.txt"
        runs=$((s >= 10000000 ? 3 : 5))
        read -r m med sd < <(measure "$1$s" "$runs" "$HEDUI" check "$f")
        printf '%10d bytes  median %9.2f ms  %7.1f MB/s  peak RSS %7d KB\n' "$(wc -c <"$f")" "$(echo "$med*1000" | bc -l)" "$(echo "$(wc -c <"$f")/$med/1000000" | bc -l)" "$(peak "$HEDUI" check "$f")"
    done
}
echo "== scaling: one generated document (annex of min(size/5000, 2000) items), whole process"
scaling doc
echo "== scaling, every second body figure differs from the annex (as many mismatches to find)"
scaling differ

# Worst cases for the alignment (gen_docs.py worst): 1x, 4x and 16x the annex items; the
# ratios say how time and peak memory grow for 16x the input (near-linear: at most 24x).
echo "== worst cases, whole process: 1250, 5000, 20000 annex items (16x / 1x at the end)"
for kind in similar similar-differ samevalue samevalue-differ repeat named; do
    line="" t1="" m1=""
    for n in 1250 5000 20000; do
        f="$WORK/worst-$kind-$n.txt"
        python3 scripts/gen_docs.py worst "$kind" "$n" "$f"
        read -r _ med _ < <(measure "worst-$kind-$n" 3 "$HEDUI" check "$f")
        mem=$(peak "$HEDUI" check "$f")
        line="$line$(printf '  %5d: %7.1f ms %6.1f MB' "$n" "$(echo "$med*1000" | bc -l)" "$(echo "$mem/1000" | bc -l)")"
        if [ -z "$t1" ]; then t1=$med m1=$mem; fi
    done
    printf '%-17s%s   x%.1f time x%.1f memory\n' "$kind" "$line" "$(echo "$med/$t1" | bc -l)" "$(echo "$mem/$m1" | bc -l)"
done
