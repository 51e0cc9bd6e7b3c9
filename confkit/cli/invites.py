"""`confkit invites`: calendars and invitations written, their changes told, and sending when asked."""

from __future__ import annotations

import math
import time
from enum import Enum
from typing import Annotated, Optional

import typer

from confkit.cli.app import (EventArg, ForceOpt, Lang, LangOpt, OutOpt, QuietOpt, StrictOpt, TemplatesOpt, app, guarded,
                             language, say)
from confkit.outputs import BY_NAME, InvitationOptions, NoOptions


class Security(str, Enum):
    starttls = "starttls"
    tls = "tls"
    none = "none"


@app.command()
def invites(event: EventArg, out: OutOpt,
            send: Annotated[bool, typer.Option("--send", help="Send the invitations not sent yet, over SMTP.")] = False,
            dry_run: Annotated[bool, typer.Option("--dry-run", help="With --send: say what would be sent, "
                                                  "send and write nothing.")] = False,
            changes: Annotated[bool, typer.Option("--changes", help="Only list who must receive what since the "
                                                  "last run; write nothing.")] = False,
            attach_badge: Annotated[bool, typer.Option("--attach-badge", help="Attach each person's badge (A6 PDF).")]
            = False,
            rate: Annotated[Optional[float], typer.Option("--rate", min=0.1, help="Messages per minute at most.")]
            = None,
            smtp_host: Annotated[Optional[str], typer.Option("--smtp-host", help="Default: $CONFKIT_SMTP_HOST.")] = None,
            smtp_port: Annotated[Optional[int], typer.Option("--smtp-port", help="Default: $CONFKIT_SMTP_PORT, or "
                                                             "587 / 465 / 25 by security.")] = None,
            smtp_security: Annotated[Optional[Security], typer.Option("--smtp-security", help="starttls, tls or "
                                                                      "none. Default: $CONFKIT_SMTP_SECURITY or "
                                                                      "starttls.")] = None,
            smtp_user: Annotated[Optional[str], typer.Option("--smtp-user", help="Default: $CONFKIT_SMTP_USER. The "
                                                             "password comes from $CONFKIT_SMTP_PASSWORD or a "
                                                             "prompt, never from the command line.")] = None,
            templates: TemplatesOpt = None, strict: StrictOpt = False, quiet: QuietOpt = False, force: ForceOpt = False,
            lang: LangOpt = None) -> None:
    """Write calendars (calendar/), invitations and emails (invites/); with --send, send them.

    Nothing leaves the machine without --send. Sending is resumable: run it again after an
    interruption and each person receives each version of their invitation once.

    Example: confkit invites sample_event -o out --send --smtp-host smtp.example.org --rate 60
    """
    from confkit.cli.outputs import run
    from confkit.invites.plan import Pending, describe
    from confkit.invites.sending import Journal
    from confkit.pipeline import plan_invitations
    from confkit.state import State

    options = InvitationOptions(attach_badge)
    if changes or dry_run:
        inspection, context, plan = guarded(lambda: plan_invitations(event, options, templates, strict), lang)
        waiting = guarded(lambda: Pending(plan, Journal(context.state.journal_path)), lang)
        _report_changes(plan, waiting, language(inspection, lang))
        raise typer.Exit(0)
    selection = [(BY_NAME["calendars"], NoOptions()), (BY_NAME["invitations"], options)]
    result = run(event, out, selection, templates, strict, lang, quiet, force)
    chosen = language(result.inspection, lang)
    plan = result.reports["invitations"]
    if not quiet:
        for line in describe(plan.changes, chosen):
            typer.echo(line)
    if send:
        journal = Journal(State(result.inspection.event.folder).journal_path)
        _send(result.inspection.event, plan, journal, rate,
              (smtp_host, smtp_port, smtp_security.value if smtp_security else None, smtp_user), chosen)


def _report_changes(plan, waiting, lang: str) -> None:
    from confkit.invites.plan import describe, waiting_lines

    told = describe(plan.changes, lang)
    if not (waiting and told == describe([], lang)):  # "no change" beside messages never sent would mislead
        for line in told:
            typer.echo(line)
    typer.echo(say("changes_pending", lang, count=len(waiting)) if waiting else say("changes_sent_all", lang))
    for line in waiting_lines(plan, waiting, lang):
        typer.echo(line)


def _send(event, plan, journal, rate, smtp: tuple, lang: str) -> None:
    from dataclasses import replace

    from confkit.invites import sending
    from confkit.invites.plan import Pending
    from confkit.invites.smtp import settings_from as smtp_settings

    before = len(plan.outgoing) - len(Pending(plan, journal))  # sent by earlier runs (the sent-journal says)

    def deliver():
        waiting = Pending(plan, journal)  # a first look, to size the bar; send() reads the journal again, locked
        settings = smtp_settings(*smtp)
        if settings.user and not settings.password:
            settings = replace(settings, password=typer.prompt(f"SMTP password for {settings.user}", hide_input=True))
        with typer.progressbar(length=len(waiting), label=say("sending", lang)) as bar:
            bar.render_progress()  # at once: the first message may wait for the connection or the rate

            def sleep(seconds: float) -> None:
                """The wait the rate (or a retry) imposes, counted down on the bar, a second at a time."""
                end = time.monotonic() + seconds
                while (left := end - time.monotonic()) > 0:
                    bar.label = say("sending_next", lang, seconds=math.ceil(left))
                    bar.render_progress()
                    time.sleep(min(1.0, left))
                bar.label = say("sending", lang)

            return sending.send(waiting, event.organiser_email, settings, journal, rate,
                                progress=lambda item, status: bar.update(1), sleep=sleep)

    report = guarded(deliver, Lang(lang))
    typer.echo(say("sent", lang, sent=len(report.sent), skipped=before + len(report.skipped),
                   failed=len(report.failed)))
    for key, reason in report.failed:
        typer.echo(f"  {key}: {reason}", err=True)
    if report.interrupted:
        typer.echo(say("interrupted", lang), err=True)
    raise typer.Exit(1 if report.failed or report.interrupted else 0)
