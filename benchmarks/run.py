"""Time and peak memory of each stage, for synthetic events of 1,000 and 20,000 registrants.

(Whole `confkit build` processes, one core against two, are benchmarks/build.py's.)

    python benchmarks/run.py                 # 1,000 and 20,000, 5 runs each; then the recap site's event
    python benchmarks/run.py --sizes 100000 --runs 3 --stages badges
    python benchmarks/run.py --sizes 20000 --stages site site-event --site-runs 3
    python benchmarks/run.py --sizes --stages site-event --profile /tmp/prof   # cProfile of each case

Each output stage runs in a fresh process after reading and checking, so that its
peak memory (VmHWM, and the largest worker's for the badges) belongs to it alone;
figures are medians over the runs. Machines are shared and noisy: compare variants
within one invocation. It measures the confkit this Python imports (installed, or the
checkout's editable install); the measured processes run in a temporary folder, never
in the checkout, so that its confkit/ never shadows the installed one.

`site-event` is the recap site's own target: a one-day event of 200 sessions in 20 rooms
(ten slots), 150 speakers (50 speak twice) each with a portrait, a logo and 12 photos
(SITE_EVENT), built with its cache (EVENT/.confkit/cache) as a user's builds are:
  cold          empty cache: every share card and every photo's thumbnail made;
  cold cards    the photos' JPEGs in the cache (a build made them before), every share card made;
  rebuilt       the cache of a build of the workbook, then one session's title changed in it
                (a second workbook beside it: read again from the file, in a fresh process).
Like the other stages, a site figure is `pipeline.load` (templates, state) and the site render
from the checked model, in a fresh process after reading and checking: imports and template
compilation included, the files kept in memory (not written to OUT); read and check of each
workbook are timed on their own. With `--cli`, the whole `confkit site EVENT -o OUT` command is
timed too (interpreter, read, check, render, writing OUT). The cache is restored before each
run, outside the timing. The congress figure is the `site` stage at 20,000 registrants
(144 sessions, 8 rooms, 3 days; no .confkit, so no cache: every card made).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

WHERE = tempfile.gettempdir()  # the measured processes' folder: not the checkout (see the docstring)

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

# The recap site's target event: one day, 20 rooms x 10 slots = 200 sessions, 150 speakers.
SITE_EVENT = dict(registrants=1000, rooms=20, days=1, slots=10, speakers=150, portraits=True, logo=True, photos=12)
SITE_CHANGED = "s101"  # the session whose title the rebuild changes

CHILD = """
import json, resource, sys, time
from pathlib import Path
def peak_mb():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM'):
            return int(line.split()[1]) / 1024
path = Path(sys.argv[1])
profile = sys.argv[3] if len(sys.argv) > 3 else ''
result = {'baseline_mb': peak_mb()}
for name, code in json.loads(sys.argv[2]).items():
    if profile and name not in ('read', 'check'):
        import cProfile
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.runctx(code, globals(), globals())
        profiler.dump_stats(profile)
    else:
        start = time.perf_counter()
        exec(code)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result[name] = {'seconds': time.perf_counter() - start, 'peak_mb': peak_mb(), 'worker_mb': workers}
