"""The Teams app manifest sources: valid v1.17 manifest, localization and icons."""

from __future__ import annotations

import importlib.util
import json
import re
import struct
from pathlib import Path

from jsonschema import Draft4Validator, Draft7Validator

TEAMS_SCHEMA = Path(__file__).parent / "schemas" / "teams" / "v1.17" / "MicrosoftTeams.schema.json"
COMMANDS = ["join", "status", "leave", "pause", "resume", "log", "retro", "win", "my data",
            "help"]  # at most 10: what Teams shows a list


def messages(validator: Draft7Validator, instance: object) -> list[str]:
    return [error.message for error in validator.iter_errors(instance)]


def test_manifest_is_valid(teams_validator: Draft7Validator, teams_manifest: dict) -> None:
    assert messages(teams_validator, teams_manifest) == []


def test_manifest_essentials(teams_manifest_raw: dict) -> None:
    m = teams_manifest_raw
    assert m["manifestVersion"] == "1.17"
    assert m["$schema"].endswith("/teams/v1.17/MicrosoftTeams.schema.json")
    assert m["id"] == "{{MICROSOFT_APP_ID}}"
    assert m["name"] == {"short": "Tandem", "full": "Tandem – reverse mentoring"}
    assert m["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert m["validDomains"] == []
    [bot] = m["bots"]
    assert bot["botId"] == "{{MICROSOFT_APP_ID}}"
    # Personal: people talk to Tandem 1:1. Team: the app can be added to a team, so it may
    # post the program's quick wins in one of its channels ([quick_wins] teams); it keeps
    # that channel's conversation reference from the install. Not groupChat: nothing needs it.
    assert bot["scopes"] == ["personal", "team"]
    # Files: a report's CSV needs the person's consent in their personal chat.
    assert bot["supportsFiles"] is True and bot["isNotificationOnly"] is False
    [command_list] = bot["commandLists"]
    assert command_list["scopes"] == ["personal"]
    assert [c["title"] for c in command_list["commands"]] == COMMANDS
    assert all(c["description"] for c in command_list["commands"])


def test_developer_urls_are_placeholders_on_the_example_domain(teams_manifest: dict) -> None:
    for key in ("websiteUrl", "privacyUrl", "termsOfUseUrl"):
        assert teams_manifest["developer"][key].startswith("https://tandem.example.org/")


def test_unfilled_placeholder_is_not_a_valid_manifest(
    teams_validator: Draft7Validator, teams_manifest_raw: dict
) -> None:
    # Uploading the sources without the package builder must fail, not half-work.
    errors = messages(teams_validator, teams_manifest_raw)
    assert len(errors) == 2 and all("does not match" in e for e in errors)


def test_wrong_manifest_version_is_rejected(
    teams_validator: Draft7Validator, teams_manifest: dict
) -> None:
    teams_manifest["manifestVersion"] = "1.16"
    assert messages(teams_validator, teams_manifest) == ["'1.17' was expected"]


def test_draft4_would_miss_the_wrong_version(teams_manifest: dict) -> None:
    # Why the fixtures use Draft 7: the schema says draft-04, which has no `const`.
    schema = json.loads(TEAMS_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    teams_manifest["manifestVersion"] = "1.16"
    assert Draft4Validator(schema).is_valid(teams_manifest)


def test_missing_bot_id_is_rejected(teams_validator: Draft7Validator, teams_manifest: dict) -> None:
    del teams_manifest["bots"][0]["botId"]
    assert messages(teams_validator, teams_manifest) == ["'botId' is a required property"]


def test_unknown_bot_scope_is_rejected(
    teams_validator: Draft7Validator, teams_manifest: dict
) -> None:
    teams_manifest["bots"][0]["scopes"] = ["personal", "everyone"]
    assert messages(teams_validator, teams_manifest) == [
        "'everyone' is not one of ['team', 'personal', 'groupChat']"
    ]


def test_bad_accent_color_is_rejected(
    teams_validator: Draft7Validator, teams_manifest: dict
) -> None:
    teams_manifest["accentColor"] = "green"
    assert len(messages(teams_validator, teams_manifest)) == 1


# --- localization -------------------------------------------------------------------------


def test_localization_points_at_german(teams_manifest: dict, teams_dir: Path) -> None:
    info = teams_manifest["localizationInfo"]
    assert info["defaultLanguageTag"] == "en-us"
    assert info["additionalLanguages"] == [{"languageTag": "de-de", "file": "de-de.json"}]
    assert (teams_dir / "de-de.json").is_file()


def test_german_is_valid(teams_localization_validator: Draft7Validator, teams_de: dict) -> None:
    assert messages(teams_localization_validator, teams_de) == []


def test_german_covers_every_command(teams_de: dict, teams_manifest: dict) -> None:
    commands = teams_manifest["bots"][0]["commandLists"][0]["commands"]
    keyed = re.compile(r"^bots\[0\]\.commandLists\[0\]\.commands\[(\d+)\]\.(title|description)$")
    found = {(int(m[1]), m[2]) for key in teams_de if (m := keyed.match(key))}
    expected = {(i, f) for i in range(len(commands)) for f in ("title", "description")}
    assert found == expected
    assert teams_de["name.short"] == "Tandem"


def test_german_with_unknown_key_is_rejected(
    teams_localization_validator: Draft7Validator, teams_de: dict
) -> None:
    teams_de["name.shrot"] = "Tandem"
    assert len(messages(teams_localization_validator, teams_de)) == 1


def test_german_with_too_long_title_is_rejected(
    teams_localization_validator: Draft7Validator, teams_de: dict
) -> None:
    teams_de["bots[0].commandLists[0].commands[0].title"] = "x" * 33
    assert len(messages(teams_localization_validator, teams_de)) == 1


# --- icons --------------------------------------------------------------------------------


def png_header(path: Path) -> tuple[int, int, int, int]:
    """Width, height, bit depth and colour type from the IHDR chunk."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, depth, colour


def test_icon_sizes(teams_dir: Path) -> None:
    assert png_header(teams_dir / "color.png")[:2] == (192, 192)
    assert png_header(teams_dir / "outline.png")[:2] == (32, 32)
    assert png_header(teams_dir / "outline.png")[3] == 6  # RGBA: it needs transparency


def test_outline_icon_is_white_on_transparent(teams_dir: Path) -> None:
    image_module = importlib.import_module("PIL.Image")
    with image_module.open(teams_dir / "outline.png") as im:
        raw = im.convert("RGBA").tobytes()
    pixels = [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]
    alphas = {a for _, _, _, a in pixels}
    assert 0 in alphas and 255 in alphas
    assert {(r, g, b) for r, g, b, a in pixels if a} == {(255, 255, 255)}


def test_icons_are_what_make_icons_draws(teams_dir: Path) -> None:
    # The committed PNGs are generated, not hand-edited: regenerating changes nothing.
    image_module = importlib.import_module("PIL.Image")
    spec = importlib.util.spec_from_file_location("make_icons", teams_dir / "make_icons.py")
    assert spec and spec.loader
    make_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_icons)
    for name, image in (
        ("color.png", make_icons.make_color()),
        ("outline.png", make_icons.make_outline()),
    ):
        with image_module.open(teams_dir / name) as committed:
            assert committed.mode == image.mode
            assert committed.tobytes() == image.tobytes(), name
    accent = json.loads((teams_dir / "manifest.json").read_text(encoding="utf-8"))["accentColor"]
    assert "#{:02X}{:02X}{:02X}".format(*make_icons.ACCENT) == accent.upper()


def test_the_bot_understands_every_command_title(teams_manifest: dict, teams_de: dict) -> None:
    # Picking a command from the Teams menu sends its (localized) title as the message text,
    # so every title, English and German, must be a word the command parser knows.
    from conversations import commands
    listed = teams_manifest["bots"][0]["commandLists"][0]["commands"]
    for i, command in enumerate(listed):
        german = teams_de[f"bots[0].commandLists[0].commands[{i}].title"]
        for title in (command["title"], german):  # "my data": the command `my`, on data
            assert commands.parse_command(title).name == command["title"].split()[0], title
