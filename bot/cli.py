"""`tandem`: serve, migrate, chat, tick, import, match, teams-package."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import sys
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import ConfigError, Settings, load_program, load_settings
from bot.logs import setup_logging
from conversations.clock import Clock, FakeClock
from conversations.outbox import kind_of

if TYPE_CHECKING:
    from bot.app import Runtime
    from bot.scheduler import TickReport
    from conversations.i18n import Translator
    from conversations.program import Program

Ask = Callable[[str], Awaitable[str | None]]
Say = Callable[[str], None]

log = logging.getLogger("tandem.cli")


def _parse_now(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ConfigError(
            f"--now (or TANDEM_NOW) must be an ISO-8601 time like 2027-02-01T09:00:00+01:00: "
            f"{exc}") from None
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
    if runtime.teams is not None and settings.teams_emulator_mode:
        # Only the server accepts activities, so only the server warns about the open mode.
        log.warning("teams in emulator mode (TEAMS_EMULATOR, no MICROSOFT_APP_ID): accepts "
                    "unsigned activities from loopback clients only",
                    extra={"platform": "teams"})
    log.info("serving", extra={"host": host, "port": port, "program": runtime.program.name,
                               "database": runtime.store.dialect} | platforms)
    print(f"Tandem is serving {runtime.program.name!r} on http://{host}:{port} "
          f"(Slack: {platforms['slack']}; Teams: {platforms['teams']}). Ctrl-C stops.",
          file=sys.stderr)
    tasks = [asyncio.create_task(run_forever(runtime, settings.tick_seconds))]
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


# How often an open `tandem chat` looks for messages queued for its person by others (the
# partner, a coordinator, a tick): they appear within about this long.
CHAT_POLL_SECONDS = 1.0


async def chat_session(settings: Settings, name: str, lang: str | None, ask: Ask, say: Say,
                       clock: Clock | None = None,
                       poll_seconds: float = CHAT_POLL_SECONDS,
                       files: Path | None = None) -> int:
    """`tandem chat --as NAME`: the flows at a terminal (`ask` reads a line, `say` prints).

    Messages queued for NAME appear while they chat: at start, after their own actions, and
    every `poll_seconds` when someone else queued one, in the order they were queued, never
    in the middle of a form. What arrives after `exit` waits for the next `tandem chat`.
    Files sent to NAME are saved into `files` (default `./tandem-files`)."""
    from adapters.console import ConsoleAdapter, ConsoleSender
    from adapters.console_files import DEFAULT_FOLDER
    from bot.app import build_runtime
    from bot.scheduler import tick
    from conversations.events import Actor, Event
    from conversations.i18n import Translator, pick_language
    from conversations.outbox import deliver
    from conversations.replies import Reply

    # No Teams here; a process claims only the platforms it has senders for, so Teams'
    # messages (and other people's console messages) wait for a process that can send them.
    runtime = await build_runtime(settings, clock=clock, teams=False)
    actor = Actor("console", name, display_name=name, locale=lang)
    async with runtime.store.unit() as repos:
        person = await repos.people.by_key(actor.key)
    # The core's rule: the language given here, else the one stored, else the program's.
    language = pick_language(lang or (person.locale if person else None),
                             runtime.program.language)

    async def handle(event: Event) -> list[Reply]:
        return (await runtime.core.handle(event)).replies

    adapter = ConsoleAdapter(handle, actor, ask, say,
                             Translator(language, runtime.program.german),
                             files=files or DEFAULT_FOLDER)
    runtime.senders["console"] = ConsoleSender(say, name, adapter)
    queued = asyncio.Event()  # this process queued messages (the person acted)
    runtime.core.on_queued = queued.set
    stopping = False

    async def deliver_now(everything: bool) -> None:
        senders = runtime.senders if everything else {"console": runtime.senders["console"]}
        async with adapter.busy:  # after the reply to what was typed, never inside a form
            if not stopping:
                await deliver(runtime.store, runtime.clock, senders, pacer=runtime.pacer)

    async def watch() -> None:
        while not stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(queued.wait(), poll_seconds)
            mine = queued.is_set()
            queued.clear()
            try:
                if mine:
                    await deliver_now(everything=True)
                elif await _waiting_for(runtime, actor.key):
                    await deliver_now(everything=False)
            except Exception:
                log.exception("console delivery failed; trying again")

    say(adapter.banner())
    watcher: asyncio.Task[None] | None = None
    try:
        # What is due (ended breaks, kick-off reminders) and waiting for this person first.
        await tick(runtime)
        watcher = asyncio.create_task(watch())
        await adapter.run()
    finally:
        # A delivery under way finishes, so what it printed is marked sent and nothing stays
        # leased; no new one starts: what comes now waits for the next session.
        stopping = True
        queued.set()
        if watcher is not None:
            try:
                await asyncio.wait_for(watcher, 30)
            except (TimeoutError, asyncio.CancelledError):
                watcher.cancel()
        await runtime.close()
    return 0


async def _waiting_for(runtime: Runtime, person_key: str) -> bool:
    """A due console message for this person (or a group with them), by one read: the
    delivery itself claims and gives back every console message, which is writes."""
    now = runtime.clock.now()
    async with runtime.store.unit() as repos:
        pending = await repos.outbox.pending(["console"])
    return any((m.person_key == person_key or person_key in (m.group_keys or []))
               and (m.next_attempt_at is None or m.next_attempt_at <= now)
               and (m.lease_until is None or m.lease_until < now) for m in pending)


class Terminal:
    """Lines from stdin, read in a daemon thread so that Ctrl-C and exit never wait for one;
    what arrives while a prompt waits is printed above a fresh prompt."""

    def __init__(self) -> None:
        self.prompt: str | None = None

    async def ask(self, prompt: str) -> str | None:
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[str | None] = loop.create_future()

        def read() -> None:
            try:
                line: str | None = input(prompt)
            except (EOFError, OSError, ValueError):  # end of input, or stdin closed
                line = None
            with contextlib.suppress(RuntimeError):  # the loop is gone (Ctrl-C, exit)
                loop.call_soon_threadsafe(_settle, answer, line)

        self.prompt = prompt
        threading.Thread(target=read, name="tandem-stdin", daemon=True).start()
        try:
            return await answer
        finally:
            self.prompt = None

    def say(self, text: str) -> None:
        if self.prompt is not None and sys.stdout.isatty():
            sys.stdout.write(f"\r\033[K{text}\n{self.prompt}")
            sys.stdout.flush()
        else:
            print(text, flush=True)


def _settle(future: asyncio.Future[str | None], line: str | None) -> None:
    if not future.done():
        future.set_result(line)


async def _chat(settings: Settings, name: str, lang: str | None,
                clock: Clock | None = None, files: Path | None = None) -> int:
    terminal = Terminal()
    return await chat_session(settings, name, lang, terminal.ask, terminal.say, clock=clock,
                              files=files)


def _terminal_locale() -> str | None:
    """The terminal's language (LANG=de_DE.UTF-8 → de_DE); none for C/POSIX."""
    value = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    value = value.split(".", 1)[0]
    return None if value in ("", "C", "POSIX") else value


