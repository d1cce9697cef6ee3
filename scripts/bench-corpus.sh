#!/usr/bin/env bash
# Builds the benchmark site (a large Hugo site made of copies of the real
# corpora) into target/bench-site, or target/bench-site-xN with --scale N.
# Prints the site's path on stdout. See scripts/bench_corpus.py for details.
#
#   scripts/bench-corpus.sh              # >= 10,000 posts, >= 40 MiB
#   scripts/bench-corpus.sh --scale 4    # 4x as many copies
#   scripts/bench-corpus.sh --force      # rebuild even when up to date
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$here/bench_corpus.py" "$@"
