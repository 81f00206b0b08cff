"""Settings from the environment (and `.env`), and the program file. Secrets never print."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

from conversations.program import Program, ProgramError, parse_program
from storage.db import DEFAULT_URL

EXAMPLE_PROGRAM = Path(__file__).with_name("example") / "tandem.toml"
_YES = frozenset({"1", "true", "yes", "on"})


class Secret:
    """A credential that shows as `***` in reprs, logs and tracebacks."""

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')" if self._value else "Secret('')"

    __str__ = __repr__


@dataclass(frozen=True)
class Settings:
    database_url: str
    program_path: Path
    slack_bot_token: Secret
    slack_signing_secret: Secret
    slack_app_token: Secret
    slack_api_url: str | None
    microsoft_app_id: str
    microsoft_app_password: Secret
    microsoft_app_tenant_id: str
    microsoft_app_type: str
    # Kept as the raw strings (settings travel to worker processes as strings); read them
    # through the properties below.
    teams_emulator: str = ""
    teams_service_urls: str = ""
    teams_allowed_tenants: str = ""
    # How long a claimed inbox item is reserved for its drainer; a dead process's items are
    # taken up again after it (TANDEM_INBOX_LEASE_SECONDS).
    inbox_lease_seconds: float = 60.0
    # How often `tandem serve` ticks (due work, delivery, forgetting): TANDEM_TICK_SECONDS.
    tick_seconds: float = 60.0

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token) and (
            bool(self.slack_signing_secret) or bool(self.slack_app_token)
        )

    @property
    def slack_socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @property
    def teams_authenticated(self) -> bool:
        return bool(self.microsoft_app_id)

    @property
    def teams_emulator_mode(self) -> bool:
        """The unauthenticated local mode: asked for explicitly, and only without an app id."""
        return not self.microsoft_app_id and self.teams_emulator.lower() in _YES

    @property
    def teams_enabled(self) -> bool:
        return self.teams_authenticated or self.teams_emulator_mode


def load_settings(env: dict[str, str] | None = None, dotenv: bool = True) -> Settings:
    if env is None:
        if dotenv:
            load_dotenv(".env", override=False)
        env = dict(os.environ)

    def get(name: str, default: str = "") -> str:
        return env.get(name, default).strip()

    return Settings(
        database_url=get("DATABASE_URL", DEFAULT_URL) or DEFAULT_URL,
        program_path=Path(get("TANDEM_CONFIG", "tandem.toml") or "tandem.toml"),
        slack_bot_token=Secret(get("SLACK_BOT_TOKEN")),
        slack_signing_secret=Secret(get("SLACK_SIGNING_SECRET")),
        slack_app_token=Secret(get("SLACK_APP_TOKEN")),
        slack_api_url=get("SLACK_API_URL") or None,
        microsoft_app_id=get("MICROSOFT_APP_ID"),
        microsoft_app_password=Secret(get("MICROSOFT_APP_PASSWORD")),
        microsoft_app_tenant_id=get("MICROSOFT_APP_TENANT_ID"),
        microsoft_app_type=get("MICROSOFT_APP_TYPE", "MultiTenant") or "MultiTenant",
        teams_emulator=get("TEAMS_EMULATOR"),
        teams_service_urls=get("TEAMS_SERVICE_URLS"),
        teams_allowed_tenants=get("TEAMS_ALLOWED_TENANTS"),
        inbox_lease_seconds=_seconds(get("TANDEM_INBOX_LEASE_SECONDS"), 60.0),
        tick_seconds=_seconds(get("TANDEM_TICK_SECONDS"), 60.0),
    )


def _seconds(text: str, default: float) -> float:
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"not a number of seconds: {text!r}") from None
    if not 1 <= value <= 3600:
        raise ConfigError(f"seconds must be between 1 and 3600, not {text!r}")
    return value


class ConfigError(Exception):
    """Configuration a person must fix; the message says what and where."""


def load_program(path: Path) -> Program:
    """Read and validate the program file. A missing default file falls back to the example."""
    if not path.exists():
        if path == Path("tandem.toml"):
            path = EXAMPLE_PROGRAM
        else:
            raise ConfigError(f"program file not found: {path} (set TANDEM_CONFIG)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return parse_program(data)
    except ProgramError as exc:
        lines = "\n".join(f"  - {p}" for p in exc.problems)
        raise ConfigError(f"{path} has problems:\n{lines}") from exc