print(json.dumps(result))
"""


def measure(path: Path, stages: dict, runs: int, prepare: Callable[[], None] | None = None,
            profile: Path | None = None) -> dict:
    """Medians over `runs` fresh processes; `prepare` runs before each, untimed. With `profile`, one
    more run is made under cProfile (its stats written there, its time not in the medians)."""
    results = []
    for run in range(runs + (1 if profile else 0)):
        if prepare:
            prepare()
        extra = [str(profile)] if profile and run == runs else []
        done = subprocess.run([sys.executable, "-c", CHILD, str(path), json.dumps(stages), *extra],
                              capture_output=True, text=True, cwd=WHERE)
        if done.returncode:
            sys.exit(f"{path.name} {list(stages)}: the measured process failed\n{done.stderr}")
        if not extra:
            results.append(json.loads(done.stdout))
    return {name: {key: statistics.median(r[name][key] for r in results) for key in ("seconds", "peak_mb", "worker_mb")}
            for name in stages}


def command(workbook: Path, out: Path, runs: int, prepare: Callable[[], None]) -> float:
    """Median wall time of `confkit site WORKBOOK -o OUT` in a fresh interpreter (OUT replaced)."""
    times = []
    for _ in range(runs):
        prepare()
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "confkit", "site", str(workbook), "-o", str(out), "--quiet", "--force"],
                       check=True, capture_output=True, cwd=WHERE)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def site_event(folder: Path, runs: int, profile: Path | None, cli: bool) -> None:
    """The recap site's target (see the module's docstring): cold, cold cards, rebuilt."""
    from confkit import synthetic
    from confkit.writing import write_xlsx

    event = folder / "site-event"
    event.mkdir()
    before = synthetic.write(event / "event.xlsx", **SITE_EVENT)
    rows = synthetic.sheets(**SITE_EVENT)
    header, *sessions = rows["Sessions"]
    changed = next(row for row in sessions if row[0] == SITE_CHANGED)
    changed[header.index("title")] += " (title changed)"
    after = event / "event-changed.xlsx"
    write_xlsx(after, rows)
    cache = event / ".confkit" / "cache"
    (event / ".confkit").mkdir(mode=0o700)  # the site keeps its cache only where .confkit is
    kept, photos_only = folder / "cache-kept", folder / "cache-photos"

    def restore(source: Path | None) -> Callable[[], None]:
        def prepare() -> None:
            shutil.rmtree(cache, ignore_errors=True)
            if source is not None:
                shutil.copytree(source, cache)
            entries.clear()
            if cache.is_dir():
                entries.update(path.name for path in cache.iterdir())
        return prepare

    def made() -> int:
        return sum(1 for path in cache.iterdir() if path.name not in entries) if cache.is_dir() else 0

    entries: set[str] = set()
    counts = {}
    print(f"\nsite event: 1 day, {SITE_EVENT['rooms']} rooms, {len(sessions)} sessions, "
          f"{len(rows['Speakers']) - 1} speakers with portraits, a logo, {SITE_EVENT['photos']} photos; "
          f"{SITE_EVENT['registrants']:,} registrants ({runs} runs; medians)")
    step = READING | {"site": OUTPUTS["site"]}
    probe = ("; import json; print(json.dumps({'pages': sum(n.endswith('.html') for n in outputs), "
             "'cards': sum(n.startswith('site/cards/') for n in outputs)}), file=sys.stderr)")
    # A first build (untimed) makes the cache that the rebuild starts from, and counts what a site holds.
    restore(None)()
    output = subprocess.run([sys.executable, "-c", CHILD, str(before), json.dumps(READING | {"site": OUTPUTS["site"] + probe})],
                            check=True, capture_output=True, text=True, cwd=WHERE)
    page_count, card_count = json.loads(output.stderr.strip().splitlines()[-1]).values()
    shutil.copytree(cache, kept)
    def cards(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if (Path(folder) / name).open("rb").read(8) == b"\x89PNG\r\n\x1a\n"]

    shutil.copytree(cache, photos_only, ignore=cards)

    figures = {}
    cases = (("read", before, READING, None, "workbook.read of event.xlsx"),
             ("check", before, READING, None, "checks.check"),
             ("site cold", before, step, None, "empty cache"),
             ("site cold cards", before, step, photos_only, "photos cached, no card"),
             ("read changed", after, READING, None, "workbook.read of the workbook with one title changed"),
             ("site rebuilt", after, step, kept, "cache of the first build, one title changed"))
    measured = {}
    for case, workbook, stages, source, _ in cases:
        key = (workbook, tuple(stages), source)
        if key not in measured:
            name = case.replace(" ", "-")
            measured[key] = measure(workbook, stages, runs, restore(source),
                                    profile / f"site-event-{name}.prof" if profile and "site" in stages else None)
            counts[key] = made()
        figures[case] = measured[key]["site" if case.startswith("site") else case.split()[0]]
        figures[case]["made"] = counts[key] if case.startswith("site") else None
    print(f"{'case':<16} {'median s':>9} {'peak MB':>8} {'made':>5}   ({page_count} pages, {card_count} share cards)")
    for case, *_, what in cases:
        figure = figures[case]
        made_text = f"{figure['made']:>5}" if figure["made"] is not None else " " * 5
        print(f"{case:<16} {figure['seconds']:>9.3f} {figure['peak_mb']:>8.1f} {made_text}   {what}")
    print("  made: entries the run added to the cache: a share card (pages of one title share one), "
          "or a photo's two JPEGs")
    if cli:
        out = folder / "site-out"
        for case, workbook, source in (("cli cold", before, None), ("cli rebuilt", after, kept)):
            print(f"{case:<16} {command(workbook, out, runs, restore(source)):>9.3f}   "
                  f"confkit site {workbook.name} -o OUT, whole command")


def main() -> None:
    from confkit import synthetic

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 20000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stages", nargs="+", default=[*OUTPUTS, "site-event"], choices=[*OUTPUTS, "site-event"])
    parser.add_argument("--site-runs", type=int, default=3, help="runs of each site-event case")
    parser.add_argument("--cli", action="store_true", help="site-event: time the whole `confkit site` too")
    parser.add_argument("--profile", type=Path, help="folder for cProfile stats (one extra run of each stage)")
    args = parser.parse_args()
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    stages = [stage for stage in args.stages if stage in OUTPUTS]
    if args.sizes and stages:
        print(f"{'registrants':>11} {'stage':<9} {'median s':>9} {'peak MB':>8} {'worker MB':>9}   "
              f"({args.runs} runs; 8 rooms, 3 days, 144 sessions)")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes if stages else ():
            path = synthetic.write(Path(folder) / f"event-{size}.xlsx", registrants=size)
            figures = measure(path, READING, args.runs)
            for stage in stages:
                figures |= {stage: measure(path, READING | {stage: OUTPUTS[stage]}, args.runs,
                                           profile=args.profile / f"{size}-{stage}.prof" if args.profile else None)[stage]}
            for name, figure in figures.items():
                print(f"{size:>11,} {name:<9} {figure['seconds']:>9.3f} {figure['peak_mb']:>8.1f} "
                      f"{figure['worker_mb']:>9.1f}")
            for stage, unit in (("badges", "badge"), ("invites", "invitation")):
                if stage in figures:
                    rate = size / figures[stage]["seconds"]
                    print(f"{size:>11,} {stage}: {rate:,.0f} a second, {1000 / rate:.2f} ms a {unit}")
        if "site-event" in args.stages:
            site_event(Path(folder), args.site_runs, args.profile, args.cli)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
