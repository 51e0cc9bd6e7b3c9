"""Send prepared emails over SMTP, resumably: each version of a message once.

A journal line is appended and fsync'ed as soon as the server has answered 250 to a
message's DATA, and a message is sent only if its key is not in the journal. So a crash,
a Ctrl-C or a lost server costs at most the message in flight, and running the same
command again sends exactly what is missing.

SMTP itself leaves two windows where a message can go twice, never where one is lost: the
process dying between the server's 250 and the fsync, and the line dropping after the
final dot but before the 250 arrives (the message is retried; the server may have queued it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import smtplib
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from confkit.errors import UserError
from confkit.state import append_line

DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
SERVER_GONE = "not sent (server gone)"

class SendingProblem(UserError):
    """The SMTP settings or the server stop the sending: nothing more is sent."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One version of one message: `key` names it in the journal, e.g. "r7kq2m4xa9/3/REQUEST"."""

    key: str
    recipient: str
    message: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "starttls", "tls" (implicit, from the first byte) or "none"
    user: str | None
    password: str | None = field(repr=False)
    timeout: float = 30


@dataclass
class Report:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False


def settings_from(host: str | None, port: int | None, security: str | None, user: str | None,
                  environ=os.environ) -> SmtpSettings:
    """Options first, then CONFKIT_SMTP_*; the password only from the environment, never argv."""
    host = host or environ.get("CONFKIT_SMTP_HOST")
    if not host:
        raise SendingProblem("no_host")
    security = security or environ.get("CONFKIT_SMTP_SECURITY") or "starttls"
    if security not in DEFAULT_PORTS:
        raise SendingProblem("bad_setting", name="security", expected="one of: starttls, tls, none", received=security)
    port = port or environ.get("CONFKIT_SMTP_PORT") or DEFAULT_PORTS[security]
    if not str(port).isdigit():
        raise SendingProblem("bad_setting", name="port", expected="a number such as 587", received=port)
    return SmtpSettings(host, int(port), security, user or environ.get("CONFKIT_SMTP_USER") or None,
                        environ.get("CONFKIT_SMTP_PASSWORD") or None)


class Journal:
    """EVENT/.confkit/sent.jsonl: one JSON line per message the server accepted, fsync'ed at once."""

    def __init__(self, path: Path, now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)):
        self.path, self.now = Path(path), now

    def sent(self) -> set[str]:
        """Keys of the lines that parse; a line cut by a crash mid-write is ignored (sent again)."""
        lines = self.path.read_bytes().split(b"\n") if self.path.exists() else []
        return {record["key"] for record in map(_entry, lines) if record}

    def record(self, item: Outgoing) -> None:
        """Append and fsync before the next message, so that no crash can make a rerun send it again."""
        at = self.now().astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
        line = json.dumps({"key": item.key, "recipient": item.recipient, "at": at}, ensure_ascii=False).encode()
        append_line(self.path, line)


def _entry(line: bytes) -> dict | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) and isinstance(record.get("key"), str) else None


def send(outgoing: Iterable[Outgoing], sender: str, settings: SmtpSettings, journal: Journal,
         rate: float | None = None, progress: Callable[[Outgoing, str], None] | None = None,
         clock=time.monotonic, sleep=time.sleep) -> Report:
    """Send what the journal does not list yet, over one connection, `rate` messages a minute at most.

    `progress(item, status)` is called once per item, status being "skipped", "sent", "failed"
    or "not_sent" (the server went away). A refused message does not stop the others; a
    dropped connection is reopened once and the message retried once, after which the run
    stops with `interrupted` set. KeyboardInterrupt propagates; the journal stays consistent.
    SendingProblem if the first connection fails: nothing was sent then.
    """
    report, done = Report(), journal.sent()
    progress = progress or (lambda item, status: None)

    def fresh() -> Iterator[Outgoing]:
        """Items not sent yet, taken one at a time: messages may be built only when their turn comes."""
        for item in outgoing:
            if item.key in done:  # sent by an earlier run, or listed twice in this one
                report.skipped.append(item.key)
                progress(item, "skipped")
            else:
                done.add(item.key)
                yield item

    items = fresh()
    first = next(items, None)
    if first is not None:
        run = _Run(settings, sender, journal, report, progress)
        try:
            run.all(chain([first], items), 60 / rate if rate else 0, clock, sleep)
        finally:
            run.close()
    return report


