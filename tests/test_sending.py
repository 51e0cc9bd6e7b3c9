"""Sending over a real SMTP server on 127.0.0.1: exactly once per key, across drops and reruns."""

from __future__ import annotations

import datetime as dt
import json
import socket
from collections import Counter

import pytest
from smtp_server import Received

from confkit.state import State
from confkit.invites.sending import (SERVER_GONE, Journal, Outgoing, SendingProblem, SmtpSettings, connect, send,
                             settings_from)

SENDER = "contact@example.org"
NOW = dt.datetime(2024, 5, 1, 8, 30, tzinfo=dt.timezone.utc)


def outgoing(count: int) -> list[Outgoing]:
    """Messages with 8-bit text and lines starting with dots, which SMTP must carry unchanged."""
    return [Outgoing(f"r{n:02}/1/REQUEST", f"person{n}@example.org",
                     (f"From: Study day <{SENDER}>\r\nTo: person{n}@example.org\r\nSubject: Invitation {n}\r\n"
                      f"Message-ID: <r{n:02}.1@confkit.test>\r\nMIME-Version: 1.0\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                      "Bonjour Zoé,\r\n.\r\n..deux points\r\n").encode())
            for n in range(1, count + 1)]


def settings(server, user=None, password=None) -> SmtpSettings:
    return SmtpSettings(server.host, server.port, "none", user, password, timeout=5)


def journal(tmp_path) -> Journal:
    return Journal(State(tmp_path).journal_path, now=lambda: NOW)


class FakeTime:
    """A clock that only moves when slept on, or when a test says sending took time."""

    def __init__(self):
        self.now, self.sleeps = 0.0, []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_send_delivers_exactly_the_bytes_given_over_one_connection(smtp_server, tmp_path):
    items = outgoing(20)

    report = send(items, SENDER, settings(smtp_server), journal(tmp_path))

    assert smtp_server.received == [Received(SENDER, (item.recipient,), item.message) for item in items]
    assert report.sent == [item.key for item in items]
    assert (report.skipped, report.failed, report.interrupted) == ([], [], False)
    assert smtp_server.sessions == 1


def test_send_journals_each_accepted_message_as_one_json_line(smtp_server, tmp_path):
    send(outgoing(2), SENDER, settings(smtp_server), journal(tmp_path))

    lines = (tmp_path / ".confkit" / "sent.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == [
        {"key": "r01/1/REQUEST", "recipient": "person1@example.org", "at": "2024-05-01T08:30:00Z"},
        {"key": "r02/1/REQUEST", "recipient": "person2@example.org", "at": "2024-05-01T08:30:00Z"}]


def test_send_reports_a_refused_recipient_with_the_server_reason_and_delivers_the_others(make_smtp_server, tmp_path):
    server = make_smtp_server(refuse={"person2@example.org"})
    items = outgoing(3)
    statuses = []

    report = send(items, SENDER, settings(server), journal(tmp_path),
                  progress=lambda item, status: statuses.append((item.key, status)))

    assert report.failed == [("r02/1/REQUEST",
                              "550 5.1.1 <person2@example.org>: Recipient address rejected: User unknown")]
    assert report.sent == ["r01/1/REQUEST", "r03/1/REQUEST"]
    assert [r.rcpt_tos for r in server.received] == [("person1@example.org",), ("person3@example.org",)]
    assert statuses == [("r01/1/REQUEST", "sent"), ("r02/1/REQUEST", "failed"), ("r03/1/REQUEST", "sent")]
    assert journal(tmp_path).sent() == {"r01/1/REQUEST", "r03/1/REQUEST"}


def test_send_refuses_a_recipient_that_would_inject_an_smtp_command(smtp_server, tmp_path):
    items = outgoing(2)
    items[0] = Outgoing("bad/1/REQUEST", "x@example.org>\r\nRCPT TO:<victim@example.org", b"Subject: x\r\n\r\nx\r\n")

    report = send(items, SENDER, settings(smtp_server), journal(tmp_path))

    assert report.failed == [("bad/1/REQUEST", "not a plain ASCII email address")]
    assert [r.rcpt_tos for r in smtp_server.received] == [("person2@example.org",)]


def test_send_stops_when_the_server_goes_away_and_the_next_run_sends_the_rest_once(make_smtp_server, tmp_path):
    server = make_smtp_server(drop_after=7)
    items = outgoing(20)
    keys = [item.key for item in items]

    first = send(items, SENDER, settings(server), journal(tmp_path))

    assert first.interrupted is True
    assert first.sent == keys[:7]
    assert first.failed == [(key, SERVER_GONE) for key in keys[7:]]
    assert journal(tmp_path).sent() == set(keys[:7])

    server.restart()
    second = send(items, SENDER, settings(server), journal(tmp_path))

    assert (second.skipped, second.sent, second.failed, second.interrupted) == (keys[:7], keys[7:], [], False)
    assert Counter(r.rcpt_tos[0] for r in server.received) == {item.recipient: 1 for item in items}
    assert journal(tmp_path).sent() == set(keys)


def test_send_reconnects_when_the_line_drops_and_goes_on(make_smtp_server, tmp_path):
    server = make_smtp_server(drop_after=5, stay_down=False)
    items = outgoing(20)

    report = send(items, SENDER, settings(server), journal(tmp_path))

    assert (report.sent, report.interrupted) == ([item.key for item in items], False)
    assert [r.content for r in server.received] == [item.message for item in items]
    assert server.sessions == 4


def test_send_skips_what_the_journal_lists_without_connecting(smtp_server, tmp_path):
    items = outgoing(3)
    for item in items:
        journal(tmp_path).record(item)

    report = send(items, SENDER, settings(smtp_server), journal(tmp_path))

    assert (report.skipped, report.sent) == ([item.key for item in items], [])
    assert (smtp_server.received, smtp_server.sessions) == ([], 0)


def test_send_after_ctrl_c_keeps_the_journal_and_the_rerun_sends_each_once(smtp_server, tmp_path):
    items = outgoing(6)

    def interrupt_after_third(item, status):
        if item is items[2]:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        send(items, SENDER, settings(smtp_server), journal(tmp_path), progress=interrupt_after_third)
    assert journal(tmp_path).sent() == {item.key for item in items[:3]}

    report = send(items, SENDER, settings(smtp_server), journal(tmp_path))

    assert report.sent == [item.key for item in items[3:]]
    assert [r.content for r in smtp_server.received] == [item.message for item in items]


def test_journal_ignores_a_line_cut_by_a_crash_and_appends_on_a_line_of_its_own(tmp_path):
    path = tmp_path / ".confkit" / "sent.jsonl"
    path.parent.mkdir()
    path.write_bytes(b'{"key": "a/1/REQUEST", "recipient": "a@example.org", "at": "2024-05-01T08:00:00Z"}\n'
                     b'{"key": "b/1/REQUEST", "recipi')

    assert journal(tmp_path).sent() == {"a/1/REQUEST"}

    journal(tmp_path).record(Outgoing("c/1/REQUEST", "c@example.org", b""))

    assert journal(tmp_path).sent() == {"a/1/REQUEST", "c/1/REQUEST"}
    assert path.read_bytes().splitlines()[1:] == [
        b'{"key": "b/1/REQUEST", "recipi',
        b'{"key": "c/1/REQUEST", "recipient": "c@example.org", "at": "2024-05-01T08:30:00Z"}']


def test_journal_of_a_new_event_is_empty(tmp_path):
    assert journal(tmp_path).sent() == set()


def test_send_spaces_messages_60_over_rate_seconds_apart(smtp_server, tmp_path):
    time = FakeTime()

    send(outgoing(4), SENDER, settings(smtp_server), journal(tmp_path), rate=12, clock=time.clock, sleep=time.sleep)

    assert time.sleeps == [5.0, 5.0, 5.0]


def test_send_counts_the_time_spent_sending_in_the_spacing(smtp_server, tmp_path):
    time = FakeTime()

    def two_seconds_each(item, status):
        time.now += 2

    send(outgoing(4), SENDER, settings(smtp_server), journal(tmp_path), rate=12, progress=two_seconds_each,
         clock=time.clock, sleep=time.sleep)

    assert time.sleeps == [3.0, 3.0, 3.0]


def test_send_after_a_slow_message_does_not_catch_up_in_a_burst(smtp_server, tmp_path):
    time = FakeTime()

    def first_takes_twelve_seconds(item, status):
        time.now += 12 if item.key == "r01/1/REQUEST" else 0

    send(outgoing(4), SENDER, settings(smtp_server), journal(tmp_path), rate=12, progress=first_takes_twelve_seconds,
         clock=time.clock, sleep=time.sleep)

    assert time.sleeps == [5.0, 5.0]


def test_send_without_rate_never_sleeps(smtp_server, tmp_path):
    time = FakeTime()

    send(outgoing(4), SENDER, settings(smtp_server), journal(tmp_path), clock=time.clock, sleep=time.sleep)

    assert time.sleeps == []


def test_send_logs_in_with_user_and_password(make_smtp_server, tmp_path):
    server = make_smtp_server(users={"organiser": "s3cret"})

    report = send(outgoing(2), SENDER, settings(server, "organiser", "s3cret"), journal(tmp_path))

    assert report.sent == ["r01/1/REQUEST", "r02/1/REQUEST"]
    assert len(server.received) == 2


def test_send_with_a_wrong_password_is_login_refused(make_smtp_server, tmp_path):
    server = make_smtp_server(users={"organiser": "s3cret"})

    with pytest.raises(SendingProblem) as raised:
        send(outgoing(2), SENDER, settings(server, "organiser", "wrong"), journal(tmp_path))

    assert raised.value.code == "login_refused"
    assert str(raised.value) == ("the SMTP server refused the login (535 5.7.8 Authentication credentials invalid); "
                                 "check CONFKIT_SMTP_USER and the password")
    assert (server.received, journal(tmp_path).sent()) == ([], set())


def test_connect_to_a_port_nobody_listens_on_is_cannot_connect():
    with socket.socket() as bound_not_listening:
        bound_not_listening.bind(("127.0.0.1", 0))
        port = bound_not_listening.getsockname()[1]
        with pytest.raises(SendingProblem) as raised:
            connect(SmtpSettings("127.0.0.1", port, "none", None, None, timeout=5))

    assert raised.value.params == {"host": "127.0.0.1", "port": port, "reason": "[Errno 111] Connection refused"}
    assert str(raised.value) == (f"cannot connect to the SMTP server 127.0.0.1:{port} ([Errno 111] Connection "
                                 "refused); check the host, the port and the security (starttls, tls, none)")


def test_connect_with_starttls_to_a_server_without_it_is_tls_failed(smtp_server):
    with pytest.raises(SendingProblem) as raised:
        connect(SmtpSettings(smtp_server.host, smtp_server.port, "starttls", None, None, timeout=5))

    assert raised.value.message("en") == ("encryption with the SMTP server failed (STARTTLS extension not supported by "
                                          "server.); check the security setting and the port")


def test_connect_with_implicit_tls_to_a_plain_server_is_tls_failed(smtp_server):
    with pytest.raises(SendingProblem) as raised:
        connect(SmtpSettings(smtp_server.host, smtp_server.port, "tls", None, None, timeout=5))

    assert raised.value.code == "tls_failed"


def test_settings_from_prefers_options_and_reads_the_rest_from_the_environment():
    environ = {"CONFKIT_SMTP_HOST": "smtp.env.example", "CONFKIT_SMTP_PORT": "2525", "CONFKIT_SMTP_SECURITY": "tls",
               "CONFKIT_SMTP_USER": "env-user", "CONFKIT_SMTP_PASSWORD": "env-secret"}

    assert settings_from(None, None, None, None, environ) == SmtpSettings(
        "smtp.env.example", 2525, "tls", "env-user", "env-secret")
    assert settings_from("smtp.option.example", 26, "none", "option-user", environ) == SmtpSettings(
        "smtp.option.example", 26, "none", "option-user", "env-secret")


@pytest.mark.parametrize(("security", "port"), [(None, 587), ("starttls", 587), ("tls", 465), ("none", 25)])
def test_settings_from_defaults_the_port_by_security(security, port):
    settings = settings_from("smtp.example.org", None, security, None, {})

    assert (settings.port, settings.security, settings.user, settings.password) == (port, security or "starttls",
                                                                                    None, None)


def test_settings_from_without_a_host_is_no_host():
    with pytest.raises(SendingProblem) as raised:
        settings_from(None, None, None, None, {"CONFKIT_SMTP_PORT": "25"})

    assert raised.value.code == "no_host"
    assert raised.value.message("fr") == ("aucun serveur SMTP indiqué ; définissez CONFKIT_SMTP_HOST ou indiquez le "
                                          "nom du serveur")


def test_settings_from_an_unknown_security_says_what_is_expected():
    with pytest.raises(SendingProblem) as raised:
        settings_from("smtp.example.org", None, "ssl", None, {})

    assert str(raised.value) == "SMTP security: expected one of: starttls, tls, none; received: ssl"


def test_settings_password_stays_out_of_repr():
    assert "s3cret" not in repr(SmtpSettings("smtp.example.org", 587, "starttls", "organiser", "s3cret"))
