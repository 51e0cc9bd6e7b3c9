"""Time and peak memory of each stage, for synthetic events of 1,000 and 20,000 registrants.

    python benchmarks/run.py                 # 1,000 and 20,000, 5 runs each
    python benchmarks/run.py --sizes 100000 --runs 3 --stages badges

Each output stage runs in a fresh process after reading and checking, so that its
peak memory (VmHWM, and the largest worker's for the badges) belongs to it alone;
figures are medians over the runs. Machines are shared and noisy: compare variants
within one invocation.
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

READING = {
    "read": "from confkit import workbook; event, problems = workbook.read(path)",
    "check": "from confkit import checks; problems += checks.check(event)",
}
CONTEXT = ("from confkit import files, pipeline; from confkit.outputs import BY_NAME, BadgeOptions, "
           "InvitationOptions, NoOptions, ProgrammeOptions; context = pipeline.load(event, None); ")
OUTPUTS = {
    # 144 sessions in 8 rooms over 3 days: HTML + PDF (WeasyPrint) + frab/c3voc feeds.
    "programme": CONTEXT + "outputs = dict(BY_NAME['programme'].render(context, ProgrammeOptions()).files) | "
                           "dict(BY_NAME['feeds'].render(context, NoOptions()).files)",
    # badges.pdf on A4 (8 a sheet) with signed QR codes, streamed to a file; workers on both cores.
    "badges": CONTEXT + "outputs = dict(BY_NAME['badges'].render(context, BadgeOptions()).files); "
                        "outputs['badges.pdf'](open(path.parent / 'badges.pdf', 'wb'))",
    # calendars, and an .ics + .eml invitation per registrant (first run: no state yet), written to disk
    # by the one writer (staged beside OUT, then swapped in).
    "invites": CONTEXT + "files.write(path.parent / 'invites-out', {name: BY_NAME[name].render(context, options).files "
                         "for name, options in (('calendars', NoOptions()), ('invitations', InvitationOptions()))}, "
                         "force=True)",
    # the recap site: every page, a share card each (no cache: the benchmark's event has no .confkit)
    "site": CONTEXT + "outputs = dict(BY_NAME['site'].render(context, NoOptions()).files)",
}

CHILD = """
import json, resource, sys, time
from pathlib import Path
def peak_mb():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM'):
            return int(line.split()[1]) / 1024
path = Path(sys.argv[1])
result = {'baseline_mb': peak_mb()}
for name, code in json.loads(sys.argv[2]).items():
    start = time.perf_counter()
    exec(code)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result[name] = {'seconds': time.perf_counter() - start, 'peak_mb': peak_mb(), 'worker_mb': workers}
print(json.dumps(result))
"""


def measure(path: Path, stages: dict, runs: int) -> dict:
    results = []
    for _ in range(runs):
        output = subprocess.run([sys.executable, "-c", CHILD, str(path), json.dumps(stages)],
                                check=True, capture_output=True, text=True, cwd=ROOT).stdout
        results.append(json.loads(output))
    return {name: {key: statistics.median(r[name][key] for r in results) for key in ("seconds", "peak_mb", "worker_mb")}
            for name in stages}


def main() -> None:
    from confkit import synthetic

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stages", nargs="+", default=list(OUTPUTS), choices=list(OUTPUTS))
    args = parser.parse_args()
    print(f"{'registrants':>11} {'stage':<9} {'median s':>9} {'peak MB':>8} {'worker MB':>9}   "
          f"({args.runs} runs; 8 rooms, 3 days, 144 sessions)")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = synthetic.write(Path(folder) / f"event-{size}.xlsx", registrants=size)
            figures = measure(path, READING, args.runs)
            for stage in args.stages:
                figures |= {stage: measure(path, READING | {stage: OUTPUTS[stage]}, args.runs)[stage]}
            for name, figure in figures.items():
                print(f"{size:>11,} {name:<9} {figure['seconds']:>9.3f} {figure['peak_mb']:>8.1f} "
                      f"{figure['worker_mb']:>9.1f}")
            for stage, unit in (("badges", "badge"), ("invites", "invitation")):
                if stage in figures:
                    rate = size / figures[stage]["seconds"]
                    print(f"{size:>11,} {stage}: {rate:,.0f} a second, {1000 / rate:.2f} ms a {unit}")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