class _Gone(Exception):
    """The line dropped, and a new connection would not take the message either."""


class _Run:
    """One connection for all messages, reopened when it drops, and what came of each message."""

    def __init__(self, settings: SmtpSettings, sender: str, journal: Journal, report: Report, progress):
        self.settings, self.sender, self.journal, self.report, self.progress = (
            settings, sender, journal, report, progress)
        self.smtp: smtplib.SMTP | None = connect(settings)

    def all(self, pending: Iterable[Outgoing], interval: float, clock, sleep) -> None:
        """Each start `interval` seconds after the previous one, however long sending took."""
        next_start = clock()
        pending = iter(pending)
        for item in pending:
            if (wait := next_start - clock()) > 0:
                sleep(wait)
            next_start = clock() + interval
            try:
                reason = self.one(item)
            except _Gone:
                self.report.interrupted = True
                for rest in chain([item], pending):
                    self.outcome(rest, "not_sent", SERVER_GONE)
                return
            self.outcome(item, "failed" if reason else "sent", reason)

    def outcome(self, item: Outgoing, status: str, reason: str | None) -> None:
        if status == "sent":
            self.journal.record(item)  # not under one()'s except: an unwritable journal must stop the run
            self.report.sent.append(item.key)
        else:
            self.report.failed.append((item.key, reason))
        self.progress(item, status)

    def one(self, item: Outgoing) -> str | None:
        """The server's reason for refusing, or None once it accepted; retried once on a new line."""
        try:
            return _deliver(self.smtp, item, self.sender)
        except OSError:  # smtplib's errors, timeouts and resets are all OSErrors
            self.close()
            try:
                self.smtp = connect(self.settings)
            except SendingProblem as problem:
                raise _Gone from problem
        try:
            return _deliver(self.smtp, item, self.sender)
        except OSError as error:
            raise _Gone from error

    def close(self) -> None:
        if self.smtp is not None:
            self.smtp.close()  # not quit(): it would wait for a server that may be gone
            self.smtp = None


def _deliver(smtp: smtplib.SMTP, item: Outgoing, sender: str) -> str | None:
    if not _plain(item.recipient):
        return "not a plain ASCII email address"
    try:
        smtp.sendmail(sender, [item.recipient], item.message)
    except smtplib.SMTPRecipientsRefused as error:
        code, text = error.recipients[item.recipient]
    except smtplib.SMTPResponseException as error:
        code, text = error.smtp_code, error.smtp_error
    else:
        return None
    if code == 421:  # "closing the channel": nothing was accepted, worth a new connection
        raise smtplib.SMTPServerDisconnected(_reason(code, text))
    return _reason(code, text)


def _plain(address: str) -> bool:
    """Printable ASCII without spaces: anything else would break, or inject into, an SMTP command."""
    return bool(address) and address.isascii() and address.isprintable() and " " not in address


def _reason(code: int, text: bytes | str) -> str:
    return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """An open connection, encrypted and logged in as the settings say, or a SendingProblem."""
    smtp, failure = None, "cannot_connect"
    try:
        smtp = (smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                 context=ssl.create_default_context()) if settings.security == "tls"
                else smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout))
        if settings.security == "starttls":
            failure = "tls_failed"
            smtp.starttls(context=ssl.create_default_context())
        if settings.user:
            failure = "login_refused"
            smtp.login(settings.user, settings.password or "")
        return smtp
    except OSError as error:
        if smtp is not None:
            smtp.close()
        failure = "tls_failed" if isinstance(error, ssl.SSLError) else failure
        raise SendingProblem(failure, host=settings.host, port=settings.port, reason=_why(error)) from error


def _why(error: OSError) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return _reason(error.smtp_code, error.smtp_error)
    return str(error) or type(error).__name__
