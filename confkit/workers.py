"""The one worker pool: many independent items (badge pages, invitations) on every core, in order;
and the side process, where the pipeline's one-core outputs render meanwhile (`Beside`).

Workers are forked, so they inherit the task and the event without pickling them, and
only items and results cross between processes. The first item runs here before the
fork, so that every lazy import and cache is warm and no worker inherits a lock held
at that moment. A user's mistake raised in a worker (a broken template) comes back as
the same UserError, its template file and line kept; workers ignore Ctrl-C, which the
parent handles by ending them. While the side process works, it has a core of its own: on
two cores, items are made here until it is done, and only then by workers. Both count the
cores this process may use (`taskset` gives fewer than the machine has), not the machine's.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from confkit.errors import UserError, template_failure

PARALLEL_FROM = 400  # badges or invitations; below this, starting workers costs more than it saves
Item, Result = TypeVar("Item"), TypeVar("Result")

_TASK: Callable | None = None


def imap(task: Callable[[Item], Result], items: Iterable[Item], parallel: bool,
         progress: Callable[[int], None] | None = None, chunksize: int = 8) -> Iterator[Result]:
    """task(item) for every item, results in the items' order; in workers when `parallel`."""
    items = iter(items)
    done = progress or (lambda count: None)
    if not parallel or not can_fork():
        for item in items:
            yield _direct(task, item)
            done(1)
        return
    for item in items:  # the first always (see above), then while the side process has the other core
        yield _direct(task, item)
        done(1)
        if cores() - _beside_working() >= 2:
            break
    else:
        return
    global _TASK
    _TASK = task
    count = min(cores() - _beside_working(), 4)
    window, stop = threading.Semaphore(AHEAD * count * chunksize), threading.Event()
    try:
        gc.freeze()  # see `settled`
        with multiprocessing.get_context("fork").Pool(count, initializer=_quiet) as pool:
            try:
                for outcome in pool.imap(_call_task, _held_back(items, window, stop), chunksize=chunksize):
                    window.release()
                    yield _unwrap(outcome)
                    done(1)
            finally:
                stop.set()  # before the pool ends: its feeding thread may be waiting in _held_back
    finally:
        _TASK = None


AHEAD = 4  # chunks a worker may have done or in hand before this process takes their results


def _held_back(items: Iterator[Item], window: threading.Semaphore, stop: threading.Event) -> Iterator[Item]:
    """The items, each only once the window has room. The pool sends items and buffers results without
    bound: when the workers make invitations faster than this process writes them, the results
    pile up here (250 MB at 100,000 people). Read by the pool's feeding thread."""
    for item in items:
        while not window.acquire(timeout=0.1):
            if stop.is_set():
                return
        if stop.is_set():
            return
        yield item


def _beside_working() -> bool:
    """Whether the side process works. It has a core: on two, items are made here, on the other, until
    it is done (workers meanwhile would only wait for a core, each holding its copy of the event: 40 MB
    at 20,000 people)."""
    return _SIDE is not None and _SIDE.process is not None and _SIDE.process.is_alive()


def cores() -> int:
    """The cores this process may run on: `taskset -c 0 confkit build` gets one, whatever the machine has."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Work on another core pays only with two of them, and needs fork (workers inherit the event).
    Never in the side process: the pool of this one's parent has the cores already, and workers
    forked from the side would only add their copies of the event (100 MB at 100,000 people)."""
    return cores() >= 2 and not _IN_SIDE_PROCESS and "fork" in multiprocessing.get_all_start_methods()


_IN_SIDE_PROCESS = False
_SIDE: Beside | None = None  # the side process started from this one, while it may run


