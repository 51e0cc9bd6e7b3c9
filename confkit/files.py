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
        for name in names:
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            content = outputs[name]
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                with open(target, "wb") as stream:
                    content(stream)
        _replaceable(out, names)
        for name in names:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / name for name in names]


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
