"""The event folder's private state, `EVENT/.confkit/`: the one module that names and writes it.

What is kept there outlives a build: the badges' signing key (lose it and printed badges
no longer scan), the invitations issued (so that changes raise SEQUENCE and removals are
cancelled) and the sent-journal (so that nobody receives a version twice). Loading never
creates anything: a check-in desk on a laptop without the key must refuse badges, not
make a new key that refuses them all. Writes are atomic and fsynced: a crash leaves the
previous file whole.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from confkit.errors import UserError

FOLDER = ".confkit"


@dataclass(frozen=True)
class State:
    """Paths of an event's private state, and reading them."""

    event_folder: Path

    @property
    def folder(self) -> Path:
        return self.event_folder / FOLDER

    @property
    def key_path(self) -> Path:
        return self.folder / "signing.key"

    @property
    def invitations_path(self) -> Path:
        return self.folder / "invitations.json"

    @property
    def journal_path(self) -> Path:
        return self.folder / "sent.jsonl"

    @property
    def editions_path(self) -> Path:
        return self.folder / "badge-editions.json"

    @property
    def cache(self) -> Path:
        """Where outputs keep what they can always make again (the site's share cards and photos),
        keyed by what went into them: named here, made by the first write (`write_atomic`, owner-only),
        never needed (deleting it costs one slower build)."""
        return self.folder / "cache"

    def secure_key(self) -> bool:
        """Make a key that others could read owner-only again; True when it had been exposed."""
        try:
            mode = self.key_path.stat().st_mode
        except OSError:
            return False
        if not mode & 0o077:
            return False
        os.chmod(self.key_path, 0o600)
        return True

    def writable(self) -> bool:
        """Whether this run can keep state: probed with a file of its own, not by permission bits
        (which root ignores), so that a read-only folder or disk is found before anything is written."""
        try:
            probe = tempfile.NamedTemporaryFile(prefix=".confkit-probe-", dir=self.event_folder)
        except OSError:
            return False
        probe.close()
        return True

    def signing_key(self) -> Ed25519PrivateKey | None:
        """The event's private key, or None when none was made yet."""
        if not self.key_path.exists():
            return None
        try:
            pem = self.key_path.read_bytes()
        except OSError as error:
            raise UserError("key_unreadable", path=str(self.key_path), error=error.strerror or str(error)) from None
        try:
            key = serialization.load_pem_private_key(pem, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            key = None
        if not isinstance(key, Ed25519PrivateKey):
            raise UserError("key_invalid", path=str(self.key_path))
        return key

    def invitations(self) -> dict:
        """The invitations and sessions issued by earlier runs (empty before the first)."""
        empty = {"sessions": {}, "invitations": {}}
        if not self.invitations_path.exists():
            return empty
        try:
            state = json.loads(self.invitations_path.read_text(encoding="utf-8"), object_hook=_sharing())
        except (ValueError, OSError) as error:
            raise UserError("state_unreadable", str(self.invitations_path), error=str(error)) from None
        if not isinstance(state, dict):
            raise UserError("state_unreadable", str(self.invitations_path), error="not a JSON object")
        return {**empty, **state}

    def badge_editions(self) -> dict[str, int]:
        """Holder id -> the edition of their latest badge, for those reissued (2 and on); empty before any."""
        if not self.editions_path.exists():
            return {}
        try:
            found = json.loads(self.editions_path.read_text(encoding="utf-8"))
        except (ValueError, OSError) as error:
            raise UserError("state_unreadable", str(self.editions_path), error=str(error)) from None
        if not isinstance(found, dict) or not all(isinstance(n, int) for n in found.values()):
            raise UserError("state_unreadable", str(self.editions_path), error="not a JSON object of editions")
        return found

    def save_badge_editions(self, editions: dict[str, int]) -> None:
        self._prepare()
        write_atomic(self.editions_path, json.dumps(editions, indent=1, sort_keys=True).encode())

    def save_invitations(self, state: dict) -> None:
        self._prepare()
        write_atomic(self.invitations_path, _tables(state))

    def save_new_key(self, key: Ed25519PrivateKey) -> Ed25519PrivateKey:
        """Keep a key made by this run; of two runs racing, the first key written wins and is returned."""
        self._prepare()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        try:
            write_atomic(self.key_path, pem, replace=False)
        except FileExistsError:
            return self.signing_key()
        except OSError as error:
            raise UserError("key_unwritable", folder=str(self.folder), error=error.strerror or str(error)) from None
        return key

    def _prepare(self) -> None:
        """The folder, owner-only, and kept out of any repository the event is committed to."""
        try:
            os.mkdir(self.folder, 0o700)
        except FileExistsError:
            pass
        _ignore_in_git(self.event_folder)


def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def write_atomic(path: Path, data: bytes | Iterable[bytes], replace: bool = True, mode: int = 0o600) -> None:
    """Write `path` whole or not at all: a unique temporary file, fsynced, then renamed (or linked,
    which never replaces an existing file, when `replace` is false), then the folder fsynced.
    `data`: bytes, or pieces of them (a large state is never held whole)."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb") as file:
            for piece in [data] if isinstance(data, bytes) else data:
                file.write(piece)
            file.flush()
            os.fsync(file.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)
        fsync_folder(path.parent)
    finally:
        Path(temporary).unlink(missing_ok=True)


def append_line(path: Path, line: bytes) -> None:
    """Append one line to a journal and fsync it before returning: what is journaled survives any crash.

    A line cut by an earlier crash stays apart (readers ignore it) rather than spoiling this one.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    new = not path.exists()
    with os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600), "a+b") as file:
        if file.seek(0, os.SEEK_END):
            file.seek(-1, os.SEEK_END)
            line = (b"" if file.read(1) == b"\n" else b"\n") + line
        file.write(line + b"\n")
        file.flush()
        os.fsync(file.fileno())
    if new:
        fsync_folder(path.parent)  # the file's name must survive a crash too


