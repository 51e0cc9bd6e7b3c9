"""Send prepared emails over SMTP, resumably: each version of a message once.

A journal line is appended and fsync'ed as soon as the server has answered 250 to a
message's DATA, and a message is sent only if its key is not in the journal. So a crash,
a Ctrl-C or a lost server costs at most the message in flight, and running the same
command again sends exactly what is missing. A run holds a lock beside the journal from
before it reads it to its end, so that a second run at the same time (two terminals, a
double click) is refused instead of sending everything again; a journal that cannot be
written stops the run before the next message.

Every reply of the server must arrive whole within `SmtpSettings.deadline` (a tarpit that
sends a byte every few seconds never trips a socket timeout); 4xx answers are tried again
later in the same run, `RETRY_AFTER` seconds apart, then reported as failed.

SMTP itself leaves two windows where a message can go twice, never where one is lost: the
process dying between the server's 250 and the fsync, and the line dropping after the
final dot but before the 250 arrives (the message is retried; the server may have queued it).
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import json
import smtplib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from confkit import state
from confkit.invites.smtp import SendingProblem, SmtpSettings, _reason, connect

SERVER_GONE = "not sent (server gone)"
RETRY_AFTER = (20, 60, 180)  # seconds after each temporary (4xx) refusal; then the message has failed

@dataclass(frozen=True, slots=True)
class Outgoing:
    """One version of one message: `key` names it in the journal, e.g. "r7kq2m4xa9/3/REQUEST"."""

    key: str
    recipient: str
    message: bytes = field(repr=False)


@dataclass
class Report:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False


class Journal:
    """EVENT/.confkit/sent.jsonl: one JSON line per message the server accepted, fsync'ed at once."""

    def __init__(self, path: Path, now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)):
        self.path, self.now = Path(path), now

    def sent(self) -> set[str]:
        """Keys of the lines that parse; a line cut by a crash mid-write is ignored (sent again)."""
        try:
            lines = self.path.read_bytes().split(b"\n") if self.path.exists() else []
        except OSError as error:
            raise SendingProblem("journal_unreadable", path=str(self.path), error=_strerror(error)) from None
        return {record["key"] for record in map(_entry, lines) if record}

    def lock(self):
        """The journal for this run alone, until the returned file is closed; SendingProblem if another run has it."""
        try:
            return state.lock(self.path)
        except BlockingIOError:
            raise SendingProblem("sending_busy", path=str(self.path)) from None
        except OSError as error:
            raise SendingProblem("journal_unwritable", path=str(self.path), error=_strerror(error)) from None

    def record(self, item: Outgoing) -> None:
        """Append and fsync before the next message, so that no crash can make a rerun send it again.

        SendingProblem if the line cannot be written: the run must stop, the message having gone unrecorded.
        """
        at = self.now().astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
        line = json.dumps({"key": item.key, "recipient": item.recipient, "at": at}, ensure_ascii=False).encode()
        try:
            state.append_line(self.path, line)
        except OSError as error:
            raise SendingProblem("journal_failed", path=str(self.path), error=_strerror(error), version=item.key,
                                 recipient=item.recipient) from None


def _strerror(error: OSError) -> str:
    return error.strerror or str(error)


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
    or "not_sent" (the server went away). A refused message does not stop the others, and one
    refused for now (4xx) is tried again after the others, up to len(RETRY_AFTER) times; a
    dropped connection is reopened once and the message retried once, after which the run
    stops with `interrupted` set. KeyboardInterrupt propagates; the journal stays consistent.
    SendingProblem if another run holds the journal, if the first connection fails (nothing
    was sent then) or if the journal cannot be written (the message just sent is named).
    """
    with journal.lock():
        return _send(outgoing, sender, settings, journal, rate, progress or (lambda item, status: None), clock, sleep)


def _send(outgoing, sender, settings, journal, rate, progress, clock, sleep) -> Report:
    report, done = Report(), journal.sent()  # read under the lock: what another run sent meanwhile is skipped

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


class _Later:
    """Messages refused for now (4xx), each due again at a time of the run's clock."""

    def __init__(self, clock, sleep):
        self.clock, self.sleep, self.due, self.order = clock, sleep, [], itertools.count()

    def add(self, item: Outgoing, attempt: int, after: float) -> None:
        heapq.heappush(self.due, (self.clock() + after, next(self.order), attempt, item))

    def turns(self, pending: Iterator[Outgoing]) -> Iterator[tuple[Outgoing, int]]:
        """(item, attempt): a refused one as soon as its time has come, else the next new one, else wait.

        A new item is taken from `pending` only when it is its turn: what is left there was never tried.
        """
        while True:
            if self.due and self.due[0][0] <= self.clock():
                yield self.take()
            elif (item := next(pending, None)) is not None:
                yield item, 0
            elif self.due:
                self.sleep(self.due[0][0] - self.clock())
            else:
                return

    def take(self) -> tuple[Outgoing, int]:
        _due, _order, attempt, item = heapq.heappop(self.due)
        return item, attempt

    def rest(self) -> list[Outgoing]:
        return [item for *_, item in sorted(self.due, key=lambda entry: entry[:2])]


class _Run:
    """One connection for all messages, reopened when it drops, and what came of each message."""

    def __init__(self, settings: SmtpSettings, sender: str, journal: Journal, report: Report, progress):
        self.settings, self.sender, self.journal, self.report, self.progress = (
            settings, sender, journal, report, progress)
        self.smtp: smtplib.SMTP | None = connect(settings)

    def all(self, pending: Iterable[Outgoing], interval: float, clock, sleep) -> None:
        """Each start `interval` seconds after the previous one, however long sending took."""
        next_start, pending, later = clock(), iter(pending), _Later(clock, sleep)
        for item, attempt in later.turns(pending):
            if (wait := next_start - clock()) > 0:
                sleep(wait)
            next_start = clock() + interval
            try:
                reason = self.one(item)
            except _Gone:
                self.report.interrupted = True
                for rest in chain([item], pending, later.rest()):
                    self.outcome(rest, "not_sent", SERVER_GONE)
                return
            if reason and _temporary(reason) and attempt < len(RETRY_AFTER):
                later.add(item, attempt + 1, RETRY_AFTER[attempt])
            else:
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
            if self.smtp is not None:  # None after a 421, which closes the line
                return self.closing_on_421(_deliver(self.smtp, item, self.sender))
        except OSError:  # smtplib's errors, timeouts and resets are all OSErrors
            self.close()
        try:
            self.smtp = connect(self.settings)
        except SendingProblem as problem:
            raise _Gone from problem
        try:
            return self.closing_on_421(_deliver(self.smtp, item, self.sender))
        except OSError as error:
            raise _Gone from error

    def closing_on_421(self, reason: str | None) -> str | None:
        if reason and reason.startswith("421"):  # "closing the channel": the next message needs a new line
            self.close()
        return reason

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
    return _reason(code, text)


def _temporary(reason: str) -> bool:
    """A 4xx answer: the server asks to try again later (busy, greylisting, a limit reached)."""
    return reason[:1] == "4" and reason[:3].isdigit()


def _plain(address: str) -> bool:
    """Printable ASCII without spaces: anything else would break, or inject into, an SMTP command."""
    return bool(address) and address.isascii() and address.isprintable() and " " not in address
