"""Every page of the recap site is valid HTML to html-validate (npm; the version tests/node pins),
with its `html-validate:recommended` rules and none turned off (tests/node/htmlvalidate.json): the
sample (one room) and a 2-day 3-room congress (the programme as a grid of rooms).

html-validate comes from `npm ci --prefix tests/node`, which scripts/test runs when it is missing (or
older than tests/node/package-lock.json): without it this test fails and says so (it never passes
unrun); only without Node.js at all is it skipped, as the browser tests are without Chromium."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from confkit import synthetic
from conftest import SAMPLE, run

NODE = Path(__file__).resolve().parent / "node"
HTML_VALIDATE = NODE / "node_modules" / ".bin" / "html-validate"
CONFIG = NODE / "htmlvalidate.json"


@pytest.fixture(scope="module")
def validator() -> Path:
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed (Debian's nodejs and npm, which scripts/system-deps installs)")
    return HTML_VALIDATE


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The site of the sample and of the congress of conftest's `programmes["rooms3"]` (the same
    workbook, written here: that fixture would also print three booklets)."""
    root = tmp_path_factory.mktemp("validate")
    (root / "rooms3").mkdir()
    synthetic.write(root / "rooms3" / "event.xlsx", registrants=20, rooms=3, days=2, plenaries=True)
    built = {}
    for name, source in (("sample", SAMPLE), ("rooms3", root / "rooms3")):
        result = run("site", source, "-o", root / name / "out")
        assert result.exit_code == 0, result.output
        built[name] = root / name / "out" / "site"
    return built


def _validate(validator: Path, folder: Path, pages: list[Path]) -> subprocess.CompletedProcess:
    if not validator.exists():
        pytest.fail(f"html-validate is not installed ({validator.relative_to(NODE.parent.parent)} is missing): "
                    "run `npm ci --prefix tests/node` (scripts/test does when npm is there)", pytrace=False)
    result = subprocess.run([validator, "--config", CONFIG, "--formatter", "text", *pages],
                            capture_output=True, text=True, timeout=300)
    # Paths inside the site in the report: `sessions/ouverture.html:6:95: error [long-title] ...`.
    result.stdout = result.stdout.replace(f"{folder}/", "")
    return result


@pytest.mark.parametrize("name", ["sample", "rooms3"])
def test_every_page_of_the_site_is_valid_html(validator, sites, name):
    pages = sorted(sites[name].rglob("*.html"))
    assert len(pages) > 10
    result = _validate(validator, sites[name], pages)
    if result.returncode != 0:
        pytest.fail(f"html-validate, site of {name}:\n{result.stdout}{result.stderr}", pytrace=False)


def test_the_validator_reports_what_the_recommended_rules_forbid(validator, tmp_path):
    """The config is read and its rules are on: a page with faults of its own does not pass."""
    page = tmp_path / "faulty.html"
    page.write_text('<!DOCTYPE html>\n<html lang="en">\n<head><title>Faulty</title></head>\n'
                    '<body><p style="color: red" id="x">A</p><p id="x">B</p></body>\n</html>\n', encoding="utf-8")
    result = _validate(validator, tmp_path, [page])
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[no-inline-style]" in result.stdout and "[no-dup-id]" in result.stdout, result.stdout
