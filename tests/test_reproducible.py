"""Same input, same output, wherever the event folder sits (SOURCE_DATE_EPOCH honoured)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import run

SAMPLE = Path(__file__).resolve().parent.parent / "sample_event"
EPOCH = "1287446400"  # 19 October 2010, 00:00 UTC


def _files(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def _readable(name: str, data: bytes) -> bytes:
    """A PDF with its streams decompressed (a path could hide in one), any other file as it is."""
    if not name.endswith(".pdf"):
        return data
    reader = PdfReader(io.BytesIO(data))
    objects = (reader.get_object(number) for number in range(1, int(reader.trailer["/Size"])))
    return b"\n".join(item.get_data() if hasattr(item, "get_data") else repr(item).encode() for item in objects)


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The sample built once (so that its signing key and history exist), copied to two folders
    of different names and depths, then built again in each."""
    root = tmp_path_factory.mktemp("reproducible")
    first = root / "first" / "event"
    shutil.copytree(SAMPLE, first, ignore=shutil.ignore_patterns(".confkit", "*.py"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert run("build", first, "-o", root / "first" / "out").exit_code == 0
        builds = []
        for place in (root / "a" / "journée d'étude", root / "b" / "deeper" / "still" / "ev"):
            shutil.copytree(first, place)
            out = place.parent / "out"
            result = run("build", place, "-o", out)
            assert result.exit_code == 0, result.output
            builds.append((place, _files(out)))
    return builds


def test_build_gives_the_same_bytes_wherever_the_event_sits(two_builds):
    (_a, one), (_b, other) = two_builds
    assert sorted(one) == sorted(other)
    assert [name for name in one if one[name] != other[name]] == []


def test_no_output_holds_the_event_folders_path(two_builds):
    places = [place for place, _files in two_builds]
    needles = {str(place): [str(place).encode(), place.as_uri().encode()] for place in places}
    found = {(name, where) for place, files in two_builds for name, data in files.items()
             for where, forms in needles.items() if any(form in _readable(name, data) for form in forms)}
    assert found == set()
