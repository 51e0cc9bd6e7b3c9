"""The offline phone scanner: one self-contained page (`OUT/checkin/index.html`) that a volunteer opens
on a phone, from a file or from the event's HTTPS site, and that checks badges in with no network at all.

The page verifies a badge's signed token itself (confkit.badges.tokens: `CK1:` + base45, Ed25519) with
the event's public key, through WebCrypto where the browser has Ed25519 and the vendored noble-ed25519
elsewhere; it reads QR codes with `BarcodeDetector`, else the vendored jsQR (see vendor/README.md). It
keeps its check-ins in the phone's localStorage and exports them as CSV for `confkit checkin --merge`.

What the page holds of people is the roster (confkit.checkin.roster): id, name, organisation, category,
short code and badge edition, never an email address. With a passphrase, that roster (ids included) is
sealed with AES-256-GCM under a PBKDF2-SHA256 key, and the page opens it only once given the passphrase.
A badge reissued gets edition N >= 2 and carries `holder/N` as its id; an older edition is refused.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from markupsafe import Markup
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from confkit.checkin.roster import Person
from confkit.model import Event
from confkit.text.labels import LABELS, french_spacing

VENDOR = Path(__file__).resolve().parent / "vendor"
# name, version, licence, the file inlined, its licence file (vendor/README.md says where each is from)
VENDORED = (("jsQR", "1.4.0", "Apache-2.0", "jsqr/jsQR.js", "jsqr/LICENSE"),
            ("noble-ed25519", "3.2.0", "MIT", "noble-ed25519/index.js", "noble-ed25519/LICENSE"))
PBKDF2_ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-HMAC-SHA256; paid once, when the page is unlocked
SALT_BYTES, IV_BYTES = 16, 12
DESK = "phone"  # the desk name of the export until the volunteer types one
BRAND = "#1F4E79"
_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
# What ends a <script> element early or changes how the HTML parser reads it: never in what is inlined.
_SCRIPT_BREAKERS = re.compile(r"</script|<!--", re.IGNORECASE)
_ES_EXPORT = re.compile(r"^export \{([^}]*)\};?[ \t]*$", re.MULTILINE)


def page(event: Event, env, public_key: Ed25519PublicKey | Ed25519PrivateKey, people: Sequence[Person],
         editions: Mapping[str, int], passphrase: str | None = None) -> bytes:
    """The scanner page of `event` in its language (UTF-8 HTML).

    `people` is `roster.roster(event)`; `editions` gives the edition of each reissued badge by holder id
    (absent: 1). With `passphrase` (spaces around it aside, Unicode NFC), the roster is encrypted in the
    page with a fresh random salt and IV, so two builds of the same event differ in that part only.
    """
    public = public_key.public_key() if isinstance(public_key, Ed25519PrivateKey) else public_key
    rows = _rows(people, editions)
    config = {
        "event": event.id, "tag": hashlib.sha256(event.id.encode("utf-8")).digest()[:4].hex(),
        "key": public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex(),
        "desk": DESK, "labels": labels(event.language),
        "roster": None if passphrase is not None else rows,
        "locked": None if passphrase is None else seal(rows, passphrase, event.id),
    }
    lang, brand = event.language, _brand(event.brand_colour)
    css = env.get_template("checkin/scanner.css").render(brand=brand)
    script = env.get_template("checkin/scanner.js").render()
    return env.get_template("checkin/scanner.html").render(
        lang=lang, t=config["labels"], title=event.title, config=config, css=Markup(css), script=_inline(script),
        jsqr=_inline(_vendored("jsqr/jsQR.js")), noble=_inline(_classic_script(_vendored("noble-ed25519/index.js"))),
        software=[{"name": name, "version": version, "licence": licence, "text": _vendored(licence_file)}
                  for name, version, licence, _file, licence_file in VENDORED],
    ).encode("utf-8")


def labels(language: str) -> dict[str, str]:
    """The texts the page's script shows (`scan_*`, the categories), French spacing already applied."""
    texts = {key: text for key, text in LABELS[language].items()
             if key.startswith(("scan_", "category_"))}
    return {key: french_spacing(text) for key, text in texts.items()} if language == "fr" else texts


def seal(rows: list, passphrase: str, event_id: str) -> dict[str, object]:
    """`rows` as JSON, encrypted for the page's WebCrypto: AES-256-GCM (the event id as associated data,
    so a roster cannot be moved into another event's page) under PBKDF2-HMAC-SHA256 of the passphrase."""
    secret = unicodedata.normalize("NFC", passphrase.strip())
    if not secret:
        raise ValueError("the scanner's passphrase is empty")
    salt, iv = os.urandom(SALT_BYTES), os.urandom(IV_BYTES)
    key = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=PBKDF2_ITERATIONS)\
        .derive(secret.encode("utf-8"))
    plain = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    sealed = AESGCM(key).encrypt(iv, plain, event_id.encode("utf-8"))
    return {"kdf": "PBKDF2-SHA256", "iterations": PBKDF2_ITERATIONS, "cipher": "AES-256-GCM",
            "salt": _b64(salt), "iv": _b64(iv), "data": _b64(sealed)}


def _rows(people: Sequence[Person], editions: Mapping[str, int]) -> list[list]:
    """[id, name, organisation, category, code, edition] per person, in the roster's order."""
    for holder, edition in editions.items():
        if isinstance(edition, bool) or not isinstance(edition, int) or edition < 1:
            raise ValueError(f"edition of {holder!r} must be a whole number from 1, not {edition!r}")
    return [[p.id, p.name, p.organisation, p.category, p.code, editions.get(p.id, 1)] for p in people]


def _brand(colour: str) -> str:
    """The event's colour for the page's bar and buttons when white text stays readable on it (WCAG AA)."""
    if not _HEX_COLOUR.fullmatch(colour or ""):
        return BRAND
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return colour.upper() if 1.05 / (luminance + 0.05) >= 4.5 else BRAND


def _vendored(name: str) -> str:
    return (VENDOR / name).read_text(encoding="utf-8")


def _classic_script(module: str) -> str:
    """An ES module of one `export {...}` line as a classic script defining `nobleEd25519`: a page opened
    from file:// cannot import a module, and an inline module could not share it with the page's script."""
    exports = _ES_EXPORT.findall(module)
    if len(exports) != 1 or re.search(r"^export\b", _ES_EXPORT.sub("", module), re.MULTILINE):
        raise ValueError("the vendored noble-ed25519 is no longer a module of one export line")
    names = ", ".join(name.strip() for name in exports[0].split(",") if name.strip())
    return f"var nobleEd25519 = (function () {{\n{_ES_EXPORT.sub('', module)}\nreturn {{ {names} }};\n}})();\n"


def _inline(source: str) -> Markup:
    """`source` for a <script> element, refused if it would end the element or confuse the parser."""
    if _SCRIPT_BREAKERS.search(source):
        raise ValueError("a script to inline holds '</script' or '<!--'")
    return Markup(source)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
