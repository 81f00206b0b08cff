"""The Slack app manifest: valid against Slack's schema, and no wider than the bot needs."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

# The fewest bot scopes Tandem's features need (the Home tab adds none: views.publish of the
# app's own Home tab and the app_home_opened event need no scope). Widening this set is a
# product decision: change it here, in the manifest (with a comment saying why) and in the
# install docs.
MINIMAL_BOT_SCOPES = {
    "commands",  # the /tandem slash command
    "chat:write",  # replies, direct messages, quick wins in a channel the bot was invited to
    "users:read",  # profile name, time zone and locale (users.info, include_locale)
    "im:history",  # receive message.im events
    "mpim:write",  # the group DM introducing a tandem's partners (conversations.open)
    "files:write",  # a report's chart or CSV in a coordinator's DM (files_upload_v2)
}
EVENTS_URL = "https://YOUR-PUBLIC-HOST/slack/events"


def all_messages(errors: Iterable[ValidationError]) -> list[str]:
    """Messages of the errors and, recursively, of their `oneOf` sub-errors.

    The top Slack schema is a `oneOf` over manifest versions, so the real reason a manifest
    fails sits in the sub-errors ("... is not valid under any of the given schemas").
    """
    out: list[str] = []
    for error in errors:
        out.append(error.message)
        out.extend(all_messages(error.context or []))
    return out


def scope_problems(manifest: dict[str, Any]) -> list[str]:
    """Why the manifest's scopes differ from the minimal set (empty when they match)."""
    scopes = manifest.get("oauth_config", {}).get("scopes", {})
    bot = scopes.get("bot", [])
    problems = [f"extra bot scope {s!r}" for s in sorted(set(bot) - MINIMAL_BOT_SCOPES)]
    problems += [f"missing bot scope {s!r}" for s in sorted(MINIMAL_BOT_SCOPES - set(bot))]
    if len(bot) != len(set(bot)):
        problems.append("duplicate bot scopes")
    for kind in ("user", "bot_optional", "user_optional"):
        if scopes.get(kind):
            problems.append(f"unexpected {kind} scopes {scopes[kind]!r}")
    return problems


def test_manifest_is_valid(slack_validator: Draft7Validator, slack_manifest: dict) -> None:
    errors = all_messages(slack_validator.iter_errors(slack_manifest))
    assert errors == []


def test_manifest_is_classic_bolt_v1(slack_manifest: dict) -> None:
    assert slack_manifest["_metadata"]["major_version"] == 1
    assert slack_manifest["display_information"]["name"] == "Tandem"


def test_bot_scopes_are_exactly_the_minimal_set(slack_manifest: dict) -> None:
    assert scope_problems(slack_manifest) == []


def test_every_bot_scope_has_a_comment_saying_why(slack_manifest_path: Path) -> None:
    lines = slack_manifest_path.read_text(encoding="utf-8").splitlines()
    found = set()
    for i, line in enumerate(lines):
        item = line.strip()
        if item.startswith("- ") and item[2:] in MINIMAL_BOT_SCOPES:
            found.add(item[2:])
            above = lines[i - 1].strip()
            assert above.startswith("#") and len(above) > 10, f"no comment above {item}"
    assert found == MINIMAL_BOT_SCOPES


def test_socket_mode_is_explained(slack_manifest_path: Path, slack_manifest: dict) -> None:
    text = slack_manifest_path.read_text(encoding="utf-8")
    assert "SLACK_APP_TOKEN" in text and "socket_mode_enabled: true" in text
    assert slack_manifest["settings"]["socket_mode_enabled"] is False


