"""A runtime error inside a user's template is reported with its file and line, through the CLI, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run

BUILTIN = Path(__file__).resolve().parent.parent / "templates"
DIVISION = "ZeroDivisionError: integer division or modulo by zero"
CONCATENATION = 'TypeError: can only concatenate str (not "int") to str'


def _templates(tmp_path: Path, name: str, broken: str) -> Path:
    """Our template `name` with `broken` as its second line, in a --templates folder."""
    folder = tmp_path / "templates"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    first, rest = (BUILTIN / name).read_text(encoding="utf-8").split("\n", 1)
    (folder / name).write_text(f"{first}\n{broken}\n{rest}", encoding="utf-8")
    return folder


def _last_line(result) -> str:
    return result.output.strip().splitlines()[-1]


@pytest.mark.parametrize(("command", "name", "broken", "error"), [
    ("programme", "programme/page.html", "{{ 1 // 0 }}", DIVISION),
    ("programme", "programme/style.css", '{{ "x" + 1 }}', CONCATENATION),
    ("badges", "badges/preview.html", '{{ "x" + 1 }}', CONCATENATION),
    ("invites", "mail/invitation.txt", "{{ 1 // 0 }}", DIVISION),
    ("invites", "mail/invitation.html", '{{ "x" + 1 }}', CONCATENATION),
    ("invites", "mail/glance.txt", "{{ 1 // 0 }}", DIVISION),
    ("build", "mail/glance.html", '{{ "x" + 1 }}', CONCATENATION),
])
def test_runtime_error_in_a_user_template_names_its_file_and_line(event, tmp_path, command, name, broken, error):
    templates = _templates(tmp_path, name, broken)
    result = run(command, event.write(), "-o", tmp_path / "out", "--templates", templates)
    assert (result.exit_code, _last_line(result), (tmp_path / "out").exists()) == (
        1, f"{templates / name}:2: {error}", False)


def test_runtime_error_in_a_mail_template_built_by_the_worker_processes_names_its_file_and_line(event, tmp_path):
    from confkit import workers

    event.sheets["Registrants"] = [["first_name", "last_name", "email"]] + [
        ["Ann", f"Person {n}", f"p{n}@example.org"] for n in range(workers.PARALLEL_FROM)]
    templates = _templates(tmp_path, "mail/invitation.txt", "{{ 1 // 0 }}")
    result = run("invites", event.write(), "-o", tmp_path / "out", "--templates", templates)
    assert (result.exit_code, _last_line(result)) == (1, f"{templates / 'mail/invitation.txt'}:2: {DIVISION}")
