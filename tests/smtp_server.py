"""A real SMTP server on 127.0.0.1 for tests: records what it accepts, refuses, drops, asks for a login.

Use the `smtp_server` fixture for a plain server, or `make_smtp_server(**options)` for one
that refuses recipients (for good, or for now with a 4xx), drops the line after N messages,
holds a message until told or requires AUTH; `make_tarpit(...)` gives a server that trickles
a reply one byte at a time, forever:

    from smtp_server import make_smtp_server, smtp_server  # noqa: F401  (pytest finds them here)
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import warnings
from collections import Counter
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

logging.getLogger("mail.log").setLevel(logging.CRITICAL)  # aiosmtpd warns about AUTH without TLS


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    content: bytes  # the message as the client sent it, dot-unstuffed, no header added


class Handler:
    """aiosmtpd hooks: what to accept, and a record of every accepted message and session."""

    def __init__(self, refuse=(), drop_after: int | None = None, stay_down: bool = True,
                 refuse_for_now: dict[str, int] | None = None, for_now_reply: str = "451 4.7.1 Try again later",
                 hold: int | None = None):
        self.refuse, self.drop_after, self.stay_down = set(refuse), drop_after, stay_down
        self.refuse_for_now, self.for_now_reply = Counter(refuse_for_now or {}), for_now_reply
        self.hold, self.holding, self.released = hold, threading.Event(), threading.Event()
        self.received: list[Received] = []
        self.rcpt_attempts: Counter[str] = Counter()
        self.sessions = 0
        self.down = False

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_attempts[address] += 1
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if self.refuse_for_now[address] > 0:
            self.refuse_for_now[address] -= 1
            return self.for_now_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), envelope.original_content))
        if len(self.received) == self.hold:  # the client waits for its 250 while other sessions go on
            self.holding.set()
            while not self.released.is_set():
                await asyncio.sleep(0.01)
        if self.drop_after is not None and len(self.received) % self.drop_after == 0:
            # Closing after the 250 is written: the client knows this one was accepted, not the next.
            asyncio.get_running_loop().call_soon(server.transport.close)
            self.down = self.stay_down
        return "250 OK queued"


class _Unavailable(asyncio.Protocol):
    """What a server going away says to new connections (RFC 5321 4.2.3)."""

    def connection_made(self, transport):
        transport.write(b"421 4.3.2 Service not available, closing transmission channel\r\n")
        transport.close()


class SmtpServer(Controller):
    """An aiosmtpd server in a thread, on a free port of 127.0.0.1."""

    def __init__(self, refuse=(), drop_after: int | None = None, stay_down: bool = True,
                 users: dict[str, str] | None = None, **handling):
        handler = Handler(refuse, drop_after, stay_down, **handling)
        auth = {"authenticator": _Authenticator(users), "auth_required": True} if users else {}
        super().__init__(handler, hostname="127.0.0.1", port=_free_port(), auth_require_tls=False, **auth)
        self.host = "127.0.0.1"

    def factory(self):
        return _Unavailable() if self.handler.down else super().factory()

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def sessions(self) -> int:
        """How many connections said EHLO."""
        return self.handler.sessions

    def release(self) -> None:
        """Answer the message held (`hold=N`: the Nth), and those after it, at once."""
        self.handler.released.set()

    def restart(self) -> None:
        """Back up after a drop, and no longer dropping."""
        self.handler.down, self.handler.drop_after = False, None

    def environ(self, user: str | None = None, password: str | None = None) -> dict[str, str]:
        """CONFKIT_SMTP_* variables pointing at this server, for CLI tests."""
        variables = {"CONFKIT_SMTP_HOST": self.host, "CONFKIT_SMTP_PORT": str(self.port),
                     "CONFKIT_SMTP_SECURITY": "none", "CONFKIT_SMTP_USER": user, "CONFKIT_SMTP_PASSWORD": password}
        return {name: value for name, value in variables.items() if value is not None}


class _Authenticator:
    def __init__(self, users: dict[str, str]):
        self.users = users

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and self.users.get(auth_data.login.decode()) == auth_data.password.decode())
        return AuthResult(success=ok, handled=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def make_smtp_server():
    """`make_smtp_server(refuse=..., drop_after=..., stay_down=..., users=...)`, stopped after the test."""
    servers = []

    def make(**options) -> SmtpServer:
        # Filters are process-wide, so this reaches the server thread; pytest restores them after the test.
        warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS", UserWarning)
        server = SmtpServer(**options)
        server.start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.release()
        server.stop()


@pytest.fixture
def smtp_server(make_smtp_server) -> SmtpServer:
    """A server that accepts everything, without login."""
    return make_smtp_server()


class Tarpit:
    """A server that answers normally up to `command` ("greeting": at once), then trickles that reply forever.

    The trickled reply is "2", then one more byte every `every` seconds, never the end of the line.
    """

    def __init__(self, command: str = "greeting", every: float = 1.0):
        self.command, self.every, self.closed = command.encode(), every, threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.host, self.port = "127.0.0.1", self.listener.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection, connection.makefile("rb") as lines:
            try:
                if self.command != b"greeting":
                    connection.sendall(b"220 tarpit.example ESMTP\r\n")
                    while not (line := lines.readline()).upper().startswith(self.command):
                        if not line:
                            return
                        connection.sendall(b"250 OK\r\n")
                connection.sendall(b"2")
                while not self.closed.wait(self.every):
                    connection.sendall(b"5")
            except OSError:
                return

    def close(self) -> None:
        self.closed.set()
        self.listener.close()


@pytest.fixture
def make_tarpit():
    """`make_tarpit(command="greeting" | "MAIL" | ..., every=1.0)`, closed after the test."""
    tarpits = []

    def make(**options) -> Tarpit:
        tarpits.append(Tarpit(**options))
        return tarpits[-1]

    yield make
    for tarpit in tarpits:
        tarpit.close()
