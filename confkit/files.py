"""The one writer: outputs appear whole or not at all, and never outside OUT.

Renderers return {relative path: bytes, or a function streaming the file}; every
file is written into a temporary folder inside OUT first, then moved into place
with atomic renames only once all are written. A crash while rendering leaves the
files of OUT as they were; a reader of OUT never sees half a file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath
from typing import BinaryIO

# Bytes, or a function that streams the file (large PDFs are never held in memory whole).
Output = bytes | Callable[[BinaryIO], None]


class UnsafePath(ValueError):
    """A renderer asked for a path outside the output folder."""


def write(out: Path, outputs: Mapping[str, Output]) -> list[Path]:
    """Write every output under `out`; return the paths written, sorted."""
    names = sorted(outputs)
    for name in names:
        _guard(name)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".confkit-", dir=out))
    try:
        many = [name for name in names if getattr(outputs[name], "independent", False)]
        for name in names:
            if name not in many or len(many) < PARALLEL_FROM:
                _stage(staging, name, outputs[name])
        if len(many) >= PARALLEL_FROM:
            _stage_in_parallel(staging, many, outputs)
        _replaceable(out, names)
        for name in names:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / name for name in names]


PARALLEL_FROM = 400  # small files marked `independent`; below this, workers cost more than they save


def _stage(staging: Path, name: str, content: Output) -> None:
    target = staging / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        with open(target, "wb") as stream:
            content(stream)


_JOB: tuple | None = None


def _stage_in_parallel(staging: Path, names: list[str], outputs: Mapping[str, Output]) -> None:
    """Files that build themselves independently (20,000 invitations), written by forked workers.

    Workers inherit the functions by fork, receive only slices of names, and write the
    files themselves: nothing large crosses between processes. Neighbouring names go to
    the same worker, as one person's .eml and .ics share their making.
    """
    import multiprocessing

    global _JOB
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for name in names:
            _stage(staging, name, outputs[name])
        return
    # The first slice here: every lazy import and cache is warm before forking, so no worker can
    # inherit a lock that another thread of this process held at that moment.
    _stage_slice_of(staging, outputs, names[:2])
    _JOB = (staging, outputs)
    slices = [names[i:i + 64] for i in range(2, len(names), 64)]
    try:
        with multiprocessing.get_context("fork").Pool(min(os.cpu_count() or 2, 4)) as pool:
            for _done in pool.imap_unordered(_stage_slice, slices):
                pass
    finally:
        _JOB = None


def _stage_slice(names: list[str]) -> None:
    _stage_slice_of(*_JOB, names)


def _stage_slice_of(staging: Path, outputs: Mapping[str, Output], names: list[str]) -> None:
    for name in names:
        _stage(staging, name, outputs[name])


def _replaceable(out: Path, names: list[str]) -> None:
    """Every target can take its file: checked before the first rename, so that none happens in vain."""
    for name in names:
        folder = out
        for part in PurePosixPath(name).parts[:-1]:
            folder = folder / part
            if folder.exists() and not folder.is_dir():
                raise NotADirectoryError(20, "a file is in the way of an output folder; remove or rename it",
                                         str(folder))
        if (out / name).is_dir():
            raise IsADirectoryError(21, "a folder is in the way of an output file; remove or rename it",
                                    str(out / name))


def _guard(name: str) -> None:
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts) or "\\" in name:
        raise UnsafePath(name)
