"""Whole `confkit build` processes, as an organiser runs them: wall time, CPU time and peak memory.

    python benchmarks/build.py                      # 1,000 and 20,000 registrants, 1 core and 2, 3 runs each
    python benchmarks/build.py --huge               # and 100,000
    python benchmarks/build.py --sizes 1000 --runs 5 --per-stage --json /tmp/figures.json

and, from a checkout, the sample study day (sample_event/), at least 5 runs of it.

Each event is synthetic (8 rooms, 3 days, plenaries: 144 sessions) and built once untimed,
so that every timed build is a rebuild with the event's state, as the night before the
congress: and before each, the organiser has changed a room (the first two talks swap rooms,
back and forth), so that the programme, the calendars and the invitations of those who chose
them really change. The runs are interleaved (every size and core count once, then again);
the figures are medians, and the JSON keeps every run. Per build:
  wall     the whole process, interpreter start included;
  CPU      user + system time of the process and of every process it waited for (workers,
           the side process), from wait4;
  PSS      the largest sum, over the process and its descendants, of their proportional set
           size (/proc/PID/smaps_rollup, sampled every 250 ms: reading it costs ~10 ms for a
           300 MB process, and sampling faster took a fifth of a core from the build): shared
           pages counted once;
  outputs  each output's time as the build reports it (CONFKIT_TIMINGS): rendering and
           writing, which overlap between outputs when two cores work.
`1 core` runs the build under `taskset -c 0`: confkit sees one core and starts no worker.
With --per-stage, each output is also built alone (`build --only NAME`), so that its CPU
time and memory are its own. The figures go to --json as well.

It measures the confkit that this Python imports (an installed one, or the checkout's
editable install): run it with that Python.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SIZES, HUGE = (1000, 20000), 100000
EVENT = dict(rooms=8, days=3, plenaries=True)
SAMPLE_EVERY = 0.25
SAMPLE = Path(__file__).resolve().parent.parent / "sample_event"  # in a checkout; not in an installed confkit


def descendants(pid: int) -> list[int]:
    """The process and every process below it (Linux's /proc/PID/task/TID/children)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    queue += [int(child) for child in children.read().split()]
        except OSError:
            continue
    return found


def pss_mb(pid: int) -> float:
    """Proportional set size of the process tree under `pid`, in MB (pages shared between them counted once)."""
    total = 0
    for member in descendants(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup") as rollup:
                total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
        except OSError:
            continue
    return total / 1024


def run(command: list[str], env: dict) -> dict:
    """Wall, CPU and peak PSS of one command (and all it starts)."""
    errors_file = tempfile.TemporaryFile()  # not a pipe: 100,000 people's warnings fill one, and the build waits
    begun = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors_file)
    peak, done = [0.0], threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_EVERY):
            peak[0] = max(peak[0], pss_mb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - begun
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    errors_file.seek(0)
    errors = errors_file.read().decode(errors="replace")
    errors_file.close()
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{errors}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "pss_mb": peak[0],
            "rss_mb": usage.ru_maxrss / 1024}  # ru_maxrss: the largest single process


def build(event: Path, out: Path, cores: int, only: str | None = None) -> dict:
    """One `confkit build` of `event`, on `cores` cores (1: under taskset), with the build's own timings."""
    timings = out.parent / f"{out.name}.timings.json"
    env = {**os.environ, "CONFKIT_TIMINGS": str(timings), "SOURCE_DATE_EPOCH": "1287475200"}
    command = [sys.executable, "-m", "confkit", "build", str(event), "-o", str(out), "--quiet", "--force"]
    if only:
        command += ["--only", only]
    if cores == 1:
        command = ["taskset", "-c", "0", *command]
    figures = run(command, env)
    reported = json.loads(timings.read_text())
    return figures | {"read": reported["read"], "outputs": reported["outputs"]}


def median(runs: list[dict]) -> dict:
    """The median of every figure, outputs' included."""
    first = runs[0]
    result = {key: statistics.median(r[key] for r in runs) for key in first if key != "outputs"}
    result["outputs"] = {name: {key: statistics.median(r["outputs"][name][key] for r in runs) for key in figures}
                         for name, figures in first["outputs"].items()}
    return result


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                 platform.processor())
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "system": platform.platform()}


def measure(sizes: list[int], runs: int, per_stage: bool, folder: Path) -> dict:
    from confkit.outputs import select

    events, variants = {}, {}
    for size in sizes:
        event = folder / f"event-{size}"
        event.mkdir()
        variants[size] = room_changes(folder, size)
        shutil.copyfile(variants[size][0], event / "event.xlsx")
        build(event, folder / f"out-{size}", 2)  # untimed: the event's state made, the disk cache warm
        events[size] = event
    cases = [(size, cores, None) for size in sizes for cores in (1, 2)]
    if per_stage:
        cases += [(size, 2, output.name) for size in sizes for output in select()]
    measured: dict[tuple, list[dict]] = {case: [] for case in cases}
    changes = 0
    for number in range(runs):
        for size, cores, only in cases:
            changes += 1
            shutil.copyfile(variants[size][changes % 2], events[size] / "event.xlsx")  # a room changed
            out = folder / f"out-{size}" if not only else folder / f"out-{size}-{only}"
            measured[(size, cores, only)].append(build(events[size], out, cores, only))
            print(f"  run {number + 1}/{runs}: {size:,} registrants, {cores} core(s)"
                  + (f", only {only}" if only else ""), file=sys.stderr)
    figures = {"builds": {}, "stages": {}, "every run": []}
    for (size, cores, only), results in measured.items():
        if only:
            figures["stages"].setdefault(str(size), {})[only] = median(results)
        else:
            figures["builds"].setdefault(str(size), {})[str(cores)] = median(results) | spread(results)
        figures["every run"] += [{"registrants": size, "cores": cores, "only": only} | r for r in results]
    return figures


