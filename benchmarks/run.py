"""Time and peak memory of each stage, for synthetic events of 1,000 and 20,000 registrants.

    python benchmarks/run.py                 # 1,000 and 20,000, 5 runs each
    python benchmarks/run.py --sizes 100000 --runs 3

Each run is a fresh process, so that peak memory (VmHWM) belongs to it alone;
the figures printed are medians over the runs. Machines are shared and noisy:
compare variants within one invocation.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Each stage is a statement run in the child, after the previous ones.
STAGES = {
    "read": "from confkit import workbook; event, problems = workbook.read(path)",
    "check": "from confkit import checks; problems += checks.check(event)",
    # 144 sessions in 8 rooms over 3 days: HTML + PDF (WeasyPrint) + frab/c3voc feeds.
    "programme": "from confkit import build; outputs = build.render_programme(event, build.Options())",
}

CHILD = """
import json, sys, time
from pathlib import Path
def peak_mb():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM'):
            return int(line.split()[1]) / 1024
path = Path(sys.argv[1])
stages = json.loads(sys.argv[2])
result = {'baseline_mb': peak_mb()}
for name, code in stages.items():
    start = time.perf_counter()
    exec(code)
    result[name] = {'seconds': time.perf_counter() - start, 'peak_mb': peak_mb()}
print(json.dumps(result))
"""


def measure(path: Path, runs: int) -> dict:
    results = []
    for _ in range(runs):
        output = subprocess.run([sys.executable, "-c", CHILD, str(path), json.dumps(STAGES)],
                                check=True, capture_output=True, text=True, cwd=ROOT).stdout
        results.append(json.loads(output))
    return {name: {key: statistics.median(r[name][key] for r in results) for key in ("seconds", "peak_mb")}
            for name in STAGES} | {"baseline_mb": statistics.median(r["baseline_mb"] for r in results)}


def main() -> None:
    from confkit import synthetic

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'registrants':>11} {'stage':<9} {'median s':>9} {'peak MB':>8}   ({args.runs} runs, 8 rooms, 3 days)")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = synthetic.write(Path(folder) / f"event-{size}.xlsx", registrants=size)
            figures = measure(path, args.runs)
            total = 0.0
            for name in STAGES:
                total += figures[name]["seconds"]
                print(f"{size:>11,} {name:<9} {figures[name]['seconds']:>9.3f} {figures[name]['peak_mb']:>8.1f}")
            print(f"{size:>11,} {'total':<9} {total:>9.3f}   (interpreter alone: {figures['baseline_mb']:.1f} MB)")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
