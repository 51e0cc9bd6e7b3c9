"""A real SMTP server on 127.0.0.1 for tests: records what it accepts, refuses, drops, asks for a login.

Use the `smtp_server` fixture for a plain server, or `make_smtp_server(**options)` for one
that refuses recipients, drops the line after N messages or requires AUTH:

    from smtp_server import make_smtp_server, smtp_server  # noqa: F401  (pytest finds them here)
"""

from __future__ import annotations

import asyncio
import logging
import socket
import warnings
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

    def __init__(self, refuse=(), drop_after: int | None = None, stay_down: bool = True):
        self.refuse, self.drop_after, self.stay_down = set(refuse), drop_after, stay_down
        self.received: list[Received] = []
        self.sessions = 0
        self.down = False

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), envelope.original_content))
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
                 users: dict[str, str] | None = None):
        handler = Handler(refuse, drop_after, stay_down)
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
        server.stop()


@pytest.fixture
def smtp_server(make_smtp_server) -> SmtpServer:
    """A server that accepts everything, without login."""
    return make_smtp_server()
