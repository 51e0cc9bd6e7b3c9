"""Each output, declared once: its name, what it writes, its options, the state it uses.

`REGISTRY` lists them in build order; `confkit build` renders them all (or `--only`,
`--skip`), and each single command (`programme`, `badges`, `invites`) is the same
pipeline restricted to its outputs. An output's `render` is a function from the
context (event, templates, state as loaded) and its options to the files it writes
and, when it keeps state, what to commit once they are written. A new output (the
recap site, the check-in kit) is one more declaration here and one package of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from confkit.files import Files
from confkit.model import Event
from confkit.state import State, new_key


@dataclass(frozen=True)
class ProgrammeOptions:
    paper: str = "a4"  # or letter
    booklet: bool = False  # also an A5 booklet imposed on A4


@dataclass(frozen=True)
class BadgeOptions:
    layout: str = "a4-8"  # a sheet preset, or the path of the user's own .json
    qr: str = "checkin"  # or vcard
    sort: str = "name"  # or organisation, category
    category: str | None = None
    ids: tuple[str, ...] = ()  # holder ids or emails
    find: str | None = None  # a name or email fragment (--find "dupont"), accents and case aside
    split_by: str | None = None  # letter or category
    start_at: int = 1
    calibrate: bool = False
    reissue: bool = False  # new badges for --ids or --find (lost, misspelt): desks built after refuse the old ones


@dataclass(frozen=True)
class InvitationOptions:
    attach_badge: bool = False  # each person's own A6 badge, to print at home


@dataclass(frozen=True)
class CheckinOptions:
    desks: int = 1  # the paper list in this many letter ranges, one per desk
    passphrase: str | None = None  # the phone scanner's roster encrypted with it


@dataclass(frozen=True)
class NoOptions:
    """For outputs that have none."""


@dataclass
class Rendered:
    """An output's files (produced lazily, as the writer asks), and what to keep once written."""

    files: Files
    count: int | None = None  # how many files, for the progress display
    commit: Callable[[], None] | None = None
    report: Any = None  # what the command tells afterwards (the invitations' changes)
    warnings: Callable[[str], list[str]] | None = None  # lines the console warns with once written, in a language


@dataclass
class Context:
    """What every output renders from: the event, the templates, the state as loaded, the build's time.

    The signing key is made here, in memory, the first time an output needs one and none
    exists; the pipeline keeps it with the state, just before OUT is replaced.
    """

    event: Event
    env: Any  # jinja2.Environment
    state: State
    now: dt.datetime
    key: Any = None  # Ed25519PrivateKey as loaded, or None
    key_is_new: bool = False
    key_was_exposed: bool = False  # others could read it: made owner-only again, and the user is told
    memo: dict = field(default_factory=dict)

    def signing_key(self):
        if self.key is None:
            self.key, self.key_is_new = new_key(), True
        return self.key

    @cached_property
    def previous_invitations(self) -> dict:
        return self.state.invitations()


@dataclass(frozen=True)
class Output:
    name: str
    writes: tuple[str, ...]  # what it writes in OUT, for the help and the docs
    options: type
    render: Callable[[Context, Any], Rendered]
    network: bool = False  # outputs that need the network are never part of `confkit build`
    reads: tuple[str, ...] = ()  # state of EVENT/.confkit it reads ...
    commits: tuple[str, ...] = ()  # ... and keeps once written
    # Works on one core and keeps no state: rendered in a side process while the pooled outputs (badges,
    # invitations) keep both cores busy. It may read what those render first (context.memo, the key).
    beside: bool = False


def _made(files: dict) -> Rendered:
    """Files made at once (small, or streamed by their own functions), with their count."""
    return Rendered(files.items(), len(files))


def _programme(context: Context, options: ProgrammeOptions) -> Rendered:
    return _made(_programme_files(context, options))


def _programme_files(context: Context, options: ProgrammeOptions) -> dict[str, bytes]:
    """The programme, made once per run: the recap site offers the same PDF for download."""
    from confkit.programme import page

    key = ("programme", options)
    if key not in context.memo:
        context.memo[key] = page.render(context.event, context.env, options.paper, options.booklet)
    return context.memo[key]


def _feeds(context: Context, options: NoOptions) -> Rendered:
    return _made(_feeds_files(context))


def _feeds_files(context: Context) -> dict[str, bytes]:
    """The schedule feeds, made once per run: the recap site offers them for download."""
    from confkit.programme import feeds

    if "feeds" not in context.memo:
        context.memo["feeds"] = feeds.render(context.event)
    return context.memo["feeds"]


