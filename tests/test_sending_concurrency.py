"""Two sends at once (two terminals, a double click): each person still receives each message once."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from test_sending import SENDER, journal, outgoing, settings

from confkit import synthetic
from confkit.invites.sending import Journal, SendingProblem, send
from confkit.state import State, lock
from confkit.writing import write_xlsx


def test_a_second_send_while_the_first_is_under_way_is_refused_and_sends_nothing(smtp_server, tmp_path):
    items = outgoing(6)
    second = []

    def start_another_run(item, status):
        if item is items[1]:
            with pytest.raises(SendingProblem) as raised:
                send(items, SENDER, settings(smtp_server), journal(tmp_path))
            second.append(raised.value)

    first = send(items, SENDER, settings(smtp_server), journal(tmp_path), progress=start_another_run)

    assert first.sent == [item.key for item in items]
    assert str(second[0]) == (f"another confkit run is sending these invitations (it holds "
                              f"{State(tmp_path).journal_path}); nothing was sent: let it finish, then run the same "
                              "command again to send what it left")
    assert Counter(r.rcpt_tos[0] for r in smtp_server.received) == {item.recipient: 1 for item in items}
    assert smtp_server.sessions == 1


class _Watched(Journal):
    """A journal that notes, each time it is read, whether another open of its lock would be refused."""

    def sent(self) -> set[str]:
        try:
            lock(self.path).close()
        except BlockingIOError:
            self.reads_locked = True
        else:
            self.reads_locked = False
        return super().sent()


def test_send_reads_the_journal_while_holding_its_lock(smtp_server, tmp_path):
    watched = _Watched(State(tmp_path).journal_path)
    for item in outgoing(2):
        watched.record(item)  # sent by a run that ended after this one made its list

    report = send(outgoing(3), SENDER, settings(smtp_server), watched)

    assert watched.reads_locked is True
    assert (report.skipped, report.sent) == (["r01/1/REQUEST", "r02/1/REQUEST"], ["r03/1/REQUEST"])


def test_send_leaves_the_journal_unlocked_when_it_ends_in_a_problem(make_smtp_server, tmp_path):
    server = make_smtp_server(users={"organiser": "s3cret"})
    with pytest.raises(SendingProblem):
        send(outgoing(1), SENDER, settings(server, "organiser", "wrong"), journal(tmp_path))

    lock(State(tmp_path).journal_path).close()  # would raise BlockingIOError if still held


def _event(folder: Path, registrants: int) -> Path:
    folder.mkdir()
    write_xlsx(folder / "event.xlsx", synthetic.sheets(registrants=registrants, rooms=2, days=1))
    return folder


def _invites(folder: Path, out: Path, server) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "confkit", "invites", str(folder), "-o", str(out), "--send",
                             "--smtp-host", server.host, "--smtp-port", str(server.port), "--smtp-security", "none",
                             "--lang", "en"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_two_commands_sending_at_once_deliver_each_invitation_once(make_smtp_server, tmp_path):
    server = make_smtp_server(hold=2)  # the first command waits for its second 250 while the other one runs
    folder = _event(tmp_path / "event", registrants=12)

    first = _invites(folder, tmp_path / "one" / "out", server)
    assert server.handler.holding.wait(60), first.communicate()[0]
    second = _invites(folder, tmp_path / "two" / "out", server)
    second_output = second.communicate(timeout=60)[0]
    server.release()
    first_output = first.communicate(timeout=60)[0]

    invited = 12 + 12  # the registrants, and the 12 sessions' speakers, who did not register
    assert (first.returncode, first_output.splitlines()[-1]) == (0, f"{invited} sent, 0 already sent before, 0 failed")
    assert second.returncode == 1
    assert second_output.splitlines()[-1] == (
        f"another confkit run is sending these invitations (it holds {State(folder).journal_path}); nothing was "
        "sent: let it finish, then run the same command again to send what it left")
    copies = Counter(r.rcpt_tos[0] for r in server.received)
    assert len(copies) == invited and set(copies.values()) == {1}