def _fixed_clock(now: str | None = None) -> FakeClock | None:
    """`--now`, else TANDEM_NOW: the whole command runs at that instant (demos, tests)."""
    value = now or os.environ.get("TANDEM_NOW", "").strip()
    return FakeClock(_parse_now(value)) if value else None


async def _tick(settings: Settings, now: str | None, dry_run: bool) -> int:
    from bot.app import build_runtime
    from bot.scheduler import tick

    clock = _fixed_clock(now)
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


async def _purge(settings: Settings, now: str | None, dry_run: bool) -> int:
    """`tandem purge`: what `[privacy] retention_days` and the short windows end, deleted now
    (the tick does the same every minute); `--dry-run` counts it and deletes nothing."""
    from bot.app import build_runtime
    from bot.scheduler import retention_cutoffs, texts_kept_until

    runtime = await build_runtime(settings, clock=_fixed_clock(now))
    try:
        assert runtime.core.program_id is not None
        cutoffs = retention_cutoffs(runtime.program, runtime.clock.now())
        async with runtime.store.unit() as repos:
            counts = await repos.personal.purge(program_id=runtime.core.program_id,
                                                dry_run=dry_run, **cutoffs)
    finally:
        await runtime.close()
    kept = texts_kept_until(runtime.program).isoformat()
    head = "dry run: nothing was deleted; would delete:" if dry_run else "deleted:"
    print(head)
    for kind, n in counts.items():
        print(f"  {kind}: {n}")
    print(f"free-text answers and sent messages' rows of this program are kept until {kept} "
          f"(its end plus [privacy] retention_days = {runtime.program.retention_days})")
    return 0


def _tick_summary(report: TickReport, dry_run: bool) -> list[str]:
    """Counts by outcome and kind, never a message's content; a dry run lists recipients."""
    if dry_run and report.dry_run is not None:
        return _dry_run_lines(report)
    delivery = report.delivery
    lines = [f"resumed {len(report.due.resumed)}; sent {len(delivery.sent)}; "
             f"unreachable {len(delivery.unreachable)}; gave up {len(delivery.gave_up)}; "
             f"to retry {len(delivery.retry_later)}"]
    if report.due.queued:
        lines.append(f"  queued: {_counts(kind_of(k) for k in report.due.queued)}")
    for outcome, kinds in delivery.by_kind().items():
        if kinds:
            shown = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
            lines.append(f"  {outcome.replace('_', ' ')}: {shown}")
    if report.waiting:
        queued = ", ".join(f"{platform} {n}" for platform, n in sorted(report.waiting.items()))
        lines.append(f"still queued: {queued}")
        if report.waiting.get("console"):
            lines.append("  console messages are shown to each person in "
                         "`tandem chat --as NAME`")
    return lines


def _counts(kinds: Iterable[str]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in sorted(Counter(kinds).items()))