def lock(path: Path):
    """Hold `path.lock`, the file beside `path`, until the returned file is closed (a `with` block).

    BlockingIOError at once if another process, or another open of it in this one, holds it. The
    system drops the lock when its holder dies, so a crash never leaves it stuck.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle = os.fdopen(os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600), "r+b")
    try:
        _lock_exclusively(handle.fileno())
    except BaseException:
        handle.close()
        raise
    return handle


def _lock_exclusively(descriptor: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: a lock on the first byte stands for the file's
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            raise BlockingIOError(*error.args) from None
    else:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)


def fsync_folder(folder: Path) -> None:
    """Make a new or renamed name in `folder` survive a crash."""
    if os.name == "posix":  # Windows cannot open a folder, and its names are durable anyway
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _ignore_in_git(event_folder: Path) -> None:
    """Best effort: a read-only event folder must still build."""
    gitignore = event_folder / ".gitignore"
    try:
        text = gitignore.read_text(encoding="utf-8") if gitignore.exists() else ""
        if any(line.strip().strip("/") == FOLDER for line in text.splitlines()):
            return
        with gitignore.open("a", encoding="utf-8") as file:
            file.write(("\n" if text and not text.endswith("\n") else "") + f"{FOLDER}/\n")
    except (OSError, UnicodeDecodeError):
        pass


def _sharing():
    """A JSON object hook giving equal strings one object: every invitation's facts repeat the event's
    title, place and days, which were otherwise held 100,000 times for a congress of that size."""
    shared: dict[str, str] = {}

    def share(found: dict) -> dict:
        return {key: shared.setdefault(value, value) if type(value) is str else value for key, value in found.items()}
    return share


def _tables(state: dict) -> Iterator[bytes]:
    """The state as JSON with one row of each table a line: as readable in a diff as `indent=1`, and
    written by json's C encoder (`indent` makes it fall back to Python: 4 s for 20,000 invitations).
    In pieces of a few hundred rows: the whole text of 100,000 invitations, made at once, took 150 MB."""
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": ")).encode
    yield b"{\n"
    for number, name in enumerate(sorted(state)):
        rows = state[name]
        yield b"" if number == 0 else b",\n"
        if not (isinstance(rows, dict) and rows):
            yield f" {encode(name)}: {encode(rows)}".encode()
            continue
        yield f" {encode(name)}: {{\n".encode()
        keys = sorted(rows)
        for start in range(0, len(keys), 256):
            lines = ",\n".join(f"  {encode(key)}: {encode(rows[key])}" for key in keys[start:start + 256])
            yield (",\n" if start else "").encode() + lines.encode()
        yield b"\n }"
    yield b"\n}\n"
