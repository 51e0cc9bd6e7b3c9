"""The check-in desk's speed: 20,000 (and 1,000) badge codes replayed through `Desk.answer`.

    python benchmarks/desk.py                   # 1,000 and 20,000 registrants
    python benchmarks/desk.py --sizes 100000

Each code is verified (Ed25519), its person admitted and the line appended to the journal and
fsynced before the next, as at a real desk: the time from payload to answer is what a volunteer
waits. One code in twenty is mangled by an AZERTY keyboard (repaired) and one in fifty is scanned
twice; the figures are the median and the 95th percentile of each answer, and scans per second.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path



def replay(size: int) -> dict:
    from confkit import synthetic, workbook
    from confkit.badges import tokens
    from confkit.checkin import desk as desks
    from confkit.checkin import keyboards, roster
    from confkit.checkin.journal import Journal
    from confkit.state import new_key

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "event.xlsx"
        synthetic.write(path, registrants=size, rooms=8, days=3)
        event, _ = workbook.read(path)
        key = new_key()
        people = roster.roster(event)
        randomised = random.Random(7)
        codes = [tokens.issue(key, event.id, person.id) for person in people]
        randomised.shuffle(codes)
        stream = []
        for index, code in enumerate(codes):
            stream.append(keyboards.mangle(code, "fr") if index % 20 == 7 else code)
            if index % 50 == 3:
                stream.append(code)
        started = time.perf_counter()
        with Journal(Path(folder) / "checkins.csv") as journal:
            desk = desks.Desk(event, key.public_key(), journal, "bench")
            opened = time.perf_counter() - started
            times, kinds = [], {}
            for line in stream:
                begun = time.perf_counter()
                answer = desk.answer(line)
                times.append(time.perf_counter() - begun)
                kinds[answer.kind] = kinds.get(answer.kind, 0) + 1
        total = sum(times)
        times.sort()
        return {"size": size, "scans": len(stream), "open_s": opened, "per_second": len(stream) / total,
                "median_ms": statistics.median(times) * 1000, "p95_ms": times[int(len(times) * 0.95)] * 1000,
                "max_ms": times[-1] * 1000, "kinds": kinds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 20000])
    args = parser.parse_args()
    for size in args.sizes:
        found = replay(size)
        print(f"{found['size']:>7,} registrants: {found['scans']:,} scans, {found['per_second']:,.0f}/s, answer "
              f"median {found['median_ms']:.2f} ms, p95 {found['p95_ms']:.2f} ms, max {found['max_ms']:.1f} ms; "
              f"desk opened in {found['open_s']:.2f} s; {found['kinds']}", flush=True)


if __name__ == "__main__":
    main()
