"""Large, valid, deterministic events for tests and the benchmark.

`python -m confkit.synthetic OUT.xlsx --registrants 20000 --rooms 8 --days 3`
`python -m confkit.synthetic OUT.xlsx --rooms 20 --days 1 --slots 10 --speakers 150 --portraits --logo`
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
           plenaries: bool = False, *, slots: int | None = None, speakers: int | None = None,
           portraits: bool = False, logo: bool = False, photos: int = 0) -> dict[str, list[list]]:
    """The workbook's rows: `rooms` parallel tracks of six sessions a day, one speaker per session.

    With `plenaries`, each day also opens with a keynote in the first room, has a coffee break and a
    lunch without a room, and its last room holds a two-hour workshop and a shorter session: what
    a real congress grid has to draw (sessions across every room, spanning slots, ending apart).

    Options for a denser or richer event (the recap site's benchmark): `slots` time slots a day
    instead of six (40-minute talks every 50 minutes from 8:30; not with `plenaries`); `speakers`
    people in all, who take the sessions in turn (some then speak twice) instead of one per session
    (at least `rooms` of them, or someone would be in two rooms at once); `portraits`, a photo for
    each speaker (`photos/<id>.jpg`); `logo`, the event's `logo.png`; `photos`, that many pictures
    in the Photos sheet (`photos/gallery-<n>.jpg`). `write` makes the image files beside the workbook.
    """
    if slots is not None and plenaries:
        raise ValueError("slots and plenaries do not mix: the plenaries are placed in the six default slots")
    rng = random.Random(seed)
    room_names = [f"Room {chr(65 + n)}" if n < 26 else f"Room {n}" for n in range(rooms)]
    times = SLOTS if slots is None else tuple(_slot(n) for n in range(slots))
    sessions = [["id", "date", "start", "end", "room", "kind", "title", "speakers", "abstract"]]
    people = [["id", "first_name", "last_name", "job_title", "organisation", "bio", "email"]
              + (["photo"] if portraits else [])]
    for day in range(days):
        date = START + dt.timedelta(days=day)
        for slot, (h1, m1, h2, m2) in enumerate(times):
            for room in room_names:
                if plenaries and room == room_names[-1] and rooms > 1:
                    if slot == 4:
                        continue  # the workshop of slot 3 runs on
                    h2, m2 = {3: (16, 0), 2: (11, 30)}.get(slot, (h2, m2))
                number = len(sessions)
                if speakers is None:
                    speaker = f"sp{number}"
                    people.append([speaker, rng.choice(FIRST), rng.choice(LAST), "Researcher", rng.choice(ORGS),
                                   "Works on the subject of this talk.", f"speaker{number}@example.org"]
                                  + ([f"photos/{speaker}.jpg"] if portraits else []))
                else:
                    turn = (number - 1) % speakers + 1
                    speaker = f"sp{turn}"
                    if turn == len(people):  # first time on stage
                        people.append([speaker, rng.choice(FIRST), rng.choice(LAST), "Researcher",
                                       rng.choice(ORGS), "Works on the subject of this talk.",
                                       f"speaker{turn}@example.org"] + ([f"photos/{speaker}.jpg"] if portraits else []))
                sessions.append([f"s{number}", date, dt.time(h1, m1), dt.time(h2, m2),
                                 room, "talk", f"Talk {number}: {rng.choice(LAST)} on networks", speaker,
                                 "An abstract long enough to look like one, in a single sentence."])
        if plenaries:
            number = len(sessions)
            people.append([f"sp{number}", rng.choice(FIRST), rng.choice(LAST), "Professor", rng.choice(ORGS),
                           "Opens the day.", f"speaker{number}@example.org"]
                          + ([f"photos/sp{number}.jpg"] if portraits else []))
            sessions += [[f"k{day}", date, dt.time(8, 0), dt.time(8, 50), room_names[0], "keynote",
                          f"Keynote of day {day + 1}: where networks go", f"sp{number}", "The day's opening talk."],
                         [f"b{day}", date, dt.time(16, 5), dt.time(16, 25), "", "break", "Coffee break", "", ""],
                         [f"m{day}", date, dt.time(12, 15), dt.time(13, 45), "", "meal", "Lunch", "", ""]]
    session_ids = [row[0] for row in sessions[1:] if row[5] == "talk"]
    result = {
        "Event": [["field", "value"], ["id", f"synthetic-{seed}"], ["title", "Synthetic congress"],
                  ["start_date", START], ["end_date", START + dt.timedelta(days=days - 1)],
                  ["timezone", "Europe/Paris"], ["language", "en"], ["venue", "Congress centre"],
                  ["organiser_email", "contact@example.org"]] + ([["logo", "logo.png"]] if logo else []),
        "Rooms": [["name", "capacity"]] + [[name, 300] for name in room_names],
        "Speakers": people,
        "Sessions": sessions,
        "Registrants": [["first_name", "last_name", "email", "organisation", "job_title", "category", "listed",
                         "sessions"]] + [_registrant(rng, n, session_ids, rooms) for n in range(registrants)],
    }
    if photos:
        result["Photos"] = [["file", "caption", "credit"]] + [
            [f"photos/gallery-{n}.jpg", f"The congress, picture {n}", "Synthetic"] for n in range(1, photos + 1)]
    return result


def _slot(number: int) -> tuple[int, int, int, int]:
    """The `number`th of the denser slots: 40 minutes, every 50 minutes from 8:30."""
    start = 8 * 60 + 30 + 50 * number
    end = start + 40
    if end >= 24 * 60:
        raise ValueError("too many slots for a day")
    return start // 60, start % 60, end // 60, end % 60


def _registrant(rng: random.Random, number: int, session_ids: list[str], rooms: int) -> list:
    """A person; one in four chose three sessions, in three different time slots (as a real one would)."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    slots = rng.sample(range(len(session_ids) // rooms), 3) if number % 4 == 0 else []
    chosen = ", ".join(session_ids[min(slot * rooms + rng.randrange(rooms), len(session_ids) - 1)] for slot in slots)
    return [first, last, f"person{number}@example.org", rng.choice(ORGS), "Adviser",
            rng.choice(("participant",) * 8 + ("press", "exhibitor")), rng.choice(("yes", "no")), chosen]


def write(path: Path, **options) -> Path:
    """Write a synthetic event workbook (.xlsx or .ods, by the suffix), and the images it names
    (`portraits`, `logo`, `photos`) beside it."""
    rows = sheets(**options)
    (write_ods if path.suffix == ".ods" else write_xlsx)(path, rows)
    write_images(path.parent, rows, options.get("seed", 0))
    return path


def write_images(folder: Path, rows: dict[str, list[list]], seed: int = 0) -> None:
    """The images that `rows` name, made up (each from its name and `seed`: the same bytes for a Pillow
    version): a speaker's portrait 800 x 1000 (about 170 kB), a Photos-sheet picture 3000 x 2000 (6 MP,
    about 1.3 MB), the logo 600 x 200 with transparency. Nothing is written for rows naming none."""
    wanted = []
    header, *people = rows["Speakers"]
    if "photo" in header:
        column = header.index("photo")
        wanted += [(row[column], (800, 1000), "JPEG") for row in people if row[column]]
    wanted += [(row[0], (3000, 2000), "JPEG") for row in rows.get("Photos", [[]])[1:]]
    wanted += [(row[1], (600, 200), "PNG") for row in rows["Event"][1:] if row[0] == "logo"]
    for name, size, kind in wanted:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        picture = _picture(random.Random(f"{seed}:{name}"), size, kind)
        picture.save(target, kind, **({"quality": 88} if kind == "JPEG" else {}))


def _picture(rng: random.Random, size: tuple[int, int], kind: str):
    """Soft blobs of colour with some grain: compresses and decodes like a photo, not like a flat fill."""
    from PIL import Image

    width, height = size
    coarse = Image.frombytes("RGB", (width // 40, height // 40), rng.randbytes(3 * (width // 40) * (height // 40)))
    if kind == "PNG":  # a logo: flat blocks of colour on a transparent margin
        picture = coarse.resize(size, Image.NEAREST)
        mask = Image.new("L", size, 0)
        mask.paste(255, (width // 10, height // 10, width - width // 10, height - height // 10))
        picture.putalpha(mask)
        return picture
    picture = coarse.resize(size, Image.BICUBIC)
    grain = Image.frombytes("RGB", (width // 2, height // 2), rng.randbytes(3 * (width // 2) * (height // 2)))
    return Image.blend(picture, grain.resize(size, Image.NEAREST), 0.08)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--registrants", type=int, default=20000)
    parser.add_argument("--rooms", type=int, default=8)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plenaries", action="store_true", help="keynotes, breaks, a workshop: a real grid")
    parser.add_argument("--slots", type=int, help="time slots a day (default: six)")
    parser.add_argument("--speakers", type=int, help="people in all, taking the sessions in turn")
    parser.add_argument("--portraits", action="store_true", help="a photo for each speaker")
    parser.add_argument("--logo", action="store_true", help="the event's logo")
    parser.add_argument("--photos", type=int, default=0, help="pictures in the Photos sheet")
    args = parser.parse_args()
    write(args.out, registrants=args.registrants, rooms=args.rooms, days=args.days, seed=args.seed,
          plenaries=args.plenaries, slots=args.slots, speakers=args.speakers, portraits=args.portraits,
          logo=args.logo, photos=args.photos)


if __name__ == "__main__":
    main()
