#!/usr/bin/env python3
"""Times postlint binaries against each other, interleaved.

Usage: scripts/bench-ab.py [--rounds N] SITE A_BINARY B_BINARY [MORE...] -- POSTLINT_ARGS...

  scripts/bench-ab.py target/bench-site /tmp/before/postlint target/dist/postlint \\
      -- check --select ALL --format concise

Each round runs every binary once, in an order that rotates from round to
round (A B C, then B C A, ...), so that a change in the machine's load or
page cache during the series falls on all alike; a shared machine makes a
series of one binary, then the other, compare two different machines. One
warm-up run each. Wall time comes from the clock around the child, peak RSS
from the child's own rusage (wait4). Prints the medians, the fastest run and
each binary's ratios to A.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time


def run(binary, args, site):
    start = time.perf_counter()
    child = subprocess.Popen(
        [binary, *args], cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        sys.exit(__doc__)
    split = argv.index("--")
    parser = argparse.ArgumentParser(description="Interleaved A/B timing of two postlint binaries")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("site")
    parser.add_argument("binaries", nargs="+", metavar="BINARY")
    options = parser.parse_args(argv[:split])
    if len(options.binaries) < 2:
        parser.error("give at least two binaries")
    args = argv[split + 1 :]
    names = [chr(ord("A") + index) for index in range(len(options.binaries))]
    binaries = {name: os.path.abspath(binary) for name, binary in zip(names, options.binaries)}
    times = {name: [] for name in binaries}
    rss = {name: [] for name in binaries}
    for name in binaries:
        run(binaries[name], args, options.site)
    load_before = os.getloadavg()[0]
    for round_number in range(options.rounds):
        shift = round_number % len(names)
        order = names[shift:] + names[:shift]
        for name in order:
            wall, peak = run(binaries[name], args, options.site)
            times[name].append(wall)
            rss[name].append(peak)
    load_after = os.getloadavg()[0]
    print(f"postlint {' '.join(args)}  ({options.rounds} rounds, load {load_before:.2f} -> {load_after:.2f})")
    for name, binary in binaries.items():
        print(
            f"{name} {binary}: median {statistics.median(times[name]):.4f} s, "
            f"fastest {min(times[name]):.4f} s, peak RSS median {statistics.median(rss[name]):.1f} MiB "
            f"(highest {max(rss[name]):.1f})"
        )
    for name in names[1:]:
        print(
            f"{name}/A: wall {statistics.median(times[name]) / statistics.median(times['A']):.3f}, "
            f"peak RSS {statistics.median(rss[name]) / statistics.median(rss['A']):.3f}"
        )


if __name__ == "__main__":
    main()
