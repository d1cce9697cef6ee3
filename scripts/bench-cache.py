#!/usr/bin/env python3
"""Times postlint's cache on the benchmark site, interleaved.

Each round empties a cache folder, then runs `check --no-cache` and the
first (cold) cached run, alternating which goes first, and then a warm run.
Prints the medians, the ratios to `--no-cache` and the cache's size.

    scripts/bench-cache.py --rounds 11 target/dist/postlint -- --select ALL --format concise
"""
import argparse
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

repo = Path(__file__).resolve().parent.parent
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("postlint")
parser.add_argument("--rounds", type=int, default=11)
parser.add_argument("--site", default=str(repo / "target/bench-site"))
parser.add_argument("args", nargs="*", help="after --: the arguments of `check`")
options = parser.parse_args()

cache = repo / "target/bench-cache"
env = dict(os.environ, POSTLINT_CACHE_DIR=str(cache))
postlint = str(Path(options.postlint).resolve())


def run(*extra):
    start = time.perf_counter()
    subprocess.run(
        [postlint, "check", *extra, *options.args],
        cwd=options.site,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


print(f"load before: {os.getloadavg()[0]:.2f}")
uncached, cold, warm = [], [], []
for round in range(options.rounds):
    shutil.rmtree(cache, ignore_errors=True)
    if round % 2 == 0:
        cold.append(run())
        uncached.append(run("--no-cache"))
    else:
        uncached.append(run("--no-cache"))
        cold.append(run())
    warm.append(run())
size = sum(f.stat().st_size for f in cache.iterdir() if f.is_file())
median = statistics.median
base = median(uncached)
print(f"check {' '.join(options.args)}: medians of {options.rounds}")
print(f"  --no-cache  {base:.4f} s")
print(f"  cold cache  {median(cold):.4f} s  ({median(cold) / base:.3f})")
print(f"  warm cache  {median(warm):.4f} s  ({median(warm) / base:.3f})")
print(f"  cache size  {size / 1e6:.1f} MB")
print(f"load after: {os.getloadavg()[0]:.2f}")
