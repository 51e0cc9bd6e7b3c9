"""The one writer: OUT is replaced whole, or not at all, and nothing is written outside it.

Every output's files are written into a new folder beside OUT; the files of outputs not
rebuilt this time are linked in from the current OUT; then the two folders are swapped
in one atomic rename (renameat2 RENAME_EXCHANGE on Linux). A crash or Ctrl-C at any
moment leaves either the previous OUT or the new one, never a mix. A manifest
(`OUT/.confkit-manifest.json`) records which output wrote which file, so that a partial
build replaces only its own files, and files that confkit did not write are never
deleted silently. Folders left by a killed run are cleaned by the next one.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, ContextManager

from confkit.errors import UserError

# Bytes, or a function that streams the file (large PDFs are never held in memory whole).
Content = bytes | Callable[[BinaryIO], None]
Files = Iterable[tuple[str, Content]]
MANIFEST = ".confkit-manifest.json"
_NEW, _OLD = "confkit-new", "confkit-old"


@dataclass(frozen=True)
class Written:
    """What one output wrote: its files (relative to OUT) and their total size."""

    files: tuple[str, ...]
    size: int
    seconds: float  # writing, and rendering what is rendered as it is written


def write(out: Path, outputs: Mapping[str, Files], force: bool = False,
          before_swap: Callable[[], None] = lambda: None,
          progress: Callable[[str, int], None] = lambda name, count: None,
          beside: Callable[[Stage], ContextManager[Callable[[], dict[str, Written]]]] | None = None,
          ) -> tuple[dict[str, Written], list[str]]:
    """Write each output's files, keep the other outputs' files, then swap OUT in place.

    `beside(stage)`, when given, starts staging more outputs into the same folder
    elsewhere (the pipeline's side process) while these are staged here; it yields a
    function that waits for them and returns what they wrote, and stops them if this
    side fails. `before_swap` runs once everything is written (the pipeline commits
    state there). Returns what each output wrote, and the files that were not
    confkit's and were removed because of `force`.
    """
    out = Path(os.path.abspath(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out.parent):
        _recover(out)
        previous = _manifest(out)
        foreign = refuse_foreign(out, force)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{_NEW}-", dir=out.parent))
        try:
            stage = Stage(staging, previous=out if previous else None)
            with (beside or _alone)(stage) as elsewhere:
                written = {name: stage.output(name, files, progress) for name, files in outputs.items()}
                written |= elsewhere()
            kept = {name: paths for name, paths in previous.items() if name not in written}
            stage.link_kept(out, kept)
            manifest = {name: list(w.files) for name, w in written.items()} | kept
            (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
            before_swap()
            _swap(staging, out)
        finally:
            _remove_tree(staging)
    return written, foreign


def _remove_tree(folder: Path) -> None:
    """Remove a folder and all below it, the files by four threads at a time. After the swap it holds the
    previous OUT: 45,000 files for a congress, and on a disk mounted with `discard` (this kind of cloud
    machine) each unlink waits ~0.25 ms on the device; four at a time take 2.3 times less."""
    files = [os.path.join(root, name) for root, _folders, names in os.walk(folder) for name in names]
    if len(files) > 1000:
        with ThreadPoolExecutor(4) as pool:  # in slices: a future a file would cost more than its unlink
            for _ in pool.map(_unlink, [files[i:i + 256] for i in range(0, len(files), 256)]):
                pass
    shutil.rmtree(folder, ignore_errors=True)  # what is left: the folders, and every file when they were few


def _unlink(paths: list[str]) -> None:
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass  # gone already, or a folder's symbolic link: rmtree's


@contextmanager
def _alone(stage: Stage):
    yield dict


class Stage:
    """Writes files into the staging folder, cheaply: each folder made once (remembered, not asked
    of the disk again), each file created exclusively, so a name claimed twice fails on the second.

    A file whose bytes are those of the same file in the previous OUT is hard-linked to it instead
    of written. A rebuild the night before a congress changes a room: most of its 45,000 files come
    out the same, and a link costs a tenth of a creation here, while removing the previous OUT then
    only drops a link instead of freeing (and, on a disk mounted with `discard`, trimming) a file.
    """

    def __init__(self, root: Path, previous: Path | None = None):
        self.root = os.fspath(root)
        self.previous = os.fspath(previous) if previous else None
        self.made = {""}

    def output(self, output: str, files: Files, progress: Callable[[str, int], None]) -> Written:
        """Every file of one output; what it wrote."""
        names, size, begun = [], 0, time.perf_counter()
        for name, content in files:
            size += self.file(name, content)
            names.append(name)
            progress(output, 1)
        names.sort()
        return Written(tuple(names), size, time.perf_counter() - begun)

    def file(self, name: str, content: Content) -> int:
        """One file, from bytes or streamed; its size."""
        self._folder(name)
        if isinstance(content, bytes) and self._linked(name, content):
            return len(content)
        try:
            handle = os.open(f"{self.root}/{name}", _CREATE, 0o666)
        except FileExistsError:
            raise ValueError(f"{name} is written twice") from None  # two outputs claiming a file: a bug of ours
        with open(handle, "wb", buffering=0 if isinstance(content, bytes) else -1) as stream:
            if isinstance(content, bytes):
                view = memoryview(content)
                while view:
                    view = view[stream.write(view):]
            else:
                content(stream)
            return stream.tell()

    def _linked(self, name: str, content: bytes) -> bool:
        """Whether the previous OUT's `name` holds exactly `content` and is now linked here too."""
        if self.previous is None:
            return False
        source = f"{self.previous}/{name}"
        try:
            handle = os.open(source, _READ)  # never through a symbolic link: it could lead out of OUT
        except OSError:
            return False
        with open(handle, "rb", buffering=0) as old:
            if os.fstat(handle).st_size != len(content) or old.readall() != content:
                return False
        try:
            os.link(source, f"{self.root}/{name}", follow_symlinks=False)
        except FileExistsError:
            raise ValueError(f"{name} is written twice") from None
        except OSError:
            return False  # links refused here: the file is written
        return True

    def link_kept(self, out: Path, kept: Mapping[str, list[str]]) -> None:
        """The files of outputs not rebuilt, into the new folder: hard links, cheap and atomic to take."""
        for paths in kept.values():
            for name in paths:
                self._folder(name)
                source, target = f"{out}/{name}", f"{self.root}/{name}"
                try:
                    os.link(source, target)
                except FileNotFoundError:
                    continue  # gone from OUT since
                except OSError:
                    if os.path.isfile(source):  # another file system, or links refused: a copy
                        shutil.copy2(source, target)

    def _folder(self, name: str) -> None:
        folder = _guard(name).rpartition("/")[0]
        if folder not in self.made:
            os.makedirs(f"{self.root}/{folder}", exist_ok=True)
            self.made.add(folder)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _manifest(out: Path) -> dict[str, list[str]]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(name): [str(p) for p in paths] for name, paths in data.items() if isinstance(paths, list)}


