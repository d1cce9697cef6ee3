#!/usr/bin/env python3
"""Standalone archives of postlint, taken from its wheels, with SHA-256 sums.

Usage: scripts/release-archives.py WHEEL_DIR OUT_DIR

For each wheel (`postlint-<version>-py3-none-<platform>.whl`), the binary that
maturin put in `<name>.data/scripts/` goes into
`postlint-<version>-<rust target>.tar.gz` (`.zip` for Windows), next to
README.md, in a folder of the archive's name; `<archive>.sha256` and one
`SHA256SUMS` for all of them (`sha256sum -c SHA256SUMS` checks them). The
binary is the wheel's, byte for byte, so the archives are what pip installs.
"""

import hashlib
import io
import pathlib
import re
import sys
import tarfile
import zipfile

REPO = pathlib.Path(__file__).resolve().parent.parent
WHEEL = re.compile(r"^postlint-(?P<version>[^-]+)-[^-]+-[^-]+-(?P<platform>[^-]+)\.whl$")


def rust_target(platform):
    """The Rust target triple a wheel's platform tag names."""
    arch = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}
    found = re.search(r"(x86_64|amd64|aarch64|arm64)$", platform.split(".")[0])
    if not found:
        raise SystemExit(f"release-archives: no architecture in the platform tag {platform}")
    machine = arch[found.group(1)]
    if platform.startswith("musllinux"):
        return f"{machine}-unknown-linux-musl"
    if platform.startswith(("manylinux", "linux")):
        return f"{machine}-unknown-linux-gnu"
    if platform.startswith("macosx"):
        return f"{machine}-apple-darwin"
    if platform.startswith("win"):
        return f"{machine}-pc-windows-msvc"
    raise SystemExit(f"release-archives: unknown platform tag {platform}")


def binary_of(wheel):
    """The postlint executable in a wheel: its name and bytes."""
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if re.fullmatch(r"[^/]+\.data/scripts/postlint(\.exe)?", name):
                return pathlib.PurePosixPath(name).name, archive.read(name)
    raise SystemExit(f"release-archives: {wheel.name} holds no postlint binary")


def write_archive(out, stem, binary_name, binary, windows):
    readme = (REPO / "README.md").read_bytes()
    if windows:
        path = out / f"{stem}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{stem}/{binary_name}", binary)
            archive.writestr(f"{stem}/README.md", readme)
        return path
    path = out / f"{stem}.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, data, mode in ((binary_name, binary, 0o755), ("README.md", readme, 0o644)):
            info = tarfile.TarInfo(f"{stem}/{name}")
            info.size = len(data)
            info.mode = mode
            archive.addfile(info, io.BytesIO(data))
    return path


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    wheels = sorted(pathlib.Path(sys.argv[1]).glob("*.whl"))
    if not wheels:
        raise SystemExit(f"release-archives: no wheel in {sys.argv[1]}")
    out = pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    sums = []
    targets = {}
    for wheel in wheels:
        parsed = WHEEL.match(wheel.name)
        if not parsed:
            raise SystemExit(f"release-archives: {wheel.name} is not a postlint wheel")
        target = rust_target(parsed.group("platform"))
        if target in targets:
            raise SystemExit(
                f"release-archives: {targets[target]} and {wheel.name} are both for {target}"
            )
        targets[target] = wheel.name
        stem = f"postlint-{parsed.group('version')}-{target}"
        binary_name, binary = binary_of(wheel)
        path = write_archive(out, stem, binary_name, binary, target.endswith("windows-msvc"))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        line = f"{digest}  {path.name}\n"
        (out / f"{path.name}.sha256").write_text(line)
        sums.append(line)
        print(f"{path.name}  {path.stat().st_size} bytes  sha256 {digest}")
    (out / "SHA256SUMS").write_text("".join(sums))


if __name__ == "__main__":
    main()
