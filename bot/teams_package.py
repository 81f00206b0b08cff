"""Build the Microsoft Teams app package (the zip users upload to Teams).

The sources live in `manifests/teams/` at the repository root: `manifest.json` with the
placeholder `{{MICROSOFT_APP_ID}}` (used for both the Teams app `id` and `bots[0].botId`),
the icons it names, and the localization files listed in `localizationInfo`. The builder
fills in the bot's Microsoft App ID, checks the icons' sizes from their PNG headers and
writes every file flat at the zip root, as Teams requires.

Pure standard library: Pillow only generates the icons (`manifests/teams/make_icons.py`), and
JSON Schema validation of the sources runs in the tests (`tests/manifests/`).
"""

from __future__ import annotations

import json
import os
import re
import struct
import tempfile
import zipfile
from pathlib import Path
from typing import Any

__all__ = [
    "APP_ID_PLACEHOLDER",
    "ICON_SIZES",
    "build_teams_package",
    "default_out_path",
    "default_source_dir",
    "png_size",
]

APP_ID_PLACEHOLDER = "{{MICROSOFT_APP_ID}}"
# Teams: the colour icon is 192×192, the outline icon 32×32.
ICON_SIZES: dict[str, tuple[int, int]] = {"color": (192, 192), "outline": (32, 32)}

_GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_PLACEHOLDER_RE = re.compile(r"\{\{[^{}]*\}\}")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A fixed timestamp makes the zip byte-for-byte reproducible for the same inputs.
_ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)


def default_source_dir() -> Path:
    """`manifests/teams/` next to the `bot/` package (a source checkout or editable install)."""
    return Path(__file__).resolve().parent.parent / "manifests" / "teams"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk; `ValueError` if `data` is not a PNG."""
    # 8-byte signature, then the IHDR chunk: length (4), type (4), width (4), height (4).
    if len(data) < 24 or data[:8] != _PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file (bad signature or no IHDR chunk)")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _validated_app_id(app_id: str) -> str:
    if not isinstance(app_id, str) or not app_id.strip():
        raise ValueError(
            "Microsoft App ID is empty: give the bot's Microsoft App ID (MICROSOFT_APP_ID), "
            "a GUID such as 00000000-0000-0000-0000-000000000000"
        )
    cleaned = app_id.strip()
    if not _GUID_RE.match(cleaned):
        raise ValueError(
            f"Microsoft App ID {app_id!r} is not a GUID: expected the form "
            "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hex digits, no braces), "
            "as shown for the bot's app registration in Azure"
        )
    return cleaned


def _resolve_source_dir(source_dir: Path | None) -> Path:
    base = default_source_dir() if source_dir is None else Path(source_dir)
    if (base / "manifest.json").is_file():
        return base
    # Also accept the `manifests/` folder itself.
    if (base / "teams" / "manifest.json").is_file():
        return base / "teams"
    hint = (
        " (the Teams package sources are not installed with the package: run from a clone "
        "of the repository or pass the `manifests/teams` directory)"
        if source_dir is None
        else ""
    )
    raise FileNotFoundError(f"no Teams manifest.json in {base}{hint}")


def _root_file(source: Path, name: Any, what: str) -> Path:
    """A file referenced from manifest.json: a plain file name that exists in `source`."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"manifest.json: {what} must be a file name, got {name!r}")
    if "/" in name or "\\" in name or name in {".", ".."}:
        raise ValueError(
            f"manifest.json: {what} {name!r} must be a plain file name: "
            "Teams expects every package file at the zip root"
        )
    path = source / name
    if not path.is_file():
        raise FileNotFoundError(f"{what} {name!r} not found in {source}")
    return path


def _fill(text: str, app_id: str, file_name: str) -> str:
    filled = text.replace(APP_ID_PLACEHOLDER, app_id)
    left = sorted(set(_PLACEHOLDER_RE.findall(filled)))
    if left:
        raise ValueError(f"{file_name}: unknown placeholder(s) left: {', '.join(left)}")
    return filled


