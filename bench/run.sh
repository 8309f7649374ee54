#!/usr/bin/env bash
# Benchmarks `promo score` side by side with the I/O floor, `find | xargs cat` and a plain
# Python scorer, on 10,000 and 100,000 generated answers files (warm cache).
#
#   bash bench/run.sh                 # the sets below, best of 3 runs each
#   RUNS=5 SIZES="20000" bash bench/run.sh
#   BENCH_DIR=/tmp/promo-bench KEEP=1 bash bench/run.sh   # keep the generated files
#
# Wall time is taken around each run; peak RSS is the maximum resident set size reported by
# GNU time (`/usr/bin/time -f %M`), installed with apt-get when it is missing. Each command runs
# RUNS times after a warm-up, and the fastest run is shown (the Python scorer runs once).
# The script also checks that promo and the Python scorer agree on every file of the first set.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SIZES=${SIZES:-"10000 100000"}
MIXED=${MIXED:-100000}
PYTHON_RUNS=${PYTHON_RUNS:-1}

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time for peak RSS figures" >&2
    apt-get install -y time >/dev/null
fi

cargo build --release --locked --bin promo --example gen_answers --example read_floor >&2
PROMO=target/release/promo
GEN=target/release/examples/gen_answers
FLOOR=target/release/examples/read_floor

DIR=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$DIR"
if [ -z "${KEEP:-}" ]; then
    trap 'rm -rf "$DIR"' EXIT
fi

# Generates a set once: NAME COUNT RUBRIC [EXTRA GENERATOR ARGS]
make_set() {
    local name=$1 count=$2 rubric=$3
    shift 3
    if [ ! -f "$DIR/$name.done" ]; then
        rm -rf "${DIR:?}/$name"
        "$GEN" "$DIR/$name" "$count" --rubric "$rubric" "$@" 2>/dev/null
        touch "$DIR/$name.done"
    fi
}

# Prints "seconds peak_kb" for one run of a command, its output discarded.
measure() {
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f %M -o "$DIR/rss" "$@" >/dev/null 2>"$DIR/stderr" || true
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000 )) $(tail -n 1 "$DIR/rss")"
}

# Runs a command RUNS times and prints "best_seconds max_peak_kb".
best_of() {
    local runs=$1 best=0 peak=0 us kb
    shift
    for _ in $(seq "$runs"); do
        read -r us kb < <(measure "$@")
        if [ "$best" -eq 0 ] || [ "$us" -lt "$best" ]; then best=$us; fi
        if [ "$kb" -gt "$peak" ]; then peak=$kb; fi
    done
    echo "$best $peak"
}

row() {
    local set=$1 count=$2 tool=$3 us=$4 kb=$5 floor_us=$6
    awk -v set="$set" -v tool="$tool" -v us="$us" -v kb="$kb" -v n="$count" -v floor="$floor_us" 'BEGIN {
        s = us / 1e6
        printf "%-22s %-28s %9.3f %12.0f %10.1f %9.2f\n", set, tool, s, n / s, kb / 1024, us / floor
    }'
}

bench_set() {
    local name=$1 count=$2 label=$3
    local path="$DIR/$name"
    # Warm the page cache and the directory cache.
    find "$path" -type f -print0 | xargs -0 cat >/dev/null
    "$FLOOR" "$path" >/dev/null
    read -r floor_us floor_kb < <(best_of "$RUNS" "$FLOOR" "$path")
    read -r promo_us promo_kb < <(best_of "$RUNS" "$PROMO" score "$path")
    read -r rubric_us rubric_kb < <(best_of "$RUNS" "$PROMO" score "$path" --rubric ic-to-manager)
    read -r cat_us cat_kb < <(best_of "$RUNS" sh -c 'find "$1" -type f -print0 | xargs -0 cat' sh "$path")
    row "$label" "$count" "read-only floor" "$floor_us" "$floor_kb" "$floor_us"
    row "$label" "$count" "promo score" "$promo_us" "$promo_kb" "$floor_us"
    if [ "$name" != "${name#ic}" ]; then
        row "$label" "$count" "promo score --rubric" "$rubric_us" "$rubric_kb" "$floor_us"
    fi
    row "$label" "$count" "find | xargs cat" "$cat_us" "$cat_kb" "$floor_us"
    if [ "$PYTHON_RUNS" -gt 0 ]; then
        read -r py_us py_kb < <(best_of "$PYTHON_RUNS" python3 bench/score.py "$path")
        row "$label" "$count" "python3 bench/score.py" "$py_us" "$py_kb" "$floor_us"
        awk -v p="$promo_us" -v q="$py_us" 'BEGIN { printf "%-22s promo is %.1fx faster than the Python scorer\n", "", q / p }'
    fi
}

# Checks that promo and the Python scorer give the same numbers for every file of a set.
agree() {
    local path="$DIR/$1"
    "$PROMO" score "$path" >"$DIR/promo.csv"
    python3 bench/score.py "$path" >"$DIR/python.csv"
    python3 - "$DIR/promo.csv" "$DIR/python.csv" <<'PY'
import csv, sys
def rows(path):
    with open(path, newline="") as f:
        return {r["path"]: r for r in csv.DictReader(f)}
promo, python = rows(sys.argv[1]), rows(sys.argv[2])
assert promo.keys() == python.keys(), "different files"
num = lambda s: None if s == "" else float(s)
bad = [p for p in promo if any(
    num(promo[p][k]) != num(python[p][k]) for k in ("readiness", "coverage")
) or any(promo[p][k] != python[p][k] for k in ("rubric", "verdict", "gated_by", "unproven"))]
print(f"promo and the Python scorer agree on {len(promo) - len(bad)} of {len(promo)} files")
sys.exit(1 if bad else 0)
PY
}

echo "generating answers files in $DIR" >&2
for n in $SIZES; do make_set "ic$n" "$n" ic-to-manager; done
if [ -n "$MIXED" ]; then make_set "mixed$MIXED" "$MIXED" mixed --json 10; fi

echo "machine: $(nproc) cores, $(uname -sr); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-22s %-28s %9s %12s %10s %9s\n" "set" "command" "wall s" "files/s" "peak MB" "x floor"
for n in $SIZES; do bench_set "ic$n" "$n" "$n ic-to-manager"; done
if [ -n "$MIXED" ]; then bench_set "mixed$MIXED" "$MIXED" "$MIXED mixed, 10% JSON"; fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
first=$(echo "$SIZES" | awk '{print $1}')
agree "ic$first"
