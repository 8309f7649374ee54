#!/usr/bin/env bash
# Benchmarks the journal and the packet on five years of use: ~260 weekly journal entries and
# 20 stored assessments (16 self, 4 manager) of ic-to-manager, in a fresh data dir.
#
#   bash bench/journal.sh                # best and median of 20 runs each
#   RUNS=50 bash bench/journal.sh
#   BENCH_DIR=/tmp/promo-journal KEEP=1 bash bench/journal.sh   # keep the data dir
#
# Times `promo log add TEXT --dim ID` (one new entry per run, so the journal grows by RUNS)
# and `promo packet --format html` over the whole five years, wall clock around each process
# (warm cache, release build).
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
ENTRIES=${ENTRIES:-260}

cargo build --release --locked --bin promo --example gen_answers >&2
PROMO=$PWD/target/release/promo
GEN=$PWD/target/release/examples/gen_answers

DIR=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$DIR"
if [ -z "${KEEP:-}" ]; then
    trap 'rm -rf "$DIR"' EXIT
fi
export PROMO_DATA_DIR="$DIR/data" NO_COLOR=1

if [ ! -f "$DIR/done" ]; then
    rm -rf "$DIR/answers" "$DIR/data"
    "$GEN" "$DIR/answers" 20 --rubric ic-to-manager 2>/dev/null
    n=0
    for file in $(find "$DIR/answers" -name '*.toml' | sort); do
        # One assessment a quarter over five years; every fifth is the manager's.
        date=$(date -d "2021-01-15 + $((n * 91)) days" +%F)
        rater=self
        if [ $((n % 5)) -eq 4 ]; then rater=manager; fi
        grep -v -E '^(date|rater) *=' "$file" | sed "1a date = $date\nrater = \"$rater\"" >"$file.tmp"
        mv "$file.tmp" "$file"
        n=$((n + 1))
    done
    "$PROMO" history add "$DIR"/answers/*.toml >/dev/null
    dims=($("$PROMO" rubrics show ic-to-manager | sed -n 's/^[0-9]*\. .*\[\([a-z0-9-]*\);.*/\1/p'))
    for ((week = 0; week < ENTRIES; week++)); do
        date=$(date -d "2021-01-04 + $((week * 7)) days" +%F)
        dim=${dims[$((week % ${#dims[@]}))]}
        "$PROMO" log add "Week $week: ran the planning session and wrote up the decision for the team" \
            --rubric ic-to-manager --dim "$dim" --date "$date" --link "https://example.com/doc/$week" >/dev/null
    done
    touch "$DIR/done"
fi

# Prints "best median" in milliseconds for RUNS runs of a command (output discarded).
time_runs() {
    local times=() start end
    for ((i = 0; i < RUNS; i++)); do
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        times+=($(((end - start) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f ms best, %.1f ms median\n", a[1] / 1000, a[int((NR + 1) / 2)] / 1000 }'
}

entries=$("$PROMO" log --rubric ic-to-manager --format csv | tail -n +2 | wc -l)
assessments=$(find "$PROMO_DATA_DIR/history" -name '*.toml' | wc -l)
echo "data dir: $entries journal entries, $assessments stored assessments; $RUNS runs each; load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$PROMO" packet --rubric ic-to-manager --since 2021-01-01 --format html -o "$DIR/packet.html"
echo "packet: $(wc -c <"$DIR/packet.html") bytes of HTML"
printf 'promo --version (start-up):  '
time_runs "$PROMO" --version
printf 'promo log add:               '
time_runs "$PROMO" log add "Ran the incident review" --rubric ic-to-manager --dim "$("$PROMO" rubrics show ic-to-manager | sed -n 's/^1\. .*\[\([a-z0-9-]*\);.*/\1/p')"
printf 'promo packet --format html:  '
time_runs "$PROMO" packet --rubric ic-to-manager --since 2021-01-01 --format html
