"""One base for every problem the user can fix: where it is, a message key, its parameters.

Library code raises these and never prints; the CLI catches `UserError` once, prints
`where: message` in the user's language and exits with `exit_code`. The sentences
live in one catalogue (`confkit.text.messages.CATALOGUE`), in French and English.
"""

from __future__ import annotations


class UserError(Exception):
    """A mistake or a state of the machine that the user can fix; never shown as a traceback.

    `params` values are shown as they are, except {"en": ..., "fr": ...} dicts, which are
    shown in the message's language (a word inside a sentence).
    """

    exit_code = 1

    def __init__(self, key: str, where: str = "", **params):
        self.key, self.where, self.params = key, where, params
        super().__init__(f"{where}: {key}" if where else key)

    @property
    def code(self) -> str:
        """The key under its first name (tests and `--format json` say code)."""
        return self.key

    def message(self, lang: str) -> str:
        from confkit.text.messages import say

        return say(self.key, lang, **self.params)

    def render(self, lang: str) -> str:
        """`where: message`, with French spacing before the colon."""
        if not self.where:
            return self.message(lang)
        return f"{self.where}{' :' if lang == 'fr' else ':'} {self.message(lang)}"

    def __str__(self) -> str:
        return self.render("en")


class Unusable(UserError):
    """The input cannot be read at all (exit 2), as opposed to a workbook with problems."""

    exit_code = 2


class TemplateFailed(UserError):
    """A template (most likely the user's own) could not be rendered; `where` is its file:line."""


def template_failure(error: BaseException, trace=None) -> TemplateFailed | None:
    """The TemplateFailed that a jinja error (or a template that is not UTF-8) stands for, or None.

    Jinja's own message is kept as it is (English): it names what the template got wrong.
    """
    import traceback

    import jinja2

    if isinstance(error, UnicodeDecodeError):
        return TemplateFailed("template_not_utf8", "template")
    if isinstance(error, jinja2.TemplateSyntaxError):
        return TemplateFailed("template_failed", f"{error.filename or error.name}:{error.lineno}", detail=error.message)
    frames = [frame for frame in traceback.extract_tb(trace or error.__traceback__)
              if frame.filename.endswith(_TEMPLATE_SUFFIXES)]
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "template"
    if isinstance(error, jinja2.TemplateError):
        return TemplateFailed("template_failed", where, detail=str(error))
    if frames and not _ours(frames[-1].filename):  # `{{ 1 // 0 }}` in the user's own template
        return TemplateFailed("template_failed", where, detail=f"{type(error).__name__}: {error}")
    return None  # raised in our own template or code: a bug of ours, shown as one


_TEMPLATE_SUFFIXES = (".html", ".css", ".txt", ".xml", ".svg", ".js")


def _ours(filename: str) -> bool:
    from confkit.templates import BUILTIN

    return filename.startswith(str(BUILTIN))
