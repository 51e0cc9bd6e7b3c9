"""The one worker pool: many independent items (badge pages, invitations) on every core, in order.

Workers are forked, so they inherit the task and the event without pickling them, and
only items and results cross between processes. The first item runs here before the
fork, so that every lazy import and cache is warm and no worker inherits a lock held
at that moment. A user's mistake raised in a worker (a broken template) comes back as
the same UserError, its template file and line kept; workers ignore Ctrl-C, which the
parent handles by ending them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Iterable, Iterator
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
    if not parallel or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            yield _direct(task, item)
            done(1)
        return
    first = next(items, _END)
    if first is _END:
        return
    yield _direct(task, first)
    done(1)
    global _TASK
    _TASK = task
    try:
        with multiprocessing.get_context("fork").Pool(min(os.cpu_count() or 2, 4), initializer=_quiet) as pool:
            for outcome in pool.imap(_call_task, items, chunksize=chunksize):
                yield _unwrap(outcome)
                done(1)
    finally:
        _TASK = None


_END = object()


def _quiet() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call_task(item):
    return _call(_TASK, item)


def _direct(task: Callable, item):
    try:
        return task(item)
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


def slices(items: list, size: int = 64) -> Iterator[list]:
    """Items in neighbouring groups: fewer, larger messages between processes."""
    return (items[start:start + size] for start in range(0, len(items), size))