def _listed(items: list[tuple[str, tuple[str, ...]]], indent: str = "  ") -> list[str]:
    """One line per kind: `kind n: recipient, recipient & recipient (a group)`."""
    by_kind: dict[str, list[str]] = {}
    for kind, recipients in items:
        by_kind.setdefault(kind, []).append(" & ".join(recipients))
    return [f"{indent}{kind} {len(to)}: {', '.join(to)}" for kind, to in sorted(by_kind.items())]


def _dry_run_lines(report: TickReport) -> list[str]:
    plan = report.dry_run
    assert plan is not None
    waiting = sum(len(items) for items in plan.wait.values())
    lines = ["dry run: nothing was changed",
             f"would resume {len(report.due.resumed)}; would queue {len(plan.queue)}; "
             f"would send {len(plan.send)}; would leave {waiting} to other processes; "
             f"{len(plan.later)} scheduled for later"]
    if plan.queue:
        lines += ["would queue (kind, count: to):", *_listed(plan.queue)]
    if plan.send:
        lines += ["would send:", *_listed(plan.send)]
    for platform, items in sorted(plan.wait.items()):
        where = ("each person's `tandem chat --as NAME`" if platform == "console"
                 else f"a process with {platform} configured")
        lines += [f"left for {where}:", *_listed(items)]
    if plan.later:
        lines += ["scheduled for a later attempt:", *_listed(plan.later)]
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

    runtime = await build_runtime(settings, clock=_fixed_clock(), teams=False)
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
    return Translator(pick_language(_terminal_locale(), program.language), program.german)


async def _match(settings: Settings, dry_run: bool) -> int:
    from adapters.console import markdown_to_text
    from bot.app import build_runtime
    from conversations.cohort import load_cohort
    from conversations.flows import circles, peer_matching
    from conversations.flows.matching import compute, dry_run_text
    from conversations.i18n import Translator

    if not dry_run:
        raise ConfigError("only `tandem match --dry-run` runs here; coordinators approve "
                          "proposals in chat with `/tandem match`")
    runtime = await build_runtime(settings, clock=_fixed_clock(), teams=False)
    try:
        assert runtime.core.program_id is not None
        async with runtime.store.unit() as repos:
            cohort = await load_cohort(repos, runtime.program, runtime.core.program_id,
                                       runtime.clock.now())
        t = Translator(runtime.program.language, runtime.program.german)
        text = (peer_matching.dry_run_text(cohort, runtime.program, t)
                if runtime.program.format == "peer" else
                circles.dry_run_text(cohort, runtime.program, t)
                if runtime.program.format == "group" else
                dry_run_text(compute(cohort), cohort, runtime.program, t))
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
    chat.add_argument("--files", type=Path, default=None, metavar="DIR",
                      help="where files sent to you are saved (default: ./tandem-files)")
    tick = sub.add_parser("tick", help="run due work once and exit")
    tick.add_argument("--now", default=None, help="as of this ISO-8601 time (virtual time)")
    tick.add_argument("--dry-run", action="store_true", help="show what is due, change nothing")
    purge = sub.add_parser("purge", help="delete what retention ends ([privacy] "
                           "retention_days): free-text answers, old sent messages, event ids")
    purge.add_argument("--now", default=None, help="as of this ISO-8601 time (virtual time)")
    purge.add_argument("--dry-run", action="store_true",
                       help="print counts by kind, delete nothing")
    imp = sub.add_parser("import", help="import HR's people.csv (departments, managers, levels)")
    imp.add_argument("path")
    match = sub.add_parser("match", help="show proposed tandems (coordinators approve in chat)")
    match.add_argument("--dry-run", action="store_true", help="print proposals, change nothing")
    pkg = sub.add_parser("teams-package", help="build the Teams app zip to upload")
    pkg.add_argument("--app-id", default=None)
    pkg.add_argument("--out", default=None)
    return parser


def _exit_past_a_blocked_stdin(code: int) -> None:
    """Ctrl-C while the reader thread waits on a pipe (`producer | tandem chat`): that thread
    holds stdin's lock, and the interpreter's shutdown then aborts with "Fatal Python error:
    _enter_buffered_busy". The session's work is done by now, so flush and leave at once.
    Only for the process's own stdin (in-process tests replace it and must not exit)."""
    if sys.stdin is not sys.__stdin__ or not any(
            t.name == "tandem-stdin" and t.is_alive() for t in threading.enumerate()):
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


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
                try:
                    return asyncio.run(_chat(settings, args.name,
                                             args.lang or _terminal_locale(), _fixed_clock(),
                                             args.files))
                except KeyboardInterrupt:  # Ctrl-C: the session ends, quietly
                    print(file=sys.stderr)
                    _exit_past_a_blocked_stdin(130)
                    return 130
            case "tick":
                return asyncio.run(_tick(settings, args.now, args.dry_run))
            case "purge":
                return asyncio.run(_purge(settings, args.now, args.dry_run))
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