def room_changes(folder: Path, size: int) -> tuple[Path, Path]:
    """The event's workbook, and the same after the organiser swapped the rooms of the first two talks
    (the same slot: no clash)."""
    from confkit import synthetic
    from confkit.writing import write_xlsx

    rows = synthetic.sheets(registrants=size, **EVENT)
    first, changed = folder / f"event-{size}-a.xlsx", folder / f"event-{size}-b.xlsx"
    write_xlsx(first, rows)
    sessions = rows["Sessions"]
    room = sessions[0].index("room")
    sessions[1][room], sessions[2][room] = sessions[2][room], sessions[1][room]
    write_xlsx(changed, rows)
    return first, changed


def sample_day(runs: int, folder: Path) -> dict:
    """The checkout's sample study day (sample_event/, 210 people), rebuilt `runs` times on one core and
    on two, interleaved: the build an organiser of a study day waits for."""
    event = folder / "sample-event"
    shutil.copytree(SAMPLE, event, ignore=shutil.ignore_patterns(".confkit"))
    out = folder / "out-sample"
    build(event, out, 2)  # untimed, as for the congresses
    measured = {1: [], 2: []}
    for _ in range(runs):
        for cores in measured:
            measured[cores].append(build(event, out, cores))
    print("  the sample day", file=sys.stderr)
    return {str(cores): median(results) | spread(results) for cores, results in measured.items()}


def spread(runs: list[dict]) -> dict:
    """The fastest and slowest wall time, and the largest memory, of the runs: how much to trust a median."""
    return {"wall_min": min(r["wall"] for r in runs), "wall_max": max(r["wall"] for r in runs),
            "pss_mb_max": max(r["pss_mb"] for r in runs)}


def report(figures: dict) -> None:
    print(f"\nwhole `confkit build` (medians of {figures['runs']} runs; {figures['machine']['cpu']}, "
          f"{figures['machine']['cores']} cores)")
    print(f"{'registrants':>11} {'cores':>5} {'wall s':>8} {'(range)':>13} {'CPU s':>8} {'CPU/wall':>8} "
          f"{'PSS MB':>8} {'RSS MB':>8} {'read s':>7}")
    for size, by_cores in figures["builds"].items():
        for cores, f in by_cores.items():
            print(f"{int(size):>11,} {cores:>5} {f['wall']:>8.2f} {f['wall_min']:>6.1f}-{f['wall_max']:<6.1f} "
                  f"{f['cpu']:>8.2f} {f['cpu'] / f['wall']:>8.2f} {f['pss_mb']:>8.0f} {f['rss_mb']:>8.0f} "
                  f"{f['read']:>7.2f}")
    names = list(next(iter(next(iter(figures["builds"].values())).values()))["outputs"])
    print("\neach output's time in those builds, s (rendering and writing; they overlap on two cores)")
    print(f"{'registrants':>11} {'cores':>5} " + " ".join(f"{name:>11}" for name in names))
    for size, by_cores in figures["builds"].items():
        for cores, f in by_cores.items():
            print(f"{int(size):>11,} {cores:>5} " + " ".join(f"{f['outputs'][n]['seconds']:>11.2f}" for n in names))
    if "sample" in figures:
        print("\nthe sample study day (sample_event/), whole build")
        for cores, f in figures["sample"].items():
            print(f"{cores:>5} core(s) {f['wall']:>6.2f} s ({f['wall_min']:.2f}-{f['wall_max']:.2f}), "
                  f"CPU {f['cpu']:.2f} s, {f['pss_mb']:.0f} MB")
    if figures["stages"]:
        print("\neach output built alone (`build --only NAME`, 2 cores): whole process")
        print(f"{'registrants':>11} {'output':<12} {'wall s':>8} {'CPU s':>8} {'PSS MB':>8} {'files':>7}")
        for size, stages in figures["stages"].items():
            for name, f in stages.items():
                print(f"{int(size):>11,} {name:<12} {f['wall']:>8.2f} {f['cpu']:>8.2f} {f['pss_mb']:>8.0f} "
                      f"{f['outputs'][name]['files']:>7.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--huge", action="store_true", help=f"also {HUGE:,} registrants")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--per-stage", action="store_true", help="also each output alone (build --only NAME)")
    parser.add_argument("--json", type=Path, default=Path("benchmark-build.json"), help="where the figures go")
    args = parser.parse_args()
    try:
        import confkit
    except ImportError:
        sys.exit(f"{sys.executable} has no confkit: pip install it (or `pip install -e .` in the checkout)")
    sizes = [*args.sizes, *([HUGE] if args.huge and HUGE not in args.sizes else [])]
    folder = Path(tempfile.mkdtemp(prefix="confkit-benchmark-"))
    try:
        figures = {"confkit": confkit.__version__, "from": str(Path(confkit.__file__).parent), "runs": args.runs,
                   "machine": machine()} | measure(sizes, args.runs, args.per_stage, folder)
        if SAMPLE.is_dir() and sizes:
            figures["sample"] = sample_day(max(args.runs, 5), folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    args.json.write_text(json.dumps(figures, indent=1))
    report(figures)
    print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
