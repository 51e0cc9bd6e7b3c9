"""Check-in tokens: the key stays private, tokens are compact, and nothing altered is accepted."""

import base64
import random

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from confkit.badges import tokens
from confkit import workbook
from confkit.model import Layout, Origin, Registrant
from confkit.badges.tokens import InvalidToken, KeyProblem

EVENT_ID = "study-day-2010"
QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


@pytest.fixture
def key(tmp_path):
    return Ed25519PrivateKey.generate()


def _reason(token, key, event_id=EVENT_ID):
    with pytest.raises(InvalidToken) as caught:
        tokens.verify(token, key.public_key(), event_id)
    return caught.value.reason


def test_every_refusal_is_a_user_error_worded_in_both_languages():
    from confkit.errors import UserError

    refusals = [InvalidToken(reason) for reason in ("format", "version", "event", "signature")]
    assert all(isinstance(refusal, UserError) and refusal.message("en") and refusal.message("fr")
               for refusal in refusals)
    assert InvalidToken("event").message("fr") == "badge d'un autre événement"


def test_round_trip_returns_the_id(key):
    token = tokens.issue(key, EVENT_ID, "k3m9q2x7ab")
    assert tokens.verify(token, key.public_key(), EVENT_ID) == "k3m9q2x7ab"
    assert tokens.verify(f"  {token}\r\n", key.public_key(), EVENT_ID) == "k3m9q2x7ab"
    long_id = "Jean-Pierre_de.la-Fontaine" * 2
    assert tokens.verify(tokens.issue(key, EVENT_ID, long_id), key.public_key(), EVENT_ID) == long_id


def test_token_is_short_and_qr_alphanumeric(key):
    for _ in range(20):
        token = tokens.issue(key, EVENT_ID, "".join(random.choices("abcdefghijklmnopqrstuvwxyz234567", k=10)))
        assert len(token) == 123  # 4 + base45(4 + 1 + 10 + 64 = 79 bytes) = 4 + 39 * 3 + 2
        assert token.startswith("CK1:")
        assert set(token) <= QR_ALPHANUMERIC
        assert token == token.strip()


def test_token_layout_is_the_documented_one(key):
    token = tokens.issue(key, "E", "ab")
    data = tokens.b45decode(token[4:])
    assert data[:4] == bytes.fromhex("a9f51566")  # sha256("E")[:4]
    assert data[4:7] == b"\x02ab"
    key.public_key().verify(data[7:], b"CK1:" + data[:7])


def test_any_single_changed_character_is_refused(key):
    token = tokens.issue(key, EVENT_ID, "k3m9q2x7ab")
    reasons = set()
    for position in range(len(token)):
        for char in sorted(QR_ALPHANUMERIC | set("a1é\x00")):
            if char != token[position]:
                reasons.add(_reason(token[:position] + char + token[position + 1:], key))
    assert reasons == {"format", "version", "event", "signature"}


def test_truncated_or_extended_tokens_are_refused(key):
    token = tokens.issue(key, EVENT_ID, "k3m9q2x7ab")
    for end in range(len(token)):
        assert _reason(token[:end], key) in {"format", "version"}
    assert _reason(token + "0", key) == "format"
    assert _reason(token + "00", key) == "format"
    assert _reason(token + "000", key) == "format"
    assert _reason(token.lower(), key) == "format"
    assert _reason("", key) == "format"
    assert _reason(None, key) == "format"


def test_token_of_another_event(key):
    assert _reason(tokens.issue(key, "another-event", "k3m9q2x7ab"), key) == "event"
    assert _reason(tokens.issue(Ed25519PrivateKey.generate(), "another-event", "k3m9q2x7ab"), key) == "event"


def test_token_signed_by_another_key(key):
    assert _reason(tokens.issue(Ed25519PrivateKey.generate(), EVENT_ID, "k3m9q2x7ab"), key) == "signature"


def test_token_with_another_id_and_the_same_signature(key):
    genuine = tokens.b45decode(tokens.issue(key, EVENT_ID, "k3m9q2x7ab")[4:])
    forged = genuine[:5] + b"k3m9q2x7ac" + genuine[15:]
    assert _reason("CK1:" + tokens.b45encode(forged), key) == "signature"


def test_unknown_version(key):
    token = tokens.issue(key, EVENT_ID, "k3m9q2x7ab")
    assert _reason("CK2:" + token[4:], key) == "version"
    assert _reason("CK10:" + token[4:], key) == "version"
    assert _reason("XK1:" + token[4:], key) == "format"