def _load_manifest(source: Path) -> tuple[str, dict[str, Any]]:
    text = (source / "manifest.json").read_text(encoding="utf-8")
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{source / 'manifest.json'} is not valid JSON: {exc}") from exc
    if not isinstance(manifest, dict):
        raise ValueError(f"{source / 'manifest.json'} must hold a JSON object")
    return text, manifest


def default_out_path(source_dir: Path | None = None) -> Path:
    """`tandem-teams-<version>.zip` in the current directory (ignored by git)."""
    _, manifest = _load_manifest(_resolve_source_dir(source_dir))
    version = str(manifest.get("version", "0.0.0"))
    return Path(f"tandem-teams-{version}.zip")


def build_teams_package(app_id: str, out_path: Path, source_dir: Path | None = None) -> Path:
    """Write the Teams app package for the bot `app_id` to `out_path` and return its path.

    `app_id` is the bot's Microsoft App ID (a GUID); it replaces the placeholder in the
    manifest (`id` and `bots[0].botId`) and any localization file. `source_dir` defaults to
    the repository's `manifests/teams/`. If `out_path` is an existing directory, the package
    is written into it as `tandem-teams-<version>.zip`.

    Raises `ValueError` for a bad app id or inconsistent sources and `FileNotFoundError` for
    missing files; in both cases nothing is written.
    """
    app_id = _validated_app_id(app_id)
    source = _resolve_source_dir(source_dir)
    manifest_text, manifest = _load_manifest(source)

    entries: dict[str, bytes] = {}
    filled_text = _fill(manifest_text, app_id, "manifest.json")
    filled = json.loads(filled_text)
    if filled.get("id") != app_id:
        raise ValueError(f"manifest.json: `id` must be the placeholder {APP_ID_PLACEHOLDER}")
    bots = filled.get("bots") or [None]
    if not isinstance(bots[0], dict) or bots[0].get("botId") != app_id:
        raise ValueError(
            f"manifest.json: `bots[0].botId` must be the placeholder {APP_ID_PLACEHOLDER}"
        )
    entries["manifest.json"] = filled_text.encode("utf-8")

    icons = manifest.get("icons")
    if not isinstance(icons, dict):
        raise ValueError("manifest.json: `icons` must name the color and outline icons")
    for kind, expected in ICON_SIZES.items():
        path = _root_file(source, icons.get(kind), f"{kind} icon")
        data = path.read_bytes()
        try:
            size = png_size(data)
        except ValueError as exc:
            raise ValueError(f"{kind} icon {path.name}: {exc}") from exc
        if size != expected:
            raise ValueError(
                f"{kind} icon {path.name} is {size[0]}×{size[1]} pixels; "
                f"Teams requires {expected[0]}×{expected[1]}"
            )
        entries[path.name] = data

    localization = manifest.get("localizationInfo") or {}
    for language in localization.get("additionalLanguages") or []:
        tag = language.get("languageTag", "?") if isinstance(language, dict) else "?"
        name = language.get("file") if isinstance(language, dict) else None
        path = _root_file(source, name, f"localization file for {tag}")
        text = _fill(path.read_text(encoding="utf-8"), app_id, path.name)
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path} is not valid JSON: {exc}") from exc
        entries[path.name] = text.encode("utf-8")

    out = Path(out_path)
    if out.is_dir():
        out = out / f"tandem-teams-{manifest.get('version', '0.0.0')}.zip"
    _write_zip_atomically(out, entries)
    return out


def _write_zip_atomically(out: Path, entries: dict[str, bytes]) -> None:
    """Write to a temporary file beside `out`, then rename: no half-written package."""
    if not out.parent.is_dir():
        raise FileNotFoundError(f"output directory {out.parent} does not exist")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w") as zf:
            for name, data in entries.items():
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)
        os.chmod(tmp_name, 0o644)  # mkstemp creates 0600; a package is not a secret
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
