"""Sending over a real SMTP server on 127.0.0.1: exactly once per key, across drops and reruns."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import threading
import time as real_time
from collections import Counter

import pytest
from smtp_server import Received

from confkit.state import State
from confkit.invites.sending import RETRY_AFTER, SERVER_GONE, Journal, Outgoing, send
from confkit.invites.smtp import SendingProblem, SmtpSettings, connect, settings_from

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
    assert settings_from("smtp.option.example", 26, "starttls", "option-user", environ) == SmtpSettings(
        "smtp.option.example", 26, "starttls", "option-user", "env-secret")


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


def within(seconds: float, action):
    """`action()`'s result or exception, failing the test if it has not ended after `seconds` (it may never)."""
    outcome = {}

    def run():
        try:
            outcome["result"] = action()
        except BaseException as error:  # handed back to the test below
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    started = real_time.monotonic()
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"], real_time.monotonic() - started


def test_send_to_a_server_that_trickles_its_greeting_gives_up_at_the_deadline(make_tarpit, tmp_path):
    tarpit = make_tarpit(every=0.2)
    slow = SmtpSettings(tarpit.host, tarpit.port, "none", None, None, timeout=5, deadline=1.5)

    with pytest.raises(SendingProblem) as raised:
        within(10, lambda: send(outgoing(2), SENDER, slow, journal(tmp_path)))

    assert str(raised.value) == (f"the SMTP server 127.0.0.1:{tarpit.port} did not answer within 1.5 s (its reply "
                                 "trickles in too slowly, or not at all); check the host and the port, or try again "
                                 "later")
    assert journal(tmp_path).sent() == set()


def test_send_to_a_server_that_trickles_a_reply_stops_the_run_in_bounded_time(make_tarpit, tmp_path):
    tarpit = make_tarpit(command="MAIL", every=0.2)
    slow = SmtpSettings(tarpit.host, tarpit.port, "none", None, None, timeout=5, deadline=1)

    report, seconds = within(10, lambda: send(outgoing(3), SENDER, slow, journal(tmp_path)))

    assert (report.sent, report.interrupted) == ([], True)
    assert report.failed == [(item.key, SERVER_GONE) for item in outgoing(3)]
    assert tarpit.connections == 2  # the line is opened again once, as after any drop
    assert seconds < 4


@pytest.mark.parametrize(("reply", "sessions"), [("421 4.7.0 Too many messages, closing connection", 3),
                                                 ("450 4.2.1 Mailbox busy", 1),
                                                 ("451 4.7.1 Greylisted, try again later", 1),
                                                 ("452 4.5.3 Too many recipients", 1)])
def test_send_tries_a_message_refused_for_now_again_later_in_the_run(make_smtp_server, tmp_path, reply, sessions):
    server = make_smtp_server(refuse_for_now={"person2@example.org": 2}, for_now_reply=reply)
    items, time = outgoing(4), FakeTime()

    report = send(items, SENDER, settings(server), journal(tmp_path), clock=time.clock, sleep=time.sleep)

    assert report.sent == ["r01/1/REQUEST", "r03/1/REQUEST", "r04/1/REQUEST", "r02/1/REQUEST"]
    assert (report.failed, report.interrupted) == ([], False)
    assert time.sleeps == [20, 60]
    assert Counter(r.rcpt_tos[0] for r in server.received) == {item.recipient: 1 for item in items}
    assert server.handler.rcpt_attempts["person2@example.org"] == 3
    assert server.sessions == sessions  # a 421 closes the line: the next message opens a new one


def test_send_gives_up_on_a_message_refused_for_now_after_the_last_retry(make_smtp_server, tmp_path):
    server = make_smtp_server(refuse_for_now={"person1@example.org": 99})
    time = FakeTime()
    statuses = []

    report = send(outgoing(2), SENDER, settings(server), journal(tmp_path), clock=time.clock, sleep=time.sleep,
                  progress=lambda item, status: statuses.append((item.key, status)))

    assert report.failed == [("r01/1/REQUEST", "451 4.7.1 Try again later")]
    assert time.sleeps == list(RETRY_AFTER) == [20, 60, 180]
    assert server.handler.rcpt_attempts["person1@example.org"] == 1 + len(RETRY_AFTER)
    assert statuses == [("r02/1/REQUEST", "sent"), ("r01/1/REQUEST", "failed")]  # each item told once


