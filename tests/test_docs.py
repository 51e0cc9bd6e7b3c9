"""Every command has help with an example, and the README mentions it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from confkit.cli import app
from conftest import run

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [command.name or command.callback.__name__ for command in app.registered_commands]


def test_commands_are_the_ones_documented():
    assert COMMANDS == ["check", "new", "build", "programme", "badges", "site", "invites", "checkin", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Example: confkit {command} " in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_mentions_command(command):
    assert f"confkit {command} " in (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split()[0] for line in first_block.splitlines()] == ["scripts/sample", "scripts/test"]
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text()


def test_installed_command_runs_as_a_program(tmp_path):
    """The console entry point, as a user runs it: a real process, real exit code, no traceback."""
    result = subprocess.run([sys.executable, "-m", "confkit", "check", str(ROOT / "sample_event")],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("0 erreur")
    missing = subprocess.run([sys.executable, "-m", "confkit", "check", "nowhere"],
                             capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "LANG": "C.UTF-8"})
    assert (missing.returncode, missing.stderr, missing.stdout) == (2, "nowhere: no such file or folder\n", "")
