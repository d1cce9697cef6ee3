#!/usr/bin/env bash
# What a build profile costs to build and what it gives at run time.
#
# For each profile below: a clean `cargo build --release` of the postlint
# binary (dependencies included, as `cargo install` and `pip install .` do
# it) in a target folder of its own, timed; then every binary timed against
# the others, interleaved (scripts/bench-ab.py), on the benchmark site with
# every rule and with the per-file rules only, without the cache.
#
# Usage: scripts/bench-build-profiles.sh [--rounds N]
# Results: target/bench-results/profiles-<stamp>.txt
#
# The profiles are given as overrides of `[profile.release]`, so one script
# measures them all without editing Cargo.toml. A build takes minutes and
# the machine is shared: compare the build times of one run, and quote the
# run's load (printed).
set -euo pipefail

rounds=11
case "${1:-}" in
    --rounds) rounds="$2" ;;
    "") ;;
    *) sed -n '2,16p' "$0"; exit 2 ;;
esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$repo/target/bench-results"
mkdir -p "$results"
out="$results/profiles-$(date -u +%Y%m%dT%H%M%SZ).txt"
log() { echo "$*" | tee -a "$out" >&2; }

# name|lto|codegen-units
profiles=(
    "fat-lto-cg1|fat|1"
    "thin-lto-cg1|thin|1"
    "thin-lto-cg16|thin|16"
    "no-lto-cg16|false|16"
)

site="$("$repo/scripts/bench-corpus.sh")"
binaries=()
log "load before: $(uptime)"
for profile in "${profiles[@]}"; do
    IFS='|' read -r name lto units <<<"$profile"
    target="$repo/target/profiles/$name"
    rm -rf "$target"
    [ "$lto" = false ] || lto="\"$lto\""
    start=$(date +%s.%N)
    (cd "$repo" && cargo build --release --locked --quiet --bin postlint \
        --target-dir "$target" \
        --config "profile.release.lto=$lto" \
        --config "profile.release.codegen-units=$units")
    end=$(date +%s.%N)
    binary="$target/release/postlint"
    log "$name: clean build $(awk -v start="$start" -v end="$end" 'BEGIN { printf "%.1f", end - start }') s, binary $(stat -c %s "$binary") bytes, load $(cut -d' ' -f1-3 /proc/loadavg)"
    binaries+=("$binary")
done

for args in "--select ALL" "--select ALL --ignore LNK,SITE"; do
    # shellcheck disable=SC2086
    python3 "$repo/scripts/bench-ab.py" --rounds "$rounds" "$site" "${binaries[@]}" \
        -- check --no-cache $args --format concise | tee -a "$out"
done
log "load after: $(uptime)"
log "results in $out"
