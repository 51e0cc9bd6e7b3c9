"""The SMTP connection: encrypted and logged in as asked, and every reply bounded by a deadline.

A tarpit that sends one byte every few seconds never trips a socket timeout, so each whole
reply (the greeting included) must arrive within `SmtpSettings.deadline`. A password never
crosses a network in clear: AUTH without encryption is refused except to this machine.
"""

from __future__ import annotations

import ipaddress
import os
import smtplib
import ssl
import time
from dataclasses import dataclass, field

from confkit.errors import UserError

DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


class SendingProblem(UserError):
    """The SMTP settings or the server stop the sending: nothing more is sent."""


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "starttls", "tls" (implicit, from the first byte) or "none"
    user: str | None
    password: str | None = field(repr=False)
    timeout: float = 30  # without a byte from the server
    deadline: float = 120  # for each whole reply, the greeting included


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
    user = user or environ.get("CONFKIT_SMTP_USER") or None
    _refuse_plain_auth(host, security, user)  # before a password is asked for
    return SmtpSettings(host, int(port), security, user, environ.get("CONFKIT_SMTP_PASSWORD") or None)


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """An open connection, encrypted and logged in as the settings say, or a SendingProblem."""
    _refuse_plain_auth(settings.host, settings.security, settings.user)
    smtp, failure = None, "cannot_connect"
    try:
        smtp = (_BoundedSSL(settings.host, settings.port, timeout=settings.timeout, deadline=settings.deadline,
                            context=ssl.create_default_context()) if settings.security == "tls"
                else _Bounded(settings.host, settings.port, timeout=settings.timeout, deadline=settings.deadline))
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
        if _too_slow(error):
            raise SendingProblem("smtp_too_slow", host=settings.host, port=settings.port,
                                 seconds=f"{settings.deadline:g}") from error
        failure = "tls_failed" if isinstance(error, ssl.SSLError) else failure
        raise SendingProblem(failure, host=settings.host, port=settings.port, reason=_why(error)) from error


def _refuse_plain_auth(host: str, security: str, user: str | None) -> None:
    """No password in clear across a network: anyone on the path could read it."""
    if user and security == "none" and not _loopback(host):
        raise SendingProblem("plain_auth_refused", host=host)


def _loopback(host: str) -> bool:
    """A server on this machine: a password sent to it in clear never crosses a network."""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _TooSlow(TimeoutError):
    """A reply did not arrive whole within the deadline."""


def _too_slow(error: BaseException | None) -> bool:
    """Whether `error` comes from _TooSlow (smtplib turns it into SMTPServerDisconnected, keeping it as context)."""
    while error is not None and not isinstance(error, _TooSlow):
        error = error.__cause__ or error.__context__
    return error is not None


class _Bounded(smtplib.SMTP):
    """smtplib.SMTP where each reply, however many lines, must arrive within `deadline` seconds."""

    def __init__(self, *args, deadline: float, **kwargs):
        self.deadline = deadline
        super().__init__(*args, **kwargs)

    def getreply(self):
        if self.file is None and self.sock is not None:  # a new connection, or the line encrypted by STARTTLS
            self.file = _Reader(self.sock, self.timeout)
        if isinstance(self.file, _Reader):
            self.file.until = time.monotonic() + self.deadline
        return super().getreply()


class _BoundedSSL(_Bounded, smtplib.SMTP_SSL):
    """smtplib.SMTP_SSL (TLS from the first byte) with the same deadline for each reply."""


class _Reader:
    """What smtplib reads replies with (`readline`, `close`), giving up at `until` however slowly bytes come."""

    def __init__(self, sock, timeout: float):
        self.sock, self.timeout, self.buffer, self.until = sock, timeout, b"", float("inf")

    def readline(self, limit: int) -> bytes:
        while b"\n" not in self.buffer and len(self.buffer) < limit:
            if not (chunk := self._receive()):
                break
            self.buffer += chunk
        end = self.buffer.find(b"\n", 0, limit) + 1 or min(limit, len(self.buffer))
        line, self.buffer = self.buffer[:end], self.buffer[end:]
        return line

    def _receive(self) -> bytes:
        left = self.until - time.monotonic()
        if left <= 0:
            raise _TooSlow("no whole reply within the deadline")
        self.sock.settimeout(min(left, self.timeout))
        try:
            return self.sock.recv(4096)
        except TimeoutError:
            if time.monotonic() >= self.until:
                raise _TooSlow("no whole reply within the deadline") from None
            raise
        finally:
            self.sock.settimeout(self.timeout)  # what smtplib's writes expect

    def close(self) -> None:
        pass  # the socket is smtplib's to close


def _reason(code: int, text: bytes | str) -> str:
    return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"


def _why(error: OSError) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return _reason(error.smtp_code, error.smtp_error)
    return str(error) or type(error).__name__