def _badges(context: Context, options: BadgeOptions) -> Rendered:
    from confkit.badges import render

    editions = context.state.badge_editions()
    if options.reissue:
        if not context.state.writable():
            from confkit.errors import UserError

            raise UserError("event_read_only", str(context.event.folder))
        editions = render.reissued(context, editions, options)
    rendered = _made(render.files(context, options, editions))
    if options.reissue:
        rendered.commit = lambda: context.state.save_badge_editions(editions)  # kept once the badges are written
    if (options.ids or options.find is not None) and not options.calibrate:  # whom they are, for the console
        rendered.report = render.chosen(context, options)
    if not options.calibrate:  # the badges whose text had to wrap or shrink
        rendered.warnings = lambda lang: render.warnings(context, options, lang)
    return rendered


def _calendars(context: Context, options: NoOptions) -> Rendered:
    from confkit.invites import plan

    issued = plan.issued(context, InvitationOptions())
    return Rendered(issued.calendar_files.items(), len(issued.calendar_files),
                    commit=lambda: context.state.save_invitations(issued.state_for_calendars(context)))


def _invitations(context: Context, options: InvitationOptions) -> Rendered:
    from confkit.invites import plan

    issued = plan.issued(context, options)
    return Rendered(issued.invitation_files(), issued.invitation_count,
                    commit=lambda: context.state.save_invitations(issued.state), report=issued)


def _site(context: Context, options: NoOptions) -> Rendered:
    from confkit.site import pages

    cache = context.state.cache if context.state.folder.is_dir() else None  # never the first to make .confkit
    return _made(pages.render(context.event, context.env, context.now, cache, _site_downloads(context)))


def _site_downloads(context: Context) -> dict[str, bytes]:
    """The schedule feeds, and the programme PDF and the event's calendar when the same run makes them
    (`confkit build`): a download is never another version of the file beside it, and the site alone
    stays quick to rebuild (printing the programme takes many times longer than every page of the site)."""
    made = {name.rsplit("/", 1)[-1]: data for name, data in _feeds_files(context).items()}
    for key, found in context.memo.items():
        if key[0] == "programme":
            made["programme.pdf"] = found["programme.pdf"]
        elif key[0] == "invitations":
            made["event.ics"] = found.calendar_files["calendar/event.ics"]
    return made


def _checkin(context: Context, options: CheckinOptions) -> Rendered:
    from confkit.checkin import paper, roster, scanner

    event = context.event
    files = {"checkin/list.pdf": paper.render(event, context.env, options.desks)}
    if context.key is not None:  # the event's key, or the one the badges of this run just made: never a new one
        files["checkin/index.html"] = scanner.page(event, context.env, context.key.public_key(), roster.roster(event),
                                                   context.state.badge_editions(), options.passphrase)
    return _made(files)


REGISTRY: tuple[Output, ...] = (
    Output("programme", ("programme.html", "programme.pdf", "programme-booklet.pdf"), ProgrammeOptions, _programme,
           beside=True),
    Output("feeds", ("schedule/schedule.xml", "schedule/schedule.json"), NoOptions, _feeds, beside=True),
    Output("badges", ("badges.pdf", "badges-*.pdf", "badges-preview.html", "badges-preview/page-<n>.html",
                      "checkin-public-key.txt"),
           BadgeOptions, _badges, reads=("signing key", "badge editions"), commits=("signing key",)),
    Output("calendars", ("calendar/event.ics", "calendar/sessions/<id>.ics"), NoOptions, _calendars,
           reads=("invitations",), commits=("invitations",)),
    Output("invitations", ("invites/<id>.eml", "invites/<id>.ics", "invites/agendas/<id>.ics"), InvitationOptions,
           _invitations, reads=("invitations", "signing key"), commits=("invitations",)),
    Output("checkin", ("checkin/index.html", "checkin/list.pdf"), CheckinOptions, _checkin,
           reads=("signing key", "badge editions"), beside=True),
    Output("site", ("site/index.html", "site/programme.html", "site/sessions/<id>.html", "site/speakers/<id>.html",
                    "site/style.css"), NoOptions, _site, beside=True),
)
BY_NAME = {output.name: output for output in REGISTRY}


def select(only: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> tuple[Output, ...]:
    """The outputs to build, in build order; unknown names are the user's mistake."""
    from confkit.errors import UserError

    for name in (*only, *skip):
        if name not in BY_NAME:
            raise UserError("unknown_output", "--only" if name in only else "--skip", name=name,
                            known=", ".join(BY_NAME))
    chosen = tuple(o for o in REGISTRY if (not only or o.name in only) and o.name not in skip and not o.network)
    if not chosen:
        raise UserError("no_output", "--skip")
    return chosen
