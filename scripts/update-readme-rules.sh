#!/usr/bin/env bash
# Replaces README.md's rule table with `postlint rules` (a test keeps them equal).
set -euo pipefail
cd "$(dirname "$0")/.."
table=$(cargo run -q -- rules)
python3 - "$table" <<'PY'
import re, sys
table = sys.argv[1].strip() + "\n"
readme = open("README.md").read()
start = readme.index("| code | name | default | fix | summary |")
end = readme.index("\n\n", start) + 1
open("README.md", "w").write(readme[:start] + table + readme[end:])
PY
