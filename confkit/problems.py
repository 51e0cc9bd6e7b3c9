"""Problems found in an event: where, what, how to fix; errors and warnings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from confkit.model import Origin
from confkit.text.messages import counted, say

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, located at a cell (`Sessions!E7`), a row (`Sessions!7`) or a sheet."""

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
    """A problem at a record's cell (or its row when `key` is None)."""
    letter = origin.layout.letters.get(key, "") if key else ""
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