def refuse_foreign(out: Path, force: bool) -> list[str]:
    """Refuse an OUT holding files that confkit did not write (unless `force`); return them.

    The pipeline asks before rendering too, so that a mistaken -o fails at once.
    """
    out = Path(os.path.abspath(out))
    foreign = _foreign(out, _manifest(out))
    if foreign and not force:
        shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise UserError("out_foreign", str(out), count=len(foreign), files=shown)
    return foreign


def _foreign(out: Path, previous: Mapping[str, list[str]]) -> list[str]:
    """Files in OUT that no earlier build wrote (the user's own, or OUT given by mistake)."""
    if not out.is_dir():
        if out.exists():
            raise UserError("out_not_folder", str(out))
        return []
    ours = {name for paths in previous.values() for name in paths} | {MANIFEST}
    return sorted(name for name in _every_file(out) if name not in ours)


def _every_file(out: Path) -> Iterator[str]:
    """Every file below `out`, relative, with / between folders (os.walk: pathlib's rglob is slower)."""
    root = os.fspath(out)
    for folder, _folders, names in os.walk(root):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        yield from (name if prefix == "." else f"{prefix}/{name}" for name in names)


def _swap(staging: Path, out: Path) -> None:
    """The new folder becomes OUT in one step; the previous OUT ends where staging was, then removed."""
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        return
    # No atomic exchange here (not Linux, or a file system without it): two renames, and a
    # crash between them is repaired by the next run (_recover puts the previous OUT back).
    old = out.parent / f".{out.name}.{_OLD}-{staging.name.rsplit('-', 1)[-1]}"
    os.rename(out, old)
    os.rename(staging, out)
    os.rename(old, staging)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def _recover(out: Path) -> None:
    """Clean what a killed run left beside OUT; put the previous OUT back if it was moved away."""
    for left in sorted(out.parent.glob(f".{out.name}.{_OLD}-*")):
        if not out.exists():
            os.rename(left, out)
        else:
            shutil.rmtree(left, ignore_errors=True)
    for left in out.parent.glob(f".{out.name}.{_NEW}-*"):
        shutil.rmtree(left, ignore_errors=True)


class _locked:
    """One confkit run at a time writes into a folder's outputs (an advisory lock on the folder)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __enter__(self):
        self.handle = os.open(self.folder, os.O_RDONLY)
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.handle)
            raise UserError("out_busy", str(self.folder)) from None
        return self

    def __exit__(self, *exc):
        os.close(self.handle)  # closing releases the lock


def _guard(name: str) -> str:
    """A relative path of plain parts (no "", ".", ".."), with /: a string test, once per file."""
    if name.startswith("/") or "\\" in name or any(part in ("", ".", "..") for part in name.split("/")):
        raise ValueError(f"unsafe output path {name!r}")  # a renderer's bug, never the user's input
    return name
