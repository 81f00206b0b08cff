"""`bot.teams_package.build_teams_package`: the zip users upload to Teams."""

from __future__ import annotations

import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from bot.teams_package import (
    APP_ID_PLACEHOLDER,
    build_teams_package,
    default_out_path,
    default_source_dir,
    png_size,
)

EXPECTED_FILES = {"manifest.json", "color.png", "outline.png", "de-de.json"}


def png_bytes(width: int, height: int) -> bytes:
    """A PNG signature and IHDR chunk: all the builder reads."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\0\0\0\0"


@pytest.fixture
def source_copy(tmp_path: Path, teams_dir: Path) -> Path:
    """A private copy of manifests/teams to break in tests."""
    dest = tmp_path / "src"
    shutil.copytree(teams_dir, dest)
    return dest


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    return out


def test_default_source_dir_is_the_repository_manifests(teams_dir: Path) -> None:
    assert default_source_dir() == teams_dir


def test_package_has_every_file_at_the_root(sample_app_id: str, out_dir: Path) -> None:
    out = build_teams_package(sample_app_id, out_dir / "tandem.zip")
    assert out == out_dir / "tandem.zip"
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
        assert set(zf.namelist()) == EXPECTED_FILES
        assert all("/" not in name for name in zf.namelist())


def test_ids_are_filled_in(
    sample_app_id: str, out_dir: Path, teams_validator: Draft7Validator
) -> None:
    out = build_teams_package(sample_app_id, out_dir / "tandem.zip")
    with zipfile.ZipFile(out) as zf:
        text = zf.read("manifest.json").decode("utf-8")
        german = zf.read("de-de.json").decode("utf-8")
    manifest = json.loads(text)
    assert manifest["id"] == sample_app_id
    assert manifest["bots"][0]["botId"] == sample_app_id
    assert APP_ID_PLACEHOLDER not in text and "{{" not in text
    assert list(teams_validator.iter_errors(manifest)) == []
    assert json.loads(german)["name.short"] == "Tandem"


def test_icons_in_the_package_have_the_right_sizes(sample_app_id: str, out_dir: Path) -> None:
    out = build_teams_package(sample_app_id, out_dir / "tandem.zip")
    with zipfile.ZipFile(out) as zf:
        assert png_size(zf.read("color.png")) == (192, 192)
        assert png_size(zf.read("outline.png")) == (32, 32)


def test_package_is_reproducible(sample_app_id: str, out_dir: Path) -> None:
    a = build_teams_package(sample_app_id, out_dir / "a.zip").read_bytes()
    b = build_teams_package(sample_app_id, out_dir / "b.zip").read_bytes()
    assert a == b


def test_surrounding_whitespace_in_the_app_id_is_ignored(sample_app_id: str, out_dir: Path) -> None:
    out = build_teams_package(f"  {sample_app_id}\n", out_dir / "tandem.zip")
    with zipfile.ZipFile(out) as zf:
        assert json.loads(zf.read("manifest.json"))["id"] == sample_app_id


def test_out_path_may_be_a_directory(sample_app_id: str, out_dir: Path) -> None:
    out = build_teams_package(sample_app_id, out_dir)
    assert out == out_dir / "tandem-teams-0.1.0.zip" and out.is_file()
    assert default_out_path() == Path("tandem-teams-0.1.0.zip")


def test_source_dir_may_be_given(sample_app_id: str, out_dir: Path, source_copy: Path) -> None:
    manifest = json.loads((source_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["version"] = "9.9.9"
    (source_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    out = build_teams_package(sample_app_id, out_dir / "t.zip", source_dir=source_copy)
    with zipfile.ZipFile(out) as zf:
        assert json.loads(zf.read("manifest.json"))["version"] == "9.9.9"


def test_the_manifests_folder_is_accepted_too(
    sample_app_id: str, out_dir: Path, teams_dir: Path
) -> None:
    out = build_teams_package(sample_app_id, out_dir / "t.zip", source_dir=teams_dir.parent)
    assert zipfile.ZipFile(out).namelist()


# --- failures write nothing ---------------------------------------------------------------


@pytest.mark.parametrize(
    "app_id",
    [
        "",
        "   ",
        "not-a-guid",
        "{2b7a3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d}",
        "2b7a3c4d5e6f4a1b8c9d0e1f2a3b4c5d",
        "2b7a3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5z",
        "2b7a3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d-0",
    ],
)
def test_non_guid_app_id_raises_and_writes_nothing(app_id: str, out_dir: Path) -> None:
    with pytest.raises(ValueError, match="Microsoft App ID"):
        build_teams_package(app_id, out_dir / "tandem.zip")
    assert list(out_dir.iterdir()) == []


def test_wrong_icon_size_raises_and_writes_nothing(
    sample_app_id: str, out_dir: Path, source_copy: Path
) -> None:
    (source_copy / "outline.png").write_bytes(png_bytes(64, 64))
    with pytest.raises(ValueError, match=r"outline icon outline\.png is 64×64 .* 32×32"):
        build_teams_package(sample_app_id, out_dir / "t.zip", source_dir=source_copy)
    assert list(out_dir.iterdir()) == []


def test_icon_that_is_not_a_png_raises(
    sample_app_id: str, out_dir: Path, source_copy: Path
) -> None:
    (source_copy / "color.png").write_bytes(b"GIF89a" + b"\0" * 40)
    with pytest.raises(ValueError, match=r"color icon color\.png: not a PNG"):
        build_teams_package(sample_app_id, out_dir / "t.zip", source_dir=source_copy)
    assert list(out_dir.iterdir()) == []


def test_missing_localization_file_raises(
    sample_app_id: str, out_dir: Path, source_copy: Path
) -> None:
    (source_copy / "de-de.json").unlink()
    with pytest.raises(FileNotFoundError, match="de-de"):
        build_teams_package(sample_app_id, out_dir / "t.zip", source_dir=source_copy)
    assert list(out_dir.iterdir()) == []


def test_files_outside_the_zip_root_are_refused(
    sample_app_id: str, out_dir: Path, source_copy: Path
) -> None:
    manifest = json.loads((source_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["icons"]["color"] = "icons/color.png"
    (source_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ValueError, match="plain file name"):
        build_teams_package(sample_app_id, out_dir / "t.zip", source_dir=source_copy)


def test_hard_coded_bot_id_is_refused(sample_app_id: str, out_dir: Path, source_copy: Path) -> None:
    # A package whose botId differs from the app id would install a bot that never answers.
    manifest = json.loads((source_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["bots"][0]["botId"] = "00000000-0000-0000-0000-000000000000"
    (source_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ValueError, match=r"bots\[0\]\.botId"):
        build_teams_package(sample_app_id, out_dir / "t.zip", source_dir=source_copy)
    assert list(out_dir.iterdir()) == []


def test_unknown_placeholder_is_refused(
    sample_app_id: str, out_dir: Path, source_copy: Path
) -> None:
    manifest = json.loads((source_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["developer"]["websiteUrl"] = "https://{{PUBLIC_HOST}}/"
    (source_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ValueError, match=r"\{\{PUBLIC_HOST\}\}"):
        build_teams_package(sample_app_id, out_dir / "t.zip", source_dir=source_copy)


def test_missing_sources_and_output_dir_are_reported(sample_app_id: str, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no Teams manifest\.json"):
        build_teams_package(sample_app_id, tmp_path / "t.zip", source_dir=tmp_path)
    with pytest.raises(FileNotFoundError, match="output directory"):
        build_teams_package(sample_app_id, tmp_path / "nowhere" / "t.zip")


def test_a_failed_build_keeps_an_existing_package(
    sample_app_id: str, out_dir: Path, source_copy: Path
) -> None:
    good = build_teams_package(sample_app_id, out_dir / "t.zip")
    before = good.read_bytes()
    (source_copy / "color.png").write_bytes(png_bytes(10, 10))
    with pytest.raises(ValueError):
        build_teams_package(sample_app_id, good, source_dir=source_copy)
    assert good.read_bytes() == before
    assert [p.name for p in out_dir.iterdir()] == ["t.zip"]


def test_png_size_reads_the_header() -> None:
    assert png_size(png_bytes(192, 192)) == (192, 192)
    with pytest.raises(ValueError, match="not a PNG"):
        png_size(b"\x89PNG\r\n\x1a\n")
