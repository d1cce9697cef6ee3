#!/usr/bin/env bash
# Writes pre-commit-mirror/ as one commit of the pre-commit mirror repository
# and tags it `v<version>` (the release workflow runs this once the wheels are
# on PyPI; scripts/check-distribution.sh runs it against a local repository).
#
# Usage: scripts/publish-pre-commit-mirror.sh VERSION GIT_URL
set -euo pipefail

version="$1"
dest="$2"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mirror="$repo/pre-commit-mirror"

if ! grep -qxF "version = \"$version\"" "$mirror/pyproject.toml" ||
    ! grep -qF "\"postlint==$version\"" "$mirror/pyproject.toml"; then
    echo "publish-pre-commit-mirror: pre-commit-mirror/pyproject.toml does not pin postlint $version" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! git clone --quiet "$dest" "$work/mirror" 2>/dev/null; then
    git init --quiet "$work/mirror"
    git -C "$work/mirror" remote add origin "$dest"
fi
git -C "$work/mirror" rm -r --quiet --ignore-unmatch .
cp -R "$mirror/." "$work/mirror/"
git -C "$work/mirror" add --all
git -C "$work/mirror" commit --quiet --allow-empty -m "postlint $version"
git -C "$work/mirror" tag "v$version"
git -C "$work/mirror" push --quiet origin HEAD:refs/heads/main "refs/tags/v$version"
