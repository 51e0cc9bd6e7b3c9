"""The one message catalogue: every sentence in English and French, and no other table of them."""

import ast
import string
from pathlib import Path

import pytest

from confkit.errors import Unusable, UserError
from confkit.text import messages
from confkit.text.messages import CATALOGUE, counted

CONFKIT = Path(__file__).resolve().parent.parent / "confkit"
# Labels and documentation, not messages: choice names, language names, the template's instructions.
ALLOWED = {("columns.py", "LANGUAGES"), ("columns.py", "CHOICE_LABELS"), ("scaffold.py", "INSTRUCTIONS")}
# Details that exist in English only and that the French sentence leaves out: email-validator's reason.
ENGLISH_ONLY = {"bad_email": {("reason", None, "")}}


def _placeholders(text: str) -> set[tuple]:
    return {(name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    texts = CATALOGUE[key]
    assert set(texts) == {"en", "fr"}
    assert texts["en"].strip() and texts["fr"].strip()
    assert _placeholders(texts["en"]) - ENGLISH_ONLY.get(key, set()) == _placeholders(texts["fr"])


def test_a_key_declared_twice_stops_the_import():
    with pytest.raises(ValueError) as raised:
        messages._catalogue((("no_bio", "a", "b"),), (("no_bio", "c", "d"),))
    assert str(raised.value) == "message key 'no_bio' is declared twice"


def test_user_error_renders_where_then_message_with_french_spacing():
    error = UserError("bad_date", "Sessions!B7", value="31/02")
    assert error.render("en") == ('Sessions!B7: "31/02" is not a date; type a date such as 2010-10-19 '
                                  "or 19/10/2010")
    assert error.render("fr") == ("Sessions!B7 : « 31/02 » n'est pas une date ; saisissez une date comme "
                                  "19/10/2010 ou 2010-10-19")


def test_user_error_shows_a_two_language_parameter_in_the_message_language():
    error = UserError("layout_expected", "mine.json: rows", expected={"en": "a text", "fr": "un texte"}, received="3")
    assert (error.render("en"), error.render("fr")) == ("mine.json: rows: expected a text, received 3",
                                                        "mine.json: rows : attendu : un texte, reçu : 3")


def test_unusable_input_exits_2_and_other_user_errors_1():
    assert (Unusable("empty", "event.xlsx").exit_code, UserError("no_host").exit_code) == (2, 1)
    assert Unusable("empty", "event.xlsx").render("fr") == "event.xlsx : le fichier est vide"


def test_counts_follow_each_language_plural_rule():
    assert [counted("errors", n, "en") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]
    assert [counted("warnings", n, "fr") for n in (0, 1, 2)] == ["0 avertissement", "1 avertissement",
                                                                  "2 avertissements"]


def _bilingual_tables(path: Path) -> list[tuple[str, int]]:
    """(assigned name, line) of each dict literal with literal "en" and "fr" entries: a table of sentences."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {}
    for statement in ast.walk(tree):
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            target = statement.targets[0] if isinstance(statement, ast.Assign) else statement.target
            names.update({id(node): getattr(target, "id", "") for node in ast.walk(statement.value)})
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            entries = {key.value: value for key, value in zip(node.keys, node.values) if isinstance(key, ast.Constant)}
            literal = (ast.Constant, ast.JoinedStr, ast.Dict, ast.Tuple, ast.List)
            if all(isinstance(entries.get(lang), literal) for lang in ("en", "fr")):
                found.append((names.get(id(node), ""), node.lineno))
    return found


def test_no_bilingual_table_outside_the_catalogue():
    leftovers = []
    for path in sorted(CONFKIT.rglob("*.py")):
        relative = path.relative_to(CONFKIT)
        if relative.parts[0] == "text":
            continue
        leftovers += [f"{relative}:{line} {name}" for name, line in _bilingual_tables(path)
                      if (str(relative), name) not in ALLOWED]
    assert leftovers == []