def test_send_retries_refused_messages_between_new_ones_when_their_time_comes(make_smtp_server, tmp_path):
    server = make_smtp_server(refuse_for_now={"person1@example.org": 1})
    time = FakeTime()

    report = send(outgoing(8), SENDER, settings(server), journal(tmp_path), rate=6, clock=time.clock,
                  sleep=time.sleep)

    assert report.sent[:3] == ["r02/1/REQUEST", "r03/1/REQUEST", "r01/1/REQUEST"]  # due 20 s after its refusal
    assert time.sleeps == [10.0] * 8  # 8 messages and one retry, 10 s apart


def test_send_when_the_server_goes_away_during_a_retry_reports_every_message_once(make_smtp_server, tmp_path):
    server = make_smtp_server(refuse_for_now={"person1@example.org": 1}, drop_after=2)
    items, time, statuses = outgoing(6), FakeTime(), []

    report = send(items, SENDER, settings(server), journal(tmp_path), rate=6, clock=time.clock, sleep=time.sleep,
                  progress=lambda item, status: statuses.append(item.key))

    assert report.sent == ["r02/1/REQUEST", "r03/1/REQUEST"]  # then the retry of r01 finds the server gone
    assert report.failed == [(key, SERVER_GONE) for key in ("r01/1/REQUEST", "r04/1/REQUEST", "r05/1/REQUEST",
                                                            "r06/1/REQUEST")]
    assert sorted(statuses) == [item.key for item in items]


def test_send_does_not_retry_a_permanent_refusal(make_smtp_server, tmp_path):
    server = make_smtp_server(refuse={"person1@example.org"})
    time = FakeTime()

    report = send(outgoing(2), SENDER, settings(server), journal(tmp_path), clock=time.clock, sleep=time.sleep)

    assert [key for key, _reason in report.failed] == ["r01/1/REQUEST"]
    assert (time.sleeps, server.handler.rcpt_attempts["person1@example.org"]) == ([], 1)


def _directory_instead(path):
    path.unlink()
    path.mkdir()
    return "Is a directory"


def _full_disk(path):
    path.unlink()
    path.symlink_to("/dev/full")
    return "No space left on device"


@pytest.mark.parametrize("break_journal", [_directory_instead, _full_disk])
def test_send_stops_before_the_next_message_when_the_journal_cannot_be_written(smtp_server, tmp_path, break_journal):
    if break_journal is _full_disk and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    path = State(tmp_path).journal_path
    broken = []

    def after_the_first(item, status):
        broken.append(break_journal(path))

    with pytest.raises(SendingProblem) as raised:
        send(outgoing(4), SENDER, settings(smtp_server), journal(tmp_path), progress=after_the_first)

    assert [r.rcpt_tos for r in smtp_server.received] == [("person1@example.org",), ("person2@example.org",)]
    assert str(raised.value) == (
        f"the message to person2@example.org (r02/1/REQUEST) was probably sent (the server accepted it) but could "
        f"not be written to the sent-journal {path} ({broken[0]}); sending stopped before the next message: fix the "
        "journal, then run the same command again, and person2@example.org will receive this message a second time")


def test_send_with_an_unreadable_journal_sends_nothing(smtp_server, tmp_path):
    path = State(tmp_path).journal_path
    path.mkdir(parents=True)

    with pytest.raises(SendingProblem) as raised:
        send(outgoing(2), SENDER, settings(smtp_server), journal(tmp_path))

    assert raised.value.code == "journal_unreadable"
    assert raised.value.params == {"path": str(path), "error": "Is a directory"}
    assert (smtp_server.received, smtp_server.sessions) == ([], 0)


def test_send_refuses_to_log_in_over_an_unencrypted_line_to_another_machine(tmp_path):
    unencrypted = SmtpSettings("smtp.example.org", 25, "none", "organiser", "s3cret")

    with pytest.raises(SendingProblem) as raised:
        send(outgoing(1), SENDER, unencrypted, journal(tmp_path))

    assert raised.value.message("en") == (
        "the SMTP password would travel unencrypted to smtp.example.org (security none); nothing was sent: use "
        "--smtp-security starttls or tls, or a relay on this machine (localhost)")


def test_settings_from_refuses_a_login_without_encryption_before_any_password_is_asked():
    with pytest.raises(SendingProblem) as raised:
        settings_from("192.0.2.25", None, "none", "organiser", {})

    assert (raised.value.code, raised.value.params) == ("plain_auth_refused", {"host": "192.0.2.25"})


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_settings_from_allows_a_login_without_encryption_on_this_machine(host):
    assert settings_from(host, None, "none", "organiser", {}).user == "organiser"
