"""Who may talk to the bot over Teams, checked before anything is sent, stored or handled.

Three questions, each answered from the request alone (no I/O):
- is the client on loopback? (the unauthenticated emulator mode only accepts those);
- does the activity's `serviceUrl` (where the bot will POST its answer, and what it stores as the
  person's address) belong to a Bot Framework connector we trust?
- is the activity's tenant one we serve?
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from botbuilder.core.teams.teams_activity_extensions import teams_get_channel_data
from botbuilder.schema import Activity

# The Bot Framework connector hosts Teams uses (Microsoft's Teams SDK, "Service URL validation":
# public cloud incl. its regional paths /amer/, /emea/, /apac/…, and GCC; GCC High; DoD).
# Other sovereign clouds (21Vianet, Bleu…) are added with TEAMS_SERVICE_URLS.
MICROSOFT_CONNECTOR_HOSTS = (
    "smba.trafficmanager.net",
    "smba.onyx.prod.teams.trafficmanager.net",
    "smba.infra.gcc.teams.microsoft.com",
    "smba.infra.gov.teams.microsoft.us",
    "smba.infra.dod.teams.microsoft.us",
)
_DEFAULT_PORTS = {"https": 443, "http": 80}
_MAX_URL = 2048


@dataclass(frozen=True)
class AllowedUrl:
    """One allowed connector: scheme, exact host, port, and a path prefix ("/" for any)."""

    scheme: str
    host: str
    port: int
    path: str = "/"

    def __str__(self) -> str:
        default = _DEFAULT_PORTS[self.scheme] == self.port
        return f"{self.scheme}://{self.host}{'' if default else f':{self.port}'}{self.path}"


def parse_allowed_url(entry: str) -> AllowedUrl:
    """`host` (https, any path) or `scheme://host[:port][/path]`. ValueError says why not."""
    entry = entry.strip()
    if "://" not in entry:
        entry = f"https://{entry}"
    parts = urlsplit(entry)
    if parts.scheme not in _DEFAULT_PORTS:
        raise ValueError(f"{entry!r}: only https:// (or http:// for local tests) is allowed")
    if not parts.hostname or "@" in parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"{entry!r}: give a host or a URL prefix like https://host/path/")
    try:
        port = parts.port or _DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise ValueError(f"{entry!r}: the port is not a number") from None
    return AllowedUrl(parts.scheme, parts.hostname, port, parts.path or "/")


@dataclass(frozen=True)
class ServiceUrls:
    """The connectors the bot may answer and store as addresses. Matched exactly, never by
    substring: `https://smba.trafficmanager.net.evil.example/` is not Microsoft's."""

    allowed: tuple[AllowedUrl, ...]

    @classmethod
    def parse(cls, text: str | Iterable[str]) -> ServiceUrls:
        entries = text.split(",") if isinstance(text, str) else list(text)
        allowed = tuple(parse_allowed_url(e) for e in entries if e.strip())
        if not allowed:
            raise ValueError("no connector URL given")
        return cls(allowed)

    @classmethod
    def microsoft(cls) -> ServiceUrls:
        return cls.parse(MICROSOFT_CONNECTOR_HOSTS)

    def allows(self, url: object) -> bool:
        if not isinstance(url, str) or not url or len(url) > _MAX_URL:
            return False
        # Whitespace, control characters and backslashes are read differently by different
        # URL parsers; a connector's URL never has them.
        if any(c <= " " or c == "\x7f" or c == "\\" for c in url):
            return False
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return False
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or "@" in parts.netloc or not parts.hostname:
            return False
        port = port or _DEFAULT_PORTS[scheme]
        path = parts.path or "/"
        if any(segment in (".", "..") for segment in unquote(path).split("/")):
            return False
        return any(a.scheme == scheme and a.host == parts.hostname and a.port == port
                   and _under(path, a.path) for a in self.allowed)

    def __str__(self) -> str:
        return ", ".join(str(a) for a in self.allowed)


def _under(path: str, prefix: str) -> bool:
    if prefix == "/":
        return True
    base = prefix.rstrip("/")
    return path == base or path.startswith(base + "/")


def tenant_ids(activity: Activity) -> set[str]:
    """Every tenant the activity names: channelData (where Teams puts it) and conversation."""
    found: set[str] = set()
    try:
        channel_data = teams_get_channel_data(activity)
    except Exception:  # channelData that is not Teams-shaped names no tenant
        channel_data = None
    tenant = getattr(getattr(channel_data, "tenant", None), "id", None)
    if isinstance(tenant, str) and tenant:
        found.add(tenant.lower())
    conversation = activity.conversation
    if conversation is not None:
        # Teams spells it `tenantId`; the SDK's model reads only `tenantID` and keeps the other
        # among the unknown properties.
        extra = getattr(conversation, "additional_properties", None) or {}
        for value in (conversation.tenant_id, extra.get("tenantId")):
            if isinstance(value, str) and value:
                found.add(value.lower())
    return found


@dataclass(frozen=True)
class Tenants:
    """The tenants served; empty means any (a multi-tenant registration without a list)."""

    allowed: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, *texts: str) -> Tenants:
        return cls(frozenset(t.strip().lower() for text in texts for t in text.split(",")
                             if t.strip()))

    def allows_activity(self, activity: Activity) -> bool:
        if not self.allowed:
            return True
        named = tenant_ids(activity)
        # No tenant at all is refused too: Teams always sends one, a forger might not.
        return bool(named) and named <= self.allowed

    def allows(self, tenant: str | None) -> bool:
        return not self.allowed or (tenant or "").lower() in self.allowed

    def __str__(self) -> str:
        return ", ".join(sorted(self.allowed)) if self.allowed else "any tenant"


def is_loopback(peer: str | None) -> bool:
    """The client's address is this machine's (127.0.0.0/8, ::1, or ::ffff:127.x)."""
    if not peer:
        return False
    try:
        address = ipaddress.ip_address(peer.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


@dataclass(frozen=True)
class Gate:
    """The checks every request passes before the SDK sees it. A refusal is a short reason."""

    service_urls: ServiceUrls
    tenants: Tenants = Tenants()
    loopback_only: bool = False

    def check_peer(self, peer: str | None) -> str | None:
        if self.loopback_only and not is_loopback(peer):
            return "not_loopback"
        return None

    def check_activity(self, activity: Activity) -> str | None:
        if not self.service_urls.allows(activity.service_url):
            return "service_url_not_allowed"
        if not self.tenants.allows_activity(activity):
            return "tenant_not_allowed"
        return None
