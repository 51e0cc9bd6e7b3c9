"""The library's entry points: read and check an event, then build its outputs.

Later outputs plug into `OUTPUTS`; the CLI only translates these calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import checks, workbook
from .model import Event
from .problems import Problem, errors, sort


@dataclass(frozen=True)
class Inspection:
    event: Event | None
    problems: list[Problem]

    def failed(self, strict: bool = False) -> bool:
        return self.event is None or bool(errors(self.problems, strict))


class CheckFailed(Exception):
    """The event has errors: nothing is written."""

    def __init__(self, inspection: Inspection):
        super().__init__(f"{len(inspection.problems)} problems")
        self.inspection = inspection


def inspect(path: Path) -> Inspection:
    """Read the event and run every check; raises sheets.Unusable for unreadable input."""
    event, problems = workbook.read(path)
    if event is not None:
        problems += checks.check(event)
    return Inspection(event, sort(problems))


def build(path: Path, out: Path, strict: bool = False) -> tuple[Inspection, list[Path]]:
    """Check the event and, only if it is clean, write every offline output under `out`.

    No output exists yet; the outputs of later issues are added to the returned paths.
    """
    inspection = inspect(path)
    if inspection.failed(strict):
        raise CheckFailed(inspection)
    return inspection, []
