"""The composition root: settings → store, program, core, adapters, senders."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from adapters.slack.app import SlackAdapter
from adapters.teams.app import TeamsAdapter
from adapters.teams.gate import ServiceUrls, Tenants
from bot.clock import SystemClock
from bot.config import ConfigError, Settings, load_program
from bot.slack_worker import SlackWorkerPool
from conversations.clock import Clock
from conversations.core import TandemCore
from conversations.outbox import Sender, deliver
from conversations.pacing import Pacer
from conversations.program import Program
from storage.db import Store
from storage.migrate import upgrade

log = logging.getLogger("tandem.app")


@dataclass
class Runtime:
    settings: Settings
    program: Program
    store: Store
    core: TandemCore
    clock: Clock
    slack: SlackAdapter | None = None
    slack_workers: SlackWorkerPool | None = None  # who drains Slack's inbox, when not here
    teams: TeamsAdapter | None = None
    senders: dict[str, Sender] = field(default_factory=dict)
    # One per process, shared by every delivery run, so a burst is paced across runs.
    pacer: Pacer = field(default_factory=Pacer)
    _delivery: asyncio.Task[None] | None = None
    _again: bool = False

    def kick_delivery(self) -> None:
        """Deliver queued messages soon, in the background; coalesces bursts into one run."""
        if self._delivery is not None and not self._delivery.done():
            self._again = True
            return
        self._delivery = asyncio.get_running_loop().create_task(self._deliver())

    async def _deliver(self) -> None:
        while True:
            self._again = False
            try:
                await deliver(self.store, self.clock, self.senders, pacer=self.pacer)
            except Exception:
                log.exception("delivery failed; the scheduler will retry")
            if not self._again:
                return

    async def close(self) -> None:
        # Order matters: the work in hand may queue messages, and their delivery needs the
        # Slack session and the store, so those close last.
        if self.slack_workers is not None:
            await self.slack_workers.close()
        if self.slack is not None:
            await self.slack.stop_work()
        self.core.on_queued = None  # nothing new starts now
        if self._delivery is not None:
            await asyncio.gather(self._delivery, return_exceptions=True)
        if self.slack is not None:
            await self.slack.close()
        await self.store.close()


async def build_runtime(settings: Settings, clock: Clock | None = None, migrate: bool = True,
                        teams: bool = True, slack_workers: int = 0) -> Runtime:
    """`slack_workers` > 0 drains Slack's inbox in that many worker processes at idle CPU
    priority (bot/slack_worker.py), so that work never delays an ack; 0 drains it here."""
    clock = clock or SystemClock()
    program = load_program(settings.program_path)
    teams_policy = teams_access(settings) if teams and settings.teams_enabled else None
    store = Store.from_url(settings.database_url)
    if migrate:
        await upgrade(store.engine)
    core = TandemCore(store, program, clock)
    await core.start()
    runtime = Runtime(settings, program, store, core, clock)
    core.on_queued = runtime.kick_delivery
    if settings.slack_enabled:
        runtime.slack = SlackAdapter(
            core,
            bot_token=settings.slack_bot_token.reveal(),
            signing_secret=settings.slack_signing_secret.reveal(),
            api_url=settings.slack_api_url,
            lease_seconds=settings.inbox_lease_seconds,
        )
        runtime.senders["slack"] = runtime.slack.sender
        if slack_workers > 0:
            runtime.slack_workers = SlackWorkerPool(settings, processes=slack_workers)
            await runtime.slack_workers.start()
            runtime.slack.wake = runtime.slack_workers.wake
        log.info("slack enabled", extra={"platform": "slack",
                                         "mode": "socket" if settings.slack_socket_mode
                                         else "http"})
    else:
        log.info("slack disabled: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or "
                 "SLACK_APP_TOKEN)", extra={"platform": "slack"})
    if teams and settings.teams_enabled:
        runtime.teams = build_teams(settings, core, teams_policy)
        runtime.senders["teams"] = runtime.teams.sender
        log.info("teams enabled", extra={"platform": "teams",
                                         "mode": teams_mode(settings),
                                         "auth": runtime.teams.describe()})
    elif teams:
        log.info("teams disabled: set MICROSOFT_APP_ID (or TEAMS_EMULATOR=1 for local tests)",
                 extra={"platform": "teams"})
    return runtime


def teams_mode(settings: Settings) -> str:
    if settings.teams_authenticated:
        return "bot-framework"
    return "emulator" if settings.teams_emulator_mode else "off"


def teams_access(settings: Settings) -> tuple[ServiceUrls, Tenants]:
    """The connectors and tenants Teams accepts; ConfigError names what to fix."""
    app_type = settings.microsoft_app_type
    if app_type.lower() in ("singletenant", "userassignedmsi") \
            and not settings.microsoft_app_tenant_id:
        raise ConfigError(f"MICROSOFT_APP_TYPE={app_type} needs MICROSOFT_APP_TENANT_ID "
                          "(the tenant the Azure Bot is registered in)")
    try:
        service_urls = (ServiceUrls.parse(settings.teams_service_urls)
                        if settings.teams_service_urls else ServiceUrls.microsoft())
    except ValueError as exc:
        raise ConfigError(f"TEAMS_SERVICE_URLS: {exc}") from None
    return service_urls, Tenants.parse(settings.microsoft_app_tenant_id,
                                       settings.teams_allowed_tenants)


def build_teams(settings: Settings, core: TandemCore,
                access: tuple[ServiceUrls, Tenants] | None = None) -> TeamsAdapter:
    service_urls, tenants = access or teams_access(settings)
    return TeamsAdapter(
        core,
        app_id=settings.microsoft_app_id,
        app_password=settings.microsoft_app_password.reveal(),
        tenant_id=settings.microsoft_app_tenant_id,
        app_type=settings.microsoft_app_type,
        service_urls=service_urls,
        tenants=tenants,
        emulator=settings.teams_emulator_mode,
    )
