"""The event folder's state: loading never creates anything; what is kept is written whole, owner-only."""

import json
import os
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from confkit.badges.tokens import KeyProblem
from confkit.errors import UserError
from confkit.state import State, new_key, write_atomic

RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def test_loading_a_missing_key_creates_nothing(tmp_path):
    assert State(tmp_path).signing_key() is None
    assert os.listdir(tmp_path) == []


def test_new_key_is_kept_private_and_ignored_by_git(tmp_path):
    previous = os.umask(0)  # even with a permissive umask, nobody else may read the key
    try:
        key = State(tmp_path).save_new_key(new_key())
    finally:
        os.umask(previous)
    path = tmp_path / ".confkit" / "signing.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert os.listdir(path.parent) == ["signing.key"]
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----\n")
    assert State(tmp_path).signing_key().public_key().public_bytes(*RAW) == key.public_key().public_bytes(*RAW)
    assert (tmp_path / ".gitignore").read_text() == ".confkit/\n"


def test_a_second_new_key_never_replaces_the_first(tmp_path):
    first = State(tmp_path).save_new_key(new_key())
    kept = State(tmp_path).save_new_key(new_key())
    assert kept.public_key().public_bytes(*RAW) == first.public_key().public_bytes(*RAW)


def test_existing_gitignore_is_appended_to_once(tmp_path):
    (tmp_path / ".gitignore").write_text("*.pdf")
    State(tmp_path).save_new_key(new_key())
    State(tmp_path).save_invitations({})
    assert (tmp_path / ".gitignore").read_text() == "*.pdf\n.confkit/\n"


def test_gitignore_already_listing_the_folder_is_left_alone(tmp_path):
    (tmp_path / ".gitignore").write_text("/.confkit\nout/\n")
    State(tmp_path).save_new_key(new_key())
    assert (tmp_path / ".gitignore").read_text() == "/.confkit\nout/\n"


@pytest.mark.parametrize("content", [b"garbage", b"", b"\xff\xfe\x00",
                                     b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"])
def test_corrupt_key_is_a_one_line_message(tmp_path, content):
    path = tmp_path / ".confkit" / "signing.key"
    path.parent.mkdir()
    path.write_bytes(content)
    with pytest.raises(UserError) as caught:
        State(tmp_path).signing_key()
    assert caught.value.key == "key_invalid"
    assert str(caught.value) == (
        f"the check-in signing key {path} is not an Ed25519 private key in PEM; restore it from a backup, "
        "or delete it to create a new one (badges already printed will then fail to scan)")
    assert caught.value.message("fr").startswith(f"la clé de signature des badges {path} n'est pas")
    assert caught.value.__context__ is None or caught.value.__suppress_context__


def test_key_of_another_algorithm_is_refused(tmp_path):
    path = tmp_path / ".confkit" / "signing.key"
    path.parent.mkdir()
    path.write_bytes(ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    with pytest.raises(UserError) as caught:
        State(tmp_path).signing_key()
    assert caught.value.key == "key_invalid"


def test_unreadable_key_is_one_line(tmp_path):
    (tmp_path / ".confkit" / "signing.key").mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(UserError) as caught:
        State(tmp_path).signing_key()
    assert caught.value.key == "key_unreadable"
    assert "\n" not in str(caught.value)


def test_missing_event_folder_cannot_keep_a_key(tmp_path):
    with pytest.raises((UserError, OSError)):
        State(tmp_path / "nowhere").save_new_key(new_key())


def test_invitations_state_reads_back_what_was_saved(tmp_path):
    state = {"sessions": {"s1": {"sequence": 2}}, "invitations": {"a": {"sequence": 0}}}
    State(tmp_path).save_invitations(state)
    assert State(tmp_path).invitations() == state
    assert sorted(os.listdir(tmp_path / ".confkit")) == ["invitations.json"]


def test_corrupt_invitations_state_names_the_file(tmp_path):
    path = tmp_path / ".confkit" / "invitations.json"
    path.parent.mkdir()
    path.write_text("{not json")
    with pytest.raises(UserError) as caught:
        State(tmp_path).invitations()
    assert str(caught.value).startswith(f"{path}: unreadable (")


def test_atomic_write_leaves_the_old_file_when_it_fails(tmp_path):
    target = tmp_path / "kept.json"
    target.write_bytes(b"old")

    with pytest.raises(TypeError):
        write_atomic(target, "text where bytes go")  # fails while writing the temporary file
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["kept.json"]


def test_refusals_are_key_problems_or_user_errors():
    assert issubclass(KeyProblem, UserError)


def test_the_invitations_state_is_json_with_a_row_a_line():
    from confkit.state import _tables

    state = {"sessions": {}, "invitations": {"b": {"name": "Élise", "sequence": 2}, "a": {"name": "Ana\nB", "sequence": 0}}}
    written = b"".join(_tables(state)).decode()
    assert json.loads(written) == state
    assert written.splitlines()[2:4] == ['  "a": {"name": "Ana\\nB", "sequence": 0},',
                                         '  "b": {"name": "Élise", "sequence": 2}']
    many = {"sessions": {}, "invitations": {f"r{n:04}": {"sequence": n} for n in range(1000)}}  # pieces of 256
    written = b"".join(_tables(many)).decode()
    assert json.loads(written) == many and len(written.splitlines()) == 1000 + 5
