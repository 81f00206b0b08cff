"""`tandem`: serve, migrate, chat, tick, import, match, teams-package."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import ConfigError, Settings, load_program, load_settings
from bot.logs import setup_logging

if TYPE_CHECKING:
    from bot.app import Runtime
    from bot.scheduler import TickReport
    from conversations.i18n import Translator
    from conversations.program import Program

log = logging.getLogger("tandem.cli")


def _parse_now(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError as exc:
        raise SystemExit(
            f"--now must be an ISO-8601 time like 2027-02-01T09:00:00+01:00: {exc}"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


async def _migrate(settings: Settings) -> int:
    from storage.db import Store
    from storage.migrate import current_revision, upgrade

    store = Store.from_url(settings.database_url)
    try:
        await upgrade(store.engine)
        print(f"database is at revision {await current_revision(store.engine)}")
    finally:
        await store.close()
    return 0


async def _serve(settings: Settings, host: str, port: int, migrate: bool,
                 slack_workers: int) -> int:
    from aiohttp import web

    from bot.app import build_runtime
    from bot.scheduler import run_forever
    from bot.server import build_web_app

    runtime = await build_runtime(settings, migrate=migrate, slack_workers=slack_workers)
    # The startup heap (SQLAlchemy, numpy, botbuilder…, ~170k objects) never becomes garbage;
    # frozen, a full collection skips it. Measured: a full collection otherwise paused this
    # loop, and every ack waiting on it, for ~90 ms.
    gc.collect()
    gc.freeze()
    app = build_web_app(runtime)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    platforms = _platforms(runtime, settings)
    log.info("serving", extra={"host": host, "port": port, "program": runtime.program.name,
                               "database": runtime.store.dialect} | platforms)
    print(f"Tandem is serving {runtime.program.name!r} on http://{host}:{port} "
          f"(Slack: {platforms['slack']}; Teams: {platforms['teams']}). Ctrl-C stops.",
          file=sys.stderr)
    tasks = [asyncio.create_task(run_forever(runtime))]
    if runtime.slack is not None and settings.slack_socket_mode:
        tasks.append(asyncio.create_task(
            runtime.slack.run_socket_mode(settings.slack_app_token.reveal())))
    try:
        await asyncio.Event().wait()
    finally:
        for task in tasks:
            task.cancel()
        await runner.cleanup()
    return 0


def _platforms(runtime: Runtime, settings: Settings) -> dict[str, str]:
    """Which platforms are on and how each authenticates, for the startup line and log."""
    if runtime.slack is None:
        slack = "off"
    else:
        slack = "on, Socket Mode" if settings.slack_socket_mode else "on, signed HTTP requests"
    teams = f"on, {runtime.teams.describe()}" if runtime.teams is not None else "off"
    return {"slack": slack, "teams": teams}


async def _chat(settings: Settings, name: str, lang: str | None) -> int:
    from adapters.console import ConsoleAdapter, ConsoleSender
    from bot.app import build_runtime
    from bot.scheduler import tick
    from conversations.events import Actor, Event
    from conversations.replies import Reply

    # No Teams here; a process claims only the platforms it has senders for, so Teams'
    # messages (and other people's console messages) wait for a process that can send them.
    runtime = await build_runtime(settings, teams=False)
    runtime.senders["console"] = ConsoleSender(print, name)
    actor = Actor("console", name, display_name=name, locale=lang)
    loop = asyncio.get_running_loop()

    async def ask(prompt: str) -> str | None:
        line = await loop.run_in_executor(None, _read_line, prompt)
        return line

    async def handle(event: Event) -> list[Reply]:
        return (await runtime.core.handle(event)).replies

    print(f"Tandem console — you are {name!r}. Try 'help' or 'join'; 'exit' ends.")
    try:
        await tick(runtime)  # what is waiting for this person (an intro, a reminder) comes first
        await ConsoleAdapter(handle, actor, ask, print).run()
        await tick(runtime)
    finally:
        await runtime.close()
    return 0


def _terminal_locale() -> str | None:
    """The terminal's language (LANG=de_DE.UTF-8 → de_DE); none for C/POSIX."""
    value = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    value = value.split(".", 1)[0]
    return None if value in ("", "C", "POSIX") else value


def _read_line(prompt: str) -> str | None:
    try:
        return input(prompt)
    except EOFError:
        return None


async def _tick(settings: Settings, now: str | None, dry_run: bool) -> int:
    from bot.app import build_runtime
    from bot.scheduler import tick
    from conversations.clock import FakeClock

    clock = FakeClock(_parse_now(now)) if now else None
    # No console sender: a tick's output may go to a cron mail or a log, so console messages
    # wait for their person's `tandem chat`, and nothing here prints what a message says.
    runtime = await build_runtime(settings, clock=clock)
    try:
        report = await tick(runtime, dry_run=dry_run)
    finally:
        await runtime.close()
    for line in _tick_summary(report, dry_run):
        print(line)
    return 0


def _tick_summary(report: TickReport, dry_run: bool) -> list[str]:
    """Counts by outcome and kind, never a message's content or recipient."""
    delivery = report.delivery
    verb = "would resume" if dry_run else "resumed"
    lines = [f"{verb} {len(report.due.resumed)}; sent {len(delivery.sent)}; "
             f"unreachable {len(delivery.unreachable)}; gave up {len(delivery.gave_up)}; "
             f"{'pending' if dry_run else 'to retry'} {len(delivery.retry_later)}"]
    for outcome, kinds in delivery.by_kind().items():
        if kinds:
            shown = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
            lines.append(f"  {'pending' if dry_run else outcome.replace('_', ' ')}: {shown}")
    if report.waiting and not dry_run:
        queued = ", ".join(f"{platform} {n}" for platform, n in sorted(report.waiting.items()))
        lines.append(f"still queued: {queued}")
        if report.waiting.get("console"):
            lines.append("  console messages are shown to each person in "
                         "`tandem chat --as NAME`")
    return lines


