"""The writer at congress scale: 100,000 files go through its bookkeeping with no quadratic step.

No clock here: the names are counted instead. Each name is a `Counted` string, whose
comparisons for equality are tallied; a set or a dict compares a name only on a hash
collision, a list membership test compares it with every name before it. Past a budget
linear in the count, the test fails at once instead of running for hours.
"""

from __future__ import annotations

import os

import pytest

from confkit import files

COUNT = 100_000
FOLDERS = 100


class Counted(str):
    """A file name that tallies how often it is compared for equality."""

    compared = 0
    budget = 2 * COUNT

    def __eq__(self, other):
        Counted.compared += 1
        if Counted.compared > Counted.budget:
            raise AssertionError("file names compared one by one: a quadratic step in the writer")
        return str.__eq__(self, other)

    __hash__ = str.__hash__


@pytest.fixture
def counted():
    Counted.compared = 0
    yield Counted


def _names(count: int = COUNT, prefix: str = "invites"):
    return (Counted(f"{prefix}/{number % FOLDERS}/{number}.ics") for number in range(count))


def test_the_counter_catches_a_list_membership_test(counted):
    names = list(_names(3 * COUNT))
    with pytest.raises(AssertionError, match="quadratic"):
        assert names[0] in names[::-1]


def test_a_hundred_thousand_files_are_written_and_kept_without_comparing_names(counted, tmp_path, monkeypatch):
    made = []
    makedirs = os.makedirs
    monkeypatch.setattr(os, "makedirs", lambda path, **kw: (made.append(path), makedirs(path, **kw)))
    out = tmp_path / "out"
    written, _ = files.write(out, {"invitations": ((name, b"x") for name in _names())})
    assert written["invitations"].size == COUNT and len(written["invitations"].files) == COUNT
    assert type(written["invitations"].files[0]) is Counted  # the bookkeeping held the names it was given
    assert Counted.compared <= 2 * COUNT
    assert len(made) == FOLDERS + 1  # each folder made once (and invites/ above them), not once per file
    assert (out / "invites/7/1007.ics").read_bytes() == b"x"

    written, _ = files.write(out, {"site": [("site/index.html", b"<p>")]})  # the 100,000 are kept, linked
    assert sum(len(names) for _, _, names in os.walk(out / "invites")) == COUNT
    assert files.refuse_foreign(out, force=False) == []


def test_a_file_claimed_twice_is_refused(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ValueError, match="a/b.txt is written twice"):
        files.write(out, {"one": [("a/b.txt", b"1")], "two": [("a/b.txt", b"2")]})
    assert not out.exists()
    with pytest.raises(ValueError, match="unsafe output path"):
        files.write(out, {"one": [("a/../b.txt", b"1")]})
