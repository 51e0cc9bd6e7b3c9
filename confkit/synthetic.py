"""Large, valid, deterministic events for tests and the benchmark.

`python -m confkit.synthetic OUT.xlsx --registrants 20000 --rooms 8 --days 3`
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from confkit.writing import write_ods, write_xlsx

FIRST = ("Anaïs", "Jérôme", "Hélène", "François", "Zoé", "Loïc", "Éléonore", "Jean-Baptiste", "Marie-Hélène",
         "Agnieszka", "Ægir", "Nguyễn", "Søren", "Łucja", "Oğuz", "Dmitri", "Amélie", "Noël", "Inès", "Yann")
LAST = ("Le Gall", "Dupont", "de La Roche-Aymon", "N'Diaye", "Łukasiewicz", "Þórsson", "Müller", "Da Silva",
        "Martin", "Lefèvre", "Nguyễn Thị", "Brzęczyszczykiewicz", "O'Brien", "García Márquez", "Petit")
ORGS = ("CCI de Paris Île-de-France", "Chambre de commerce et d'industrie territoriale de Nice Côte d'Azur",
        "CCI Grand Lille", "CCI de l'Yonne", "Universität Heidelberg", "Politechnika Warszawska", "ACFCI")
SLOTS = ((9, 0, 9, 45), (10, 0, 10, 45), (11, 0, 12, 0), (14, 0, 14, 45), (15, 0, 16, 0), (16, 30, 17, 30))
START = dt.date(2027, 6, 8)


def sheets(registrants: int = 1000, rooms: int = 8, days: int = 3, seed: int = 0,
           plenaries: bool = False) -> dict[str, list[list]]:
    """The workbook's rows: `rooms` parallel tracks of six sessions a day, one speaker per session.

    With `plenaries`, each day also opens with a keynote in the first room, has a coffee break and a
    lunch without a room, and its last room holds a two-hour workshop and a shorter session: what
    a real congress grid has to draw (sessions across every room, spanning slots, ending apart).
    """
    rng = random.Random(seed)
    room_names = [f"Room {chr(65 + n)}" if n < 26 else f"Room {n}" for n in range(rooms)]
    sessions = [["id", "date", "start", "end", "room", "kind", "title", "speakers", "abstract"]]
    speakers = [["id", "first_name", "last_name", "job_title", "organisation", "bio", "email"]]
    for day in range(days):
        date = START + dt.timedelta(days=day)
        for slot, (h1, m1, h2, m2) in enumerate(SLOTS):
            for room in room_names:
                if plenaries and room == room_names[-1] and rooms > 1:
                    if slot == 4:
                        continue  # the workshop of slot 3 runs on
                    h2, m2 = {3: (16, 0), 2: (11, 30)}.get(slot, (h2, m2))
                number = len(sessions)
                speaker = f"sp{number}"
                speakers.append([speaker, rng.choice(FIRST), rng.choice(LAST), "Researcher", rng.choice(ORGS),
                                 "Works on the subject of this talk.", f"speaker{number}@example.org"])
                sessions.append([f"s{number}", date, dt.time(h1, m1), dt.time(h2, m2),
                                 room, "talk", f"Talk {number}: {rng.choice(LAST)} on networks", speaker,
                                 "An abstract long enough to look like one, in a single sentence."])
        if plenaries:
            number = len(sessions)
            speakers.append([f"sp{number}", rng.choice(FIRST), rng.choice(LAST), "Professor", rng.choice(ORGS),
                             "Opens the day.", f"speaker{number}@example.org"])
            sessions += [[f"k{day}", date, dt.time(8, 0), dt.time(8, 50), room_names[0], "keynote",
                          f"Keynote of day {day + 1}: where networks go", f"sp{number}", "The day's opening talk."],
                         [f"b{day}", date, dt.time(16, 5), dt.time(16, 25), "", "break", "Coffee break", "", ""],
                         [f"m{day}", date, dt.time(12, 15), dt.time(13, 45), "", "meal", "Lunch", "", ""]]
    session_ids = [row[0] for row in sessions[1:] if row[5] == "talk"]
    return {
        "Event": [["field", "value"], ["id", f"synthetic-{seed}"], ["title", "Synthetic congress"],
                  ["start_date", START], ["end_date", START + dt.timedelta(days=days - 1)],
                  ["timezone", "Europe/Paris"], ["language", "en"], ["venue", "Congress centre"],
                  ["organiser_email", "contact@example.org"]],
        "Rooms": [["name", "capacity"]] + [[name, 300] for name in room_names],
        "Speakers": speakers,
        "Sessions": sessions,
        "Registrants": [["first_name", "last_name", "email", "organisation", "job_title", "category", "listed",
                         "sessions"]] + [_registrant(rng, n, session_ids, rooms) for n in range(registrants)],
    }


def _registrant(rng: random.Random, number: int, session_ids: list[str], rooms: int) -> list:
    """A person; one in four chose three sessions, in three different time slots (as a real one would)."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    slots = rng.sample(range(len(session_ids) // rooms), 3) if number % 4 == 0 else []
    chosen = ", ".join(session_ids[min(slot * rooms + rng.randrange(rooms), len(session_ids) - 1)] for slot in slots)
    return [first, last, f"person{number}@example.org", rng.choice(ORGS), "Adviser",
            rng.choice(("participant",) * 8 + ("press", "exhibitor")), rng.choice(("yes", "no")), chosen]


def write(path: Path, **options) -> Path:
    """Write a synthetic event workbook (.xlsx or .ods, by the suffix)."""
    (write_ods if path.suffix == ".ods" else write_xlsx)(path, sheets(**options))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--registrants", type=int, default=20000)
    parser.add_argument("--rooms", type=int, default=8)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plenaries", action="store_true", help="keynotes, breaks, a workshop: a real grid")
    args = parser.parse_args()
    write(args.out, registrants=args.registrants, rooms=args.rooms, days=args.days, seed=args.seed,
          plenaries=args.plenaries)


if __name__ == "__main__":
    main()
