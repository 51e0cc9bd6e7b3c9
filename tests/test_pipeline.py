"""The build pipeline as a user runs it: named outputs, partial builds, a whole OUT, state kept last."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run
from confkit.outputs import REGISTRY

ROOT = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` with its digest."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_registry_lists_the_outputs_in_build_order():
    assert [o.name for o in REGISTRY] == ["programme", "feeds", "badges", "calendars", "invitations", "checkin", "site"]


def test_build_only_writes_the_outputs_named(event, tmp_path):
    out = tmp_path / "out"
    result = run("build", event.write(), "-o", out, "--only", "badges,programme")
    assert result.exit_code == 0, result.output
    assert sorted(tree(out)) == [".confkit-manifest.json", "badges-preview.html", "badges.pdf",
                                 "checkin-public-key.txt", "programme.html", "programme.pdf"]


def test_build_skip_leaves_out_the_outputs_named(event, tmp_path):
    out = tmp_path / "out"
    assert run("build", event.write(), "-o", out, "--skip", "invitations,calendars,badges,checkin,site").exit_code == 0
    assert sorted(tree(out)) == [".confkit-manifest.json", "programme.html", "programme.pdf",
                                 "schedule/schedule.json", "schedule/schedule.xml"]


def test_build_refuses_an_unknown_output_name(event, tmp_path):
    result = run("build", event.write(), "-o", tmp_path / "out", "--only", "badge")
    assert (result.exit_code, result.stderr) == (1, "--only: unknown output badge; expected one of: programme, "
                                                    "feeds, badges, calendars, invitations, checkin, site\n")


def test_partial_build_replaces_its_files_and_keeps_the_others(event, tmp_path):
    out = tmp_path / "out"
    folder = event.write()
    assert run("build", folder, "-o", out).exit_code == 0
    before = tree(out)
    event.set("Event!B2", "Study day, renamed").write()
    assert run("badges", folder, "-o", out).exit_code == 0
    after = tree(out)
    assert sorted(after) == sorted(before)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"badges.pdf", "badges-preview.html"}


def test_build_refuses_files_it_did_not_write_and_names_them(event, tmp_path):
    out = tmp_path / "out"
    (out / "notes").mkdir(parents=True)
    (out / "notes" / "mine.txt").write_text("precious")
    result = run("build", event.write(), "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (f"{out}: nothing was written: this folder holds 1 file(s) that confkit did not write "
                             "(notes/mine.txt); choose an empty or new folder, or add --force to replace them\n")
    assert tree(out) == {"notes/mine.txt": hashlib.sha256(b"precious").hexdigest()}


def test_build_force_removes_foreign_files_and_says_which(event, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.html").write_text("stale")
    result = run("build", event.write(), "-o", out, "--force", "--only", "feeds")
    assert result.exit_code == 0
    assert "removed with --force, not written by confkit: 1 file(s): old.html" in result.output
    assert sorted(tree(out)) == [".confkit-manifest.json", "schedule/schedule.json", "schedule/schedule.xml"]


def test_build_cleans_the_folders_a_killed_run_left(event, tmp_path):
    out = tmp_path / "out"
    left = tmp_path / ".out.confkit-new-abc123"
    (left / "schedule").mkdir(parents=True)
    (left / "schedule" / "schedule.xml").write_text("half")
    assert run("build", event.write(), "-o", out, "--only", "feeds").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["event", "out"]


def test_build_puts_back_an_out_that_a_killed_run_had_moved_away(event, tmp_path):
    """Where the two folders cannot be exchanged at once, a run killed between two renames leaves OUT aside."""
    out = tmp_path / "out"
    folder = event.write()
    assert run("build", folder, "-o", out, "--only", "feeds").exit_code == 0
    before = tree(out)
    out.rename(tmp_path / ".out.confkit-old-abc123")
    assert run("build", folder, "-o", out, "--only", "programme").exit_code == 0
    assert {name: digest for name, digest in tree(out).items() if name.startswith("schedule/")} == {
        name: digest for name, digest in before.items() if name.startswith("schedule/")}


def test_build_ends_with_a_summary_of_each_output(event, tmp_path):
    out = tmp_path / "out"
    result = run("build", event.write(), "-o", out, "--only", "programme,feeds")
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[-4:-2]] == ["programme", "feeds"]
    assert lines[-4].split()[1:3] == ["2", "file(s)"]
    assert lines[-2:] == [f"4 file(s) written to {out}", f"open first: {out / 'programme.html'}"]


def test_build_quiet_prints_only_problems(event, tmp_path):
    event.set("Speakers!F2", "")  # no bio: a warning
    result = run("build", event.write(), "-o", tmp_path / "out", "--quiet", "--only", "feeds")
    assert result.exit_code == 0
    assert result.output == ("Speakers!F2: warning: Ludovic Bour has no bio; the programme will show only their name\n"
                             "0 errors, 1 warning\n")


def test_refused_build_says_that_nothing_was_written(event, tmp_path):
    event.set("Registrants!C3", "jean.dupont@")
    result = run("build", event.write(), "-o", tmp_path / "out")
    assert result.stderr.splitlines()[-1] == ("nothing was written: correct the errors above, then run the "
                                              "command again")


def test_outputs_without_badges_never_create_a_signing_key(event, tmp_path):
    folder = event.write()
    assert run("build", folder, "-o", tmp_path / "out", "--skip", "badges,invitations").exit_code == 0
    assert not (folder / ".confkit" / "signing.key").exists()


def test_first_badges_make_the_key_and_say_so_once(event, tmp_path):
    folder = event.write()
    first = run("badges", folder, "-o", tmp_path / "out")
    key = folder / ".confkit" / "signing.key"
    assert f"a new signing key for the badges' QR codes was made in {key}" in first.output
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    second = run("badges", folder, "-o", tmp_path / "out")
    assert "signing key" not in second.output
    assert ".confkit/" in (folder / ".gitignore").read_text().splitlines()


def test_refused_build_leaves_the_event_state_as_it_was(event, tmp_path):
    folder = event.write()
    (tmp_path / "out").write_text("a file where OUT goes")
    assert run("build", folder, "-o", tmp_path / "out").exit_code == 1
    assert not (folder / ".confkit").exists()


# --- Killed at any moment, OUT stays whole -----------------------------------------------------

def _build_process(folder: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1287475200", "LANG": "en_GB.UTF-8"}
    return subprocess.Popen([sys.executable, "-m", "confkit", "build", str(folder), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def _kill_at(process: subprocess.Popen, phase: str, how: int, delay: float) -> None:
    """Kill the build once it says it reached `phase` (plain progress lines on standard error)."""
    for line in process.stderr:
        if line.strip() == phase:
            time.sleep(delay)
            process.send_signal(how)
            break
    process.communicate(timeout=120)


@pytest.fixture(scope="module")
def congress(tmp_path_factory):
    """An event big enough for each phase to last: 450 registrants, so workers write the invitations."""
    from confkit import synthetic

    folder = tmp_path_factory.mktemp("congress")
    synthetic.write(folder / "event.xlsx", registrants=450, rooms=2, days=1)
    out = folder.parent / f"{folder.name}-out"
    first = _build_process(folder, out)
    first.communicate(timeout=300)
    assert first.returncode == 0
    return folder, out, tree(out)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
@pytest.mark.parametrize("phase,delay", [("reading and checking", 0.3), ("rendering", 0.2), ("writing", 0.5),
                                         ("writing", 2.0), ("replacing the outputs", 0.0)])
def test_killed_build_leaves_out_as_the_previous_build(congress, phase, delay, how):
    folder, out, previous = congress
    _kill_at(_build_process(folder, out), phase, how, delay)
    assert tree(out) == previous


def test_template_error_in_a_worker_keeps_its_file_and_line(tmp_path):
    from confkit import synthetic

    folder = tmp_path / "congress"
    folder.mkdir()
    synthetic.write(folder / "event.xlsx", registrants=450, rooms=2, days=1)
    mine = tmp_path / "mytpl" / "mail"
    mine.mkdir(parents=True)
    (mine / "invitation.txt").write_text("Hello {{ name }},\n{{ no_such_thing.at_all }}\n")
    result = run("invites", folder, "-o", tmp_path / "out", "--templates", tmp_path / "mytpl")
    assert result.exit_code == 1
    assert result.stderr == f"{mine / 'invitation.txt'}:2: 'no_such_thing' is undefined\n"
    assert not (tmp_path / "out").exists()


def test_exposed_signing_key_is_made_private_and_the_user_told(event, tmp_path):
    folder = event.write()
    assert run("badges", folder, "-o", tmp_path / "out").exit_code == 0
    key = folder / ".confkit" / "signing.key"
    key.chmod(0o644)
    result = run("badges", folder, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"{key} could be read by other users of this machine: it is owner-only again")
    assert oct(key.stat().st_mode & 0o777) == "0o600"


@pytest.fixture
def immutable():
    """Folders made read-only for root too (chattr +i), and writable again afterwards."""
    frozen = []

    def freeze(folder: Path) -> None:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
            pytest.skip("chattr +i is not available here")
        frozen.append(folder)
    yield freeze
    for folder in frozen:
        subprocess.run(["chattr", "-i", str(folder)])


def test_read_only_event_folder_is_found_before_anything_is_written(event, tmp_path, immutable):
    folder = event.write()
    immutable(folder)
    out = tmp_path / "out"
    result = run("build", folder, "-o", out)
    assert (result.exit_code, result.stderr) == (1, f"{folder}: nothing was written: confkit cannot keep its state "
                                                    "in this event folder (read-only?); make it writable, or build "
                                                    "only outputs that keep none (--only programme,feeds)\n")
    assert not out.exists()
    assert run("build", folder, "-o", out, "--only", "programme,feeds").exit_code == 0


def test_sent_journal_is_private(tmp_path):
    from confkit.state import State, append_line

    path = State(tmp_path).journal_path
    append_line(path, b'{"key": "a/0/REQUEST"}')
    assert oct(path.stat().st_mode & 0o777) == "0o600"


# --- Both cores: the one-core outputs rendered in a side process ---------------------------------

@pytest.fixture
def one_core():
    """This process (and what it forks) on one core, as under `taskset -c 0`; both again afterwards."""
    if not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs two cores and CPU affinity")
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    yield
    os.sched_setaffinity(0, cores)


def test_the_pool_counts_the_cores_this_process_may_use(one_core):
    from confkit import workers

    assert workers.cores() == 1 and not workers.can_fork()


def test_build_beside_writes_what_a_build_on_one_core_writes(event, tmp_path, monkeypatch, request):
    from confkit import pipeline, workers
    from confkit.outputs import select

    here, there = pipeline._split([(output, None) for output in select()])
    assert [o.name for o, _ in there] == ["programme", "feeds", "checkin", "site"]  # the side process has work
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1287475200")
    folder = event.write()
    assert run("build", folder, "-o", tmp_path / "both").exit_code == 0
    request.getfixturevalue("one_core")
    assert not workers.can_fork()
    assert run("build", folder, "-o", tmp_path / "one").exit_code == 0
    both, one = tree(tmp_path / "both"), tree(tmp_path / "one")
    assert both == one
    assert {"site/index.html", "programme.pdf", "checkin/index.html", "calendar/event.ics"} <= set(both)


def test_template_error_beside_keeps_its_file_and_line_and_writes_nothing(event, tmp_path):
    mine = tmp_path / "mytpl" / "programme"
    mine.mkdir(parents=True)
    (mine / "page.html").write_text("<html>\n{{ no_such_thing.at_all }}\n</html>\n")
    result = run("build", event.write(), "-o", tmp_path / "out", "--templates", tmp_path / "mytpl")
    assert result.exit_code == 1
    assert result.stderr == f"{mine / 'page.html'}:2: 'no_such_thing' is undefined\n"
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["event", "mytpl"]  # no staging folder left


def test_the_side_process_tells_and_its_result_is_kept_when_heard_first(monkeypatch):
    from confkit import workers

    monkeypatch.setattr(workers.Beside, "LISTEN_EVERY", 0)
    told = []
    side = workers.Beside(told.append)
    with side.running(lambda tell: (tell(("start", "site", 3)), os.getpid())[1]) as result:
        side.process.join()  # it has ended: its result is already in the pipe
        side.listen()
        assert told == [("start", "site", 3)]
        assert result() not in (os.getpid(), None)  # computed there, received once, kept


def test_a_task_apart_runs_in_a_process_of_its_own_and_its_errors_come_back():
    from confkit import workers
    from confkit.errors import UserError

    assert workers.apart(lambda a, b: (os.getpid(), a + b), 2, 3)[1] == 5
    assert workers.apart(os.getpid) != os.getpid()  # where the memory it takes is given back when it ends

    def fails():
        raise UserError("out_busy", "/somewhere")
    with pytest.raises(UserError) as raised:
        workers.apart(fails)
    assert (raised.value.key, raised.value.where) == ("out_busy", "/somewhere")
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        workers.apart(lambda: 1 / 0)


def test_a_user_error_beside_comes_back_as_itself():
    from confkit import workers
    from confkit.errors import UserError

    def fails(tell):
        raise UserError("out_busy", "/somewhere")

    with pytest.raises(UserError) as raised:
        with workers.Beside(lambda message: None).running(fails) as result:
            result()
    assert (raised.value.key, raised.value.where) == ("out_busy", "/somewhere")


@pytest.fixture
def two_cores():
    from confkit import workers

    if workers.cores() < 2 or not workers.can_fork():
        pytest.skip("needs two cores and fork")


def test_while_the_side_process_works_items_are_made_here_then_by_workers(two_cores, tmp_path):
    """On two cores the side process has one: items are made in this process until it is done."""
    from confkit import workers

    go = tmp_path / "go"

    def side_task(tell):
        while not go.exists():
            time.sleep(0.01)
        return "done"

    made_where = []
    with workers.Beside(lambda message: None).running(side_task) as result:
        for pid in workers.imap(lambda item: os.getpid(), range(5), parallel=True):
            made_where.append(pid)
        go.touch()
        assert result() == "done"
    assert made_where == [os.getpid()] * 5
    after = list(workers.imap(lambda item: os.getpid(), range(64), parallel=True))
    assert after[0] == os.getpid() and set(after[1:]) and os.getpid() not in after[1:]  # the first, then workers


def test_the_workers_never_run_far_ahead_of_what_is_taken(two_cores):
    """The pool buffers results without bound: items are handed to it only as results are taken, so a
    slow writer does not gather every invitation in memory."""
    from confkit import workers

    handed = [0]

    def items():
        for number in range(400):
            handed[0] += 1
            yield number

    ahead = []
    for taken, _result in enumerate(workers.imap(lambda item: item, items(), parallel=True, chunksize=2), 1):
        time.sleep(0.002)  # the writer is slower than the workers
        ahead.append(handed[0] - taken)
    window = workers.AHEAD * min(workers.cores(), 4) * 2
    assert max(ahead) <= window + 2 and len(ahead) == 400


def test_a_build_leaves_the_collector_as_it_found_it(event, tmp_path):
    import gc

    assert run("build", event.write(), "-o", tmp_path / "out").exit_code == 0
    assert gc.get_freeze_count() == 0  # frozen while building (see workers.settled), not after
