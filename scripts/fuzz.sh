#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ for MINUTES each (default 10), one after
# the other, with the dictionary and seeds drawn from ../shared/corpus and
# the fixtures, keeping each target's corpus in fuzz/corpus/<target>/
# between runs. A crash is moved to tests/fuzz-crashes/<target>-<name>,
# which `cargo test` replays (tests/it/fuzz_regressions.rs), and fails the
# script. Prints, per target, how many inputs ran and how long (the build
# included).
#
#   scripts/fuzz.sh            # 10 minutes per target
#   scripts/fuzz.sh 30         # what the scheduled workflow runs
#   TARGETS="check" scripts/fuzz.sh 5
#
# Needs cargo-fuzz (installed when missing). libFuzzer's sanitizer needs
# nightly flags; on a stable toolchain RUSTC_BOOTSTRAP=1 allows them.
set -euo pipefail

minutes="${1:-10}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fuzz="$repo/fuzz"
corpus_root="${POSTLINT_CORPUS:-$repo/../shared/corpus}"
log() { echo "fuzz: $*" >&2; }

if ! cargo fuzz --version >/dev/null 2>&1; then
    log "installing cargo-fuzz"
    cargo install cargo-fuzz --locked >/dev/null
fi
export RUSTC_BOOTSTRAP=1
cd "$fuzz"
targets="${TARGETS:-$(cargo fuzz list)}"

# Seeds, once per target, in a folder of their own (fuzz/seeds/<target>):
# the posts of the corpora and the fixtures for the parser and the check
# (each prefixed with one selector byte for the check: its low bit picks
# the Hugo or the Jekyll example site), their configs (and go.mod, go.work)
# for the config target.
seed() {
    local target="$1" out="$fuzz/seeds/$1"
    rm -rf "$out"
    mkdir -p "$out"
    local roots=("$repo/fixtures")
    [ -d "$corpus_root" ] && roots+=("$corpus_root")
    local n=0
    case "$target" in
        config)
            find "${roots[@]}" -maxdepth 3 -type f \
                \( -name 'hugo.toml' -o -name 'hugo.yaml' -o -name 'config.toml' -o -name 'config.yaml' \
                -o -name '_config.yml' -o -name 'postlint.toml' -o -name '*.toml' -path '*config/_default*' \
                -o -name 'go.mod' -o -name '*.work' -o -name 'modules.txt' \) |
                while read -r file; do cp "$file" "$out/$(printf %05d $n)"; n=$((n + 1)); done
            ;;
        *)
            find "${roots[@]}" -type f \( -name '*.md' -o -name '*.markdown' \) -size -8k | sort | head -2000 |
                while read -r file; do
                    if [ "$target" = check ]; then
                        { printf "\\$(printf %03o $((n % 6)))"; cat "$file"; } >"$out/$(printf %05d $n)"
                    else
                        cp "$file" "$out/$(printf %05d $n)"
                    fi
                    n=$((n + 1))
                done
            ;;
    esac
}

failed=0
summary=""
for target in $targets; do
    seed "$target"
    mkdir -p "corpus/$target" "artifacts/$target"
    log "$target: $minutes minutes ($(ls "seeds/$target" | wc -l) seeds, $(ls "corpus/$target" | wc -l) in its corpus)"
    out="$(mktemp)"
    started=$SECONDS
    set +e
    cargo fuzz run "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time=$((minutes * 60)) -max_len=8192 -dict=postlint.dict \
        -print_final_stats=1 >"$out" 2>&1
    status=$?
    set -e
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out" | grep -o '[0-9]*$' | tail -1)"
    seconds=$((SECONDS - started))
    for crash in artifacts/"$target"/crash-* artifacts/"$target"/timeout-* artifacts/"$target"/oom-*; do
        [ -e "$crash" ] || continue
        kept="$repo/tests/fuzz-crashes/$target-$(basename "$crash")"
        mv "$crash" "$kept"
        log "$target: kept $kept"
        failed=1
    done
    if [ "$status" -ne 0 ]; then
        tail -40 "$out" >&2
        failed=1
    fi
    summary+="$target: ${runs:-?} inputs in ${seconds:-?} s, exit $status"$'\n'
    rm -f "$out"
done
printf '%s' "$summary"
exit "$failed"