@pytest.mark.parametrize("plain, encoded", [(b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"),
                                            (b"base-45", "UJCLQE7W581"), (b"ietf!", "QED8WEX0"), (b"", "")])
def test_base45_matches_rfc_9285(plain, encoded):
    assert tokens.b45encode(plain) == encoded
    assert tokens.b45decode(encoded) == plain


def test_base45_round_trips_random_bytes():
    generator = random.Random(9285)
    for size in range(0, 80):
        data = generator.randbytes(size)
        assert tokens.b45decode(tokens.b45encode(data)) == data
    assert tokens.b45encode(b"\xff\xff\xff") == "FGWU5"


@pytest.mark.parametrize("text", ["GGW", "ZZZ", "U6", "A", "BB8A", "bb8", "BB#"])
def test_base45_refuses_invalid_text(text):
    with pytest.raises(ValueError):
        tokens.b45decode(text)


def test_public_key_text_holds_no_private_material(key):
    text = tokens.public_key_text(key)
    private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    for encoded in (private.hex(), private.hex().upper(), base64.b64encode(private).decode(),
                    base64.urlsafe_b64encode(private).decode().rstrip("="), base64.b32encode(private).decode(),
                    tokens.b45encode(private), pem.splitlines()[1]):
        assert encoded[:16] not in text
    assert "PRIVATE" not in text
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert f"public-key-base64: {base64.b64encode(public).decode()}\n" in text
    assert "algorithm: Ed25519\n" in text and "CK1:" in text
    loaded = tokens.load_public_key(text)
    assert loaded.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw) == public
    assert tokens.verify(tokens.issue(key, EVENT_ID, "k3m9q2x7ab"), loaded, EVENT_ID) == "k3m9q2x7ab"
    assert tokens.public_key_text(key.public_key()) == text


def test_load_public_key_falls_back_to_hex_and_refuses_other_text(key):
    text = tokens.public_key_text(key)
    hex_only = "".join(line for line in text.splitlines(True) if not line.startswith("public-key-base64"))
    assert tokens.load_public_key(hex_only).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw) == bytes.fromhex(text.split("public-key-hex: ")[1])
    for bad in ("", "hello", "public-key-base64: AAAA\n"):
        with pytest.raises(KeyProblem) as caught:
            tokens.load_public_key(bad)
        assert caught.value.code == "public_key_invalid"


def _registrant(**values):
    fields = dict(id="k3m9q2x7ab", first_name="", last_name="", email="", organisation="", job_title="",
                  category="participant", city="", badge_name="", listed=False, session_ids=(), extra=(),
                  origin=Origin(Layout("Registrants", 3, {}), 2))
    return Registrant(**(fields | values))


def test_vcard_escapes_and_keeps_email_private():
    person = _registrant(first_name="Zoé", last_name="Durand; Martin", organisation="CCI Paris, Île-de-France",
                         job_title="Head of\r\nsocial\\media\x07", email="zoe@example.org")
    assert tokens.vcard(person) == (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Durand\\; Martin;Zoé;;;\r\nFN:Zoé Durand\\; Martin\r\n"
        "ORG:CCI Paris\\, Île-de-France\r\nTITLE:Head of\\nsocial\\\\media\r\nEND:VCARD\r\n")
    listed = tokens.vcard(_registrant(first_name="Zoé", last_name="Durand", email="zoe@example.org", listed=True))
    assert listed == "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Durand;Zoé;;;\r\nFN:Zoé Durand\r\nEMAIL:zoe@example.org\r\nEND:VCARD\r\n"


def test_vcard_uses_the_badge_name():
    card = tokens.vcard(_registrant(first_name="Jean-Baptiste", last_name="Poquelin", badge_name="Molière"))
    assert "\r\nFN:Molière\r\n" in card and "\r\nN:Poquelin;Jean-Baptiste;;;\r\n" in card


def test_vcard_of_registrants_read_from_the_workbook(event):
    result, _ = workbook.read(event.write())
    zoe, jean = result.registrants
    assert "EMAIL:zoe.durand@cci-paris.fr\r\n" in tokens.vcard(zoe)
    assert tokens.vcard(jean) == ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Dupont;Jean;;;\r\nFN:Jean Dupont\r\n"
                                  "ORG:CCI Nice\r\nEND:VCARD\r\n")
    assert tokens.verify(tokens.issue(key := Ed25519PrivateKey.generate(), result.id, zoe.id),
                         key.public_key(), result.id) == zoe.id


def test_vcard_cuts_an_organisation_too_long_for_a_qr_code_on_a_word():
    card = tokens.vcard(_registrant(first_name="Zoé", last_name="Durand",
                                    organisation="Chambre de commerce et d'industrie " * 80))
    assert card == ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Durand;Zoé;;;\r\nFN:Zoé Durand\r\n"
                    "ORG:Chambre de commerce et d'industrie Chambre de commerce et d'industrie…\r\nEND:VCARD\r\n")


def test_vcard_of_the_longest_fields_still_fits_a_qr_code():
    from confkit.badges import qr

    longest = "雪,;\\" * 5000  # three bytes a character, escapes that double the rest
    card = tokens.vcard(_registrant(first_name=longest, last_name=longest, badge_name=longest, organisation=longest,
                                    job_title=longest, email="a" * 240 + "@example.org", listed=True))
    assert (len(card.encode()) < 1400, len(qr.matrix(card)) <= 177) == (True, True)


def test_vcard_leaves_out_an_address_too_long_to_be_one_rather_than_cut_it():
    card = tokens.vcard(_registrant(first_name="A", email="a" * 300 + "@example.org", listed=True))
    assert "EMAIL" not in card
