"""The writer links a file unchanged since the previous OUT instead of writing it again, and only then."""

from __future__ import annotations

import os

from confkit import files


def _inode(path) -> int:
    return os.stat(path).st_ino


def test_an_unchanged_file_is_linked_and_a_changed_one_written(tmp_path):
    out = tmp_path / "out"
    files.write(out, {"site": [("a.html", b"same"), ("b.html", b"before"), ("c.html", b"gone next")]})
    a, b = _inode(out / "a.html"), _inode(out / "b.html")
    files.write(out, {"site": [("a.html", b"same"), ("b.html", b"after!"), ("d.html", b"new")]})
    assert _inode(out / "a.html") == a and (out / "a.html").read_bytes() == b"same"
    assert _inode(out / "b.html") != b and (out / "b.html").read_bytes() == b"after!"
    assert sorted(os.listdir(out)) == [".confkit-manifest.json", "a.html", "b.html", "d.html"]
    assert os.stat(out / "a.html").st_nlink == 1  # the previous OUT is gone: no second name left anywhere


def test_a_file_edited_in_out_is_written_again_not_linked(tmp_path):
    out = tmp_path / "out"
    files.write(out, {"site": [("a.html", b"ours")]})
    (out / "a.html").write_bytes(b"edited by hand")
    files.write(out, {"site": [("a.html", b"ours")]})
    assert (out / "a.html").read_bytes() == b"ours"


def test_a_symbolic_link_in_out_is_never_followed(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"secret")
    out = tmp_path / "out"
    files.write(out, {"site": [("a.txt", b"secret")]})
    (out / "a.txt").unlink()
    (out / "a.txt").symlink_to(outside)  # someone swapped our file for a link leading out of OUT
    files.write(out, {"site": [("a.txt", b"secret")]})
    assert not (out / "a.txt").is_symlink() and (out / "a.txt").read_bytes() == b"secret"
    assert _inode(out / "a.txt") != _inode(outside) and outside.read_bytes() == b"secret"
