"""Problems found in an event: where, what, how to fix; errors and warnings."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from confkit.identity import fold

from confkit.model import Origin
from confkit.text.messages import counted, say

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, located at a cell (`Sessions!E7`), a missing sheet, or a file's line (`checkins.csv:3`)."""

    severity: str
    code: str
    where: str
    params: dict = field(default_factory=dict)
    order: tuple = (0, 0, 0)

    def message(self, lang: str) -> str:
        return say(self.code, lang, **self.params)

    def render(self, lang: str) -> str:
        label = say(f"severity_{self.severity}", lang)
        colon = " :" if lang == "fr" else ":"
        return f"{self.where}{colon} {label}{colon} {self.message(lang)}"

    def as_dict(self, lang: str) -> dict:
        return {"severity": self.severity, "where": self.where, "code": self.code,
                "message": self.message(lang)}


def at(origin: Origin, key: str | None, code: str, severity: str = ERROR, **params) -> Problem:
    """A problem at a record's cell: the one that must change (`key`'s column, or where it would go)."""
    letter = origin.letter(key)
    order = (origin.layout.rank, origin.row, len(letter), letter)
    return Problem(severity, code, origin.cell(key), params, order)


def at_sheet(where: str, rank: int, code: str, severity: str = ERROR, **params) -> Problem:
    """A problem about a whole sheet or the workbook itself."""
    return Problem(severity, code, where, params, (rank, 0, 0, ""))


def sort(problems: list[Problem]) -> list[Problem]:
    """In reading order: sheet by sheet, row by row, column by column."""
    return sorted(problems, key=lambda p: (p.order, p.code, _natural(str(p.params))))


def _natural(text: str) -> list:
    """Digit runs compared as numbers (9 before 10) without int(), which refuses 4,301 digits."""
    parts = re.split(r"([0-9]+)", text)
    return [(len(part.lstrip("0")), part.lstrip("0")) if odd % 2 else part for odd, part in enumerate(parts)]


def errors(problems: list[Problem], strict: bool = False) -> list[Problem]:
    """The problems that stop a build; with `strict`, warnings too."""
    return [p for p in problems if strict or p.severity == ERROR]


def summary(problems: list[Problem], lang: str) -> str:
    """`2 errors, 0 warnings` / `2 erreurs, 0 avertissement`."""
    n_errors = sum(p.severity == ERROR for p in problems)
    return say("problem_summary", lang, errors=counted("errors", n_errors, lang),
               warnings=counted("warnings", len(problems) - n_errors, lang))


def nearest(value: str, known: Iterable[str]) -> str | None:
    """The known name `value` was most likely meant as: the same but for case, accents, spacing and
    punctuation (`A1` for `a1`, `Room  a`), else a close spelling (`okafo`) with the same digits, as
    digits are numbers that a typo cannot be told from (`s9` is not `s1`)."""
    folded: dict[str, str] = {}
    for name in known:
        folded.setdefault(fold(name), name)
    key = fold(value)
    if key in folded:
        return folded[key]
    digits = re.sub(r"\D", "", key)
    alike = [name for name in folded if re.sub(r"\D", "", name) == digits] if len(folded) <= _CLOSE_LIMIT else []
    close = difflib.get_close_matches(key, alike, n=1, cutoff=0.75)
    return folded[close[0]] if close else None


_CLOSE_LIMIT = 5_000  # beyond, only same-but-for-case matches: each unknown value would compare with every name


def suggestion(value: str, known: Iterable[str]) -> dict[str, str]:
    """` (did you mean "a1"?)` in each language, or nothing when no known name is near."""
    return did_you_mean(nearest(value, known))


def did_you_mean(match: str | None) -> dict[str, str]:
    return {lang: say("did_you_mean_name", lang, value=match) if match else "" for lang in ("en", "fr")}
