"""The README's two commands, in a fresh clone, in either order: the sample build leaves the
clone as committed (sample_event/ untouched, nothing new but git-ignored files), so that the
tests that copy sample_event/ afterwards copy exactly what is committed, and the tests leave
sample_event/ to the sample build whatever ran before.

The clone is of the committed HEAD (what CI checks out). It gets no virtual environment of its
own, which would take minutes: its .venv holds two wrappers that run this checkout's .venv, and
a fresh install stamp, so that the clone's scripts/setup has nothing to do and never reinstalls
the shared environment. What runs is thus the clone's scripts/sample and .gitignore with the
confkit installed here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout"),
    pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "confkit").exists(), reason="no .venv (run scripts/setup)"),
]


def _git(clone: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(clone), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("clone") / "confkit"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(folder)], check=True,
                   capture_output=True)
    bin_folder = folder / ".venv" / "bin"
    bin_folder.mkdir(parents=True)
    for name in ("python", "confkit"):
        wrapper = bin_folder / name
        wrapper.write_text(f'#!/bin/sh\nexec "{ROOT / ".venv" / "bin" / name}" "$@"\n')
        wrapper.chmod(0o755)
    (folder / ".venv" / ".confkit-installed").touch()  # after the checkout: scripts/setup installs nothing
    return folder


def _sample(clone: Path, out: str) -> subprocess.CompletedProcess:
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    result = subprocess.run(["scripts/sample", out], cwd=clone, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_the_sample_build_leaves_the_clone_as_committed(clone):
    _sample(clone, "out")  # the README's command, into the default out/
    assert (clone / "out" / "programme.html").exists()
    assert _git(clone, "status", "--porcelain", "--untracked-files=all") == ""
    # confkit's state is git-ignored, so plain status would not show it in sample_event/
    ignored = _git(clone, "status", "--porcelain", "--ignored", "--untracked-files=all", "--", "sample_event")
    assert [line for line in ignored.splitlines() if "__pycache__" not in line] == []


def test_the_sample_keeps_its_signing_key_across_runs(clone, tmp_path):
    first = clone / "out"
    if not (first / "checkin-public-key.txt").exists():
        first = tmp_path / "first"
        _sample(clone, str(first))
    key = clone / ".sample-event" / ".confkit" / "signing.key"
    before = key.read_bytes()
    (clone / ".sample-event" / "stale.txt").write_text("not in sample_event/\n")
    _sample(clone, str(tmp_path / "second"))
    assert key.read_bytes() == before
    assert not (clone / ".sample-event" / "stale.txt").exists(), "the copy is refreshed from sample_event/"
    assert (tmp_path / "second" / "checkin-public-key.txt").read_text() == \
        (first / "checkin-public-key.txt").read_text()