@contextmanager
def settled():
    """While a build renders and writes: the cycle collector leaves alone what was made before.

    The event, the state and the plan live until the end; everything made so far is frozen
    (`gc.freeze`), and again before each fork. Collections would otherwise walk them again and
    again as the build allocates (seconds at 20,000 people), and write to every object's
    header: each page written is copied from the one shared with the processes forked from
    here, and this process's PSS grows by their share (34 MB at 20,000 people while the badges
    are drawn). Unfrozen afterwards, so that a long-lived process (the tests) still collects
    what a build left."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _quiet() -> None:
    """In a forked process: Ctrl-C is the parent's to handle; and the collector never walks what was
    inherited (freezing is cheap, and walking would copy every page the parent shares with it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()


def _call_task(item):
    return _call(_TASK, item)


def _direct(task: Callable, *item):
    try:
        return task(*item)
    except Exception as error:
        failed = template_failure(error, error.__traceback__)
        if failed is None:
            raise
        raise failed from None


def _call(task: Callable, item) -> tuple:
    """("ok", result), or what went wrong in a form that crosses processes."""
    try:
        return "ok", task(item)
    except UserError as error:
        return "user", type(error), error.key, error.where, error.params
    except Exception as error:  # noqa: BLE001 - a template error is the user's; anything else is a bug
        failed = template_failure(error, error.__traceback__)
        if failed is not None:
            return "user", type(failed), failed.key, failed.where, failed.params
        return "bug", traceback.format_exc()


def _unwrap(outcome: tuple):
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[0] == "user":
        kind, key, where, params = outcome[1:]
        error = kind.__new__(kind)
        UserError.__init__(error, key, where, **params)
        raise error
    raise RuntimeError(f"a worker failed:\n{outcome[1]}")


def apart(task: Callable[..., Result], *args) -> Result:
    """task(*args) in a forked process that ends once it has answered, so that the memory the task
    grew is given back at once: WeasyPrint leaves ~190 MB behind for a programme of 144 sessions,
    which the rest of a build would otherwise carry. In this process where fork is missing, or
    in a pool's worker (which may not start processes)."""
    if "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.current_process().daemon:
        return _direct(task, *args)
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_apart, args=(task, args, sending, os.getpid()), daemon=True)
    gc.freeze()  # see `settled`
    process.start()
    sending.close()
    try:
        outcome = receiving.recv()
    except EOFError:  # killed (out of memory?) before it could answer
        outcome = ("bug", f"the process printing it ended without a result (exit code {process.exitcode})")
    except BaseException:  # Ctrl-C: it ignores it, so it is ended here
        process.terminate()
        raise
    finally:
        receiving.close()
        process.join()
    return _unwrap(outcome)


def _apart(task: Callable, args: tuple, pipe, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)
    pipe.send(_call(lambda packed: task(*packed), args))


def slices(items: list, size: int = 64) -> Iterator[list]:
    """Items in neighbouring groups: fewer, larger messages between processes."""
    return (items[start:start + size] for start in range(0, len(items), size))



class Beside:
    """One more process, forked, doing a task of its own while this one goes on (the pipeline's outputs
    that work on one core, while this process drives the pool).

    It inherits everything built so far, so fork it after the large shared structures are made and
    before large transient ones. What it tells (`tell(message)` in the task) reaches `told` here
    whenever this process listens or waits; its result, or its error (a UserError as itself,
    anything else as a bug), comes back as the pool's do. It ignores Ctrl-C and dies with this
    process: this one ends it (`stop`) when anything goes wrong here.
    """

    LISTEN_EVERY = 0.05  # seconds between two looks at what it told

    def __init__(self, told: Callable[[tuple], None]):
        self.told, self.process, self.pipe, self.looked = told, None, None, 0.0
        self.done: tuple | None = None  # (its result,) once received

    @contextmanager
    def running(self, task: Callable[[Callable[[tuple], None]], Result]):
        """Start task(tell) in the side process; yield `result`; end the process however this ends."""
        context = multiprocessing.get_context("fork")
        self.pipe, sending = context.Pipe(duplex=False)
        self.process = context.Process(target=_beside, args=(task, sending, os.getpid()), daemon=False)
        gc.freeze()  # see `settled`
        self.process.start()
        sending.close()
        global _SIDE
        _SIDE = self
        try:
            yield self.result
        finally:
            _SIDE = None
            self.stop()

    def listen(self) -> None:
        """Hand on what it told since the last look (a failure there is raised here, at once)."""
        now = time.monotonic()
        if self.pipe is None or self.done is not None or now - self.looked < self.LISTEN_EVERY:
            return
        self.looked = now
        while self.done is None and self.pipe.poll():
            self._take(self._receive())

    def result(self):
        """Wait for its result, handing on what it tells meanwhile."""
        while self.done is None:
            self._take(self._receive())
        return self.done[0]

    def _receive(self) -> tuple:
        try:
            return self.pipe.recv()
        except EOFError:  # killed (out of memory?) or crashed before it could say
            self.process.join()
            raise RuntimeError(f"the side process ended without a result (exit code {self.process.exitcode})") from None

    def _take(self, message: tuple) -> None:
        if message[0] == "told":
            self.told(message[1])
        else:
            self.done = (_unwrap(message),)

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
        if self.process is not None:
            self.process.join()
            self.pipe.close()
        self.process = self.pipe = None


def _beside(task: Callable, pipe, parent: int) -> None:
    global _IN_SIDE_PROCESS
    _IN_SIDE_PROCESS = True
    _quiet()
    _die_with(parent)
    pipe.send(_call(task, lambda message: pipe.send(("told", message))))


def _die_with(parent: int) -> None:
    """On Linux, the kernel kills this process when its parent dies (a SIGKILLed build leaves nothing running)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request
        os._exit(1)


_PR_SET_PDEATHSIG = 1