def _read_csv(path: str) -> str:
    """HR's file as text, whatever wrote it: UTF-8 with or without a BOM, UTF-16 (Excel's
    "Unicode text"), or a legacy code page such as cp1252 from Excel on Windows, which
    charset-normalizer (a maintained detector, not our guess) tells apart."""
    from charset_normalizer import from_bytes

    from conversations.directory_import import unreadable

    t = _coordinator_translator()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(unreadable(path, t, str(exc.strerror or exc))) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise ConfigError(unreadable(path, t))
    return str(best)


async def _import(settings: Settings, path: str, text: str) -> int:
    from bot.app import build_runtime
    from conversations.directory_import import import_people, report_lines

    runtime = await build_runtime(settings, teams=False)
    try:
        t = _coordinator_translator(runtime.program)
        async with runtime.store.unit() as repos:
            report = await import_people(repos, runtime.program, text, runtime.clock.now(), t)
    finally:
        await runtime.close()
    print("\n".join(report_lines(report, path, t)))
    return 0 if not report.rejected else 1


def _coordinator_translator(program: Program | None = None) -> Translator:
    """The language of whoever runs the command: the terminal's LANG when it names one we
    speak, else the program's."""
    from conversations.i18n import Translator, pick_language

    program = program or load_program(load_settings().program_path)
    return Translator(pick_language(_terminal_locale(), program.language))


async def _match(settings: Settings, dry_run: bool) -> int:
    from adapters.console import markdown_to_text
    from bot.app import build_runtime
    from conversations.cohort import load_cohort
    from conversations.flows.matching import compute, dry_run_text
    from conversations.i18n import Translator

    if not dry_run:
        raise ConfigError("only `tandem match --dry-run` runs here; coordinators approve "
                          "proposals in chat with `/tandem match`")
    runtime = await build_runtime(settings, teams=False)
    try:
        assert runtime.core.program_id is not None
        async with runtime.store.unit() as repos:
            cohort = await load_cohort(repos, runtime.program, runtime.core.program_id,
                                       runtime.clock.now())
        result = compute(cohort)
        text = dry_run_text(result, cohort, runtime.program, Translator(runtime.program.language))
    finally:
        await runtime.close()
    print(markdown_to_text(text))  # names as typed; only the bot's own markers go
    return 0


def _teams_package(app_id: str | None, out: str | None) -> int:
    from bot.teams_package import build_teams_package

    app_id = app_id or os.environ.get("MICROSOFT_APP_ID", "")
    if not app_id:
        raise ConfigError("give --app-id or set MICROSOFT_APP_ID (the Azure bot's app id)")
    path = Path(out or "tandem-teams-app.zip")
    try:
        build_teams_package(app_id, path)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    print(f"wrote {path}: upload it in Teams (Apps → Manage your apps → Upload an app)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tandem", description="Reverse mentoring in chat.")
    parser.add_argument("--log-level", default=os.environ.get("TANDEM_LOG_LEVEL"),
                        help="INFO for serve, WARNING for the one-shot commands")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP server for Slack and Teams")
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--port", type=int, default=3978)
    serve.add_argument("--no-migrate", action="store_true", help="do not apply migrations")
    serve.add_argument("--slack-workers", type=int, default=1, metavar="N",
                       help="processes that do Slack's work after the ack (drained from the "
                            "database), at idle CPU priority so acks stay fast (default 1; 0 "
                            "does it in the server process)")
    sub.add_parser("migrate", help="apply database migrations")
    chat = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--as", dest="name", required=True, help="who you are, e.g. alice")
    chat.add_argument("--lang", default=None,
                      help="your language, e.g. de or en (default: the terminal's LANG)")
    tick = sub.add_parser("tick", help="run due work once and exit")
    tick.add_argument("--now", default=None, help="as of this ISO-8601 time (virtual time)")
    tick.add_argument("--dry-run", action="store_true", help="show what is due, change nothing")
    imp = sub.add_parser("import", help="import HR's people.csv (departments, managers, levels)")
    imp.add_argument("path")
    match = sub.add_parser("match", help="show proposed tandems (coordinators approve in chat)")
    match.add_argument("--dry-run", action="store_true", help="print proposals, change nothing")
    pkg = sub.add_parser("teams-package", help="build the Teams app zip to upload")
    pkg.add_argument("--app-id", default=None)
    pkg.add_argument("--out", default=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    default_level = "INFO" if args.command == "serve" else "WARNING"
    setup_logging((args.log_level or default_level).upper())
    try:
        if args.command == "teams-package":
            return _teams_package(args.app_id, args.out)
        settings = load_settings()
        load_program(settings.program_path)  # fail fast with a clear message
        match args.command:
            case "migrate":
                return asyncio.run(_migrate(settings))
            case "serve":
                with contextlib.suppress(KeyboardInterrupt):
                    return asyncio.run(_serve(settings, args.host, args.port,
                                              not args.no_migrate,
                                              max(0, args.slack_workers)))
                return 0
            case "chat":
                return asyncio.run(_chat(settings, args.name, args.lang or _terminal_locale()))
            case "tick":
                return asyncio.run(_tick(settings, args.now, args.dry_run))
            case "import":
                return asyncio.run(_import(settings, args.path, _read_csv(args.path)))
            case "match":
                return asyncio.run(_match(settings, args.dry_run))
    except ConfigError as exc:
        print(f"tandem: {exc}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
