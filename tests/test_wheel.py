"""The installed wheel carries the templates and fonts, and works outside the repository."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_installed_wheel_builds_the_programme(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("confkit-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"confkit/default_templates/programme/page.html", "confkit/default_templates/programme/style.css",
            "confkit/pdf/fonts/DejaVuSans.ttf", "confkit/pdf/fonts/LICENSE.txt"} <= names
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    out = tmp_path / "out"
    environment = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                             "from confkit.cli import app; app(sys.argv[2:])", str(site), "programme",
                             str(ROOT / "sample_event"), "-o", str(out)],
                            capture_output=True, text=True, cwd=tmp_path, env=environment)
    assert result.returncode == 0, result.stderr
    assert (out / "programme.pdf").stat().st_size > 10_000
    probe = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                            "import confkit.templates as t; print(t.BUILTIN)", str(site)],
                           capture_output=True, text=True, cwd=tmp_path)
    assert probe.stdout.strip() == str(site / "confkit" / "default_templates")
