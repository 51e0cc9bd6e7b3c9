"""The installed wheel carries every template, font and module, and works outside the repository."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Left out of the source copy the wheel is built from: an old build/lib would slip files that
# no longer exist into the wheel, and the rest is state or caches, never packaged.
NOT_SOURCE = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".pytest_cache", "out",
              "test-artifacts", ".sample-event")


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (bytecode caches aside), by path relative to it."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The wheel built from a clean copy of the sources, installed with pip --target."""
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-w", str(folder), str(source)], capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    assert "would be ignored" not in build.stdout + build.stderr, build.stdout + build.stderr
    wheel = next(folder.glob("confkit-*.whl"))
    target = folder / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    return target


def test_the_wheel_carries_every_template_file_byte_for_byte(site):
    installed = _files(site / "confkit" / "default_templates")
    assert sorted(installed) == sorted(_files(ROOT / "templates"))
    assert installed == _files(ROOT / "templates")


def test_the_wheel_carries_every_module_and_font_of_confkit(site):
    installed = _files(site / "confkit")
    source = _files(ROOT / "confkit")
    assert sorted(set(source) - set(installed)) == [], "add the folder to packages in pyproject.toml"
    assert {name: installed[name] for name in source} == source
    assert "pdf/fonts/DejaVuSans.ttf" in installed


def test_installed_wheel_builds_the_programme(site, tmp_path):
    event = tmp_path / "event"
    shutil.copytree(ROOT / "sample_event", event, ignore=shutil.ignore_patterns(".confkit"))
    out = tmp_path / "out"
    environment = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                             "from confkit.cli import app; app(sys.argv[2:])", str(site), "programme",
                             str(event), "-o", str(out)],
                            capture_output=True, text=True, cwd=tmp_path, env=environment)
    assert result.returncode == 0, result.stderr
    assert (out / "programme.pdf").stat().st_size > 10_000
    probe = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                            "import confkit.templates as t; print(t.BUILTIN)", str(site)],
                           capture_output=True, text=True, cwd=tmp_path)
    assert probe.stdout.strip() == str(site / "confkit" / "default_templates")