def test_features_and_settings(slack_manifest: dict) -> None:
    features, settings = slack_manifest["features"], slack_manifest["settings"]
    assert features["bot_user"] == {"display_name": "Tandem", "always_online": False}
    assert features["app_home"]["messages_tab_enabled"] is True
    # The Home tab (views.publish) needs no scope; the event that feeds it is a bot event.
    assert features["app_home"]["home_tab_enabled"] is True
    [command] = features["slash_commands"]
    assert command["command"] == "/tandem"
    assert command["url"] == EVENTS_URL
    assert command["usage_hint"] == "join | status | leave | pause 2026-12-31 | resume | help"
    assert settings["interactivity"] == {"is_enabled": True, "request_url": EVENTS_URL}
    assert settings["event_subscriptions"] == {
        "request_url": EVENTS_URL,
        "bot_events": ["message.im", "app_home_opened"],
    }
    assert settings["org_deploy_enabled"] is False
    assert settings["token_rotation_enabled"] is False


# --- the validation can fail -------------------------------------------------------------


def test_registry_maps_every_remote_ref_to_a_local_file(slack_validator: Draft7Validator) -> None:
    # A v1 and a v2 manifest each resolve through the registry (no network, no Unresolvable).
    assert slack_validator.is_valid(
        {"_metadata": {"major_version": 1}, "display_information": {"name": "x"}}
    )
    assert not slack_validator.is_valid({"_metadata": {"major_version": 2}})


def test_missing_display_information_is_rejected(
    slack_validator: Draft7Validator, slack_manifest: dict
) -> None:
    del slack_manifest["display_information"]
    messages = all_messages(slack_validator.iter_errors(slack_manifest))
    assert "'display_information' is a required property" in messages


def test_unknown_key_is_rejected(slack_validator: Draft7Validator, slack_manifest: dict) -> None:
    slack_manifest["features"]["bot_user"]["always_onlien"] = False
    messages = all_messages(slack_validator.iter_errors(slack_manifest))
    assert any("always_onlien" in m and "not allowed" in m for m in messages)


def test_slash_command_without_slash_is_rejected(
    slack_validator: Draft7Validator, slack_manifest: dict
) -> None:
    slack_manifest["features"]["slash_commands"][0]["command"] = "tandem"
    messages = all_messages(slack_validator.iter_errors(slack_manifest))
    assert any("does not match" in m for m in messages)


def test_interactivity_without_is_enabled_is_rejected(
    slack_validator: Draft7Validator, slack_manifest: dict
) -> None:
    del slack_manifest["settings"]["interactivity"]["is_enabled"]
    messages = all_messages(slack_validator.iter_errors(slack_manifest))
    assert "'is_enabled' is a required property" in messages


def test_schema_does_not_know_scope_names_so_the_pin_catches_unknown_scopes(
    slack_validator: Draft7Validator, slack_manifest: dict
) -> None:
    # Slack's schema types scopes as any string of up to 50 characters: a typo or an
    # invented scope passes it. The exact-set check is what rejects it.
    slack_manifest["oauth_config"]["scopes"]["bot"].append("chat:write.everywhere")
    assert slack_validator.is_valid(slack_manifest)
    assert scope_problems(slack_manifest) == ["extra bot scope 'chat:write.everywhere'"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: s["bot"].append("channels:history"), "extra bot scope 'channels:history'"),
        (lambda s: s["bot"].remove("im:history"), "missing bot scope 'im:history'"),
        # 1:1 DMs go to the user id; only group DMs are opened, so im:write stays out.
        (lambda s: s["bot"].append("im:write"), "extra bot scope 'im:write'"),
        (lambda s: s["bot"].remove("mpim:write"), "missing bot scope 'mpim:write'"),
        # Quick wins go to the program's channel with chat:write once the bot is invited
        # there; chat:write.public would let it post into any public channel uninvited (and
        # still not into a private one). A coordinator's `/invite @Tandem` is the consent.
        (lambda s: s["bot"].append("chat:write.public"), "extra bot scope 'chat:write.public'"),
        # The channel is named by id in the program file: no channels:read to look up names.
        (lambda s: s["bot"].append("channels:read"), "extra bot scope 'channels:read'"),
        (lambda s: s.update(user=["users:read"]), "unexpected user scopes ['users:read']"),
    ],
)
def test_scope_pin_rejects_widened_or_narrowed_sets(
    slack_manifest: dict, change: Any, problem: str
) -> None:
    change(slack_manifest["oauth_config"]["scopes"])
    assert problem in scope_problems(slack_manifest)
