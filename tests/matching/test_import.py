"""HR's CSV (issue 8, item 9): any encoding Excel writes, semicolons, levels by id or label in
any case, reasons in the reader's language, and the import offered at sign-up."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from conversations.clock import FakeClock
from conversations.cohort import find_level
from conversations.core import TandemCore
from conversations.directory_import import import_people
from conversations.events import Actor, CommandInvoked
from conversations.i18n import Translator
from conversations.program import Program, parse_program
from conversations.replies import Form
from storage.db import Store

# Excel (German Windows) "CSV (Trennzeichen-getrennt)": cp1252, semicolons, German headers.
GERMAN_EXCEL = (
    "Plattform-ID;Name;E-Mail;Abteilung;Führungskraft;Kostenstelle;Stufe\r\n"
    "console:jo;Jörg Müller;jo@example.org;Geschäftsführung;;CC-1;Teamleitung\r\n"
    "console:li;Liß Weiß;li@example.org;Einkauf, Logistik;jo@example.org;CC-€;"
    "in ausbildung\r\n"
    ";Ute Öztürk;ute@example.org;Technik;jo@example.org;CC-2;SENIOR\r\n"
)


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("TANDEM_CONFIG", "LC_ALL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'tandem.db'}")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    return tmp_path


async def names(tmp_path: Path) -> dict[str, tuple[str | None, str | None, str | None]]:
    store = Store.from_url(f"sqlite+aiosqlite:///{tmp_path / 'tandem.db'}")
    try:
        async with store.unit() as repos:
            return {e.email or "": (e.name, e.department, e.level)
                    for e in await repos.directory.all()}
    finally:
        await store.close()


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-16", "utf-8"])
def test_excel_files_in_every_encoding_import(cli_env: Path, encoding: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (cli_env / "people.csv").write_bytes(GERMAN_EXCEL.encode(encoding))
    assert main(["import", "people.csv"]) == 0
    out = capsys.readouterr()
    assert "imported people.csv: 3 new, 0 updated, 0 unchanged, 0 rejected" in out.out, out
    assert asyncio.run(names(cli_env)) == {
        "jo@example.org": ("Jörg Müller", "Geschäftsführung", "lead"),
        "li@example.org": ("Liß Weiß", "Einkauf, Logistik", "apprentice"),
        "ute@example.org": ("Ute Öztürk", "Technik", "senior"),
    }


def test_reasons_in_the_terminals_language(cli_env: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (cli_env / "people.csv").write_bytes(
        "email;level\nkaiser@example.org;Kaiser\nkein-mail;junior\n".encode("cp1252"))
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert main(["import", "people.csv"]) == 1
    out = capsys.readouterr().out
    assert "people.csv importiert: 0 neu, 0 aktualisiert, 0 unverändert, 2 abgelehnt" in out
    assert ("Zeile 2: unbekannte Stufe „Kaiser“; die Stufen des Programms sind In Ausbildung, "
            "Junior, Professional, Senior, Teamleitung, Geschäftsleitung") in out
    assert "Zeile 3: keine Plattform-ID (slack:U…) und keine E-Mail-Adresse: kein-mail" in out
    monkeypatch.setenv("LANG", "C.UTF-8")  # no language: the program's (German here)
    assert main(["import", "people.csv"]) == 1
    assert "unbekannte Stufe" in capsys.readouterr().out
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert main(["import", "people.csv"]) == 1
    out = capsys.readouterr().out
    assert ("line 2: unknown level 'Kaiser'; the program's levels are Apprentice, Junior, "
            "Professional, Senior, Team lead, Executive") in out


def test_an_unreadable_file_is_named_without_a_traceback(
        cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "nope.csv"]) == 2
    err = capsys.readouterr().err
    assert "cannot read nope.csv" in err and "Traceback" not in err


def test_a_level_is_found_by_its_key_or_any_label_in_any_case(program: Program) -> None:
    base = {"program": {"name": "P", "start": program.start, "months": 6},
            "topics": [{"id": "ai", "en": "AI"}]}
    plain = parse_program({**base, "levels": ["Junior", "senior"]})
    assert find_level(plain, " JUNIOR ") == "Junior" and find_level(plain, "Senior") == "senior"
    labelled = parse_program({**base, "levels": ["junior", {"id": "lead", "en": "Lead",
                                                            "de": "Führungskraft"}]})
    assert find_level(labelled, "führungskraft") == "lead"
    assert find_level(labelled, "LEAD") == "lead"
    assert find_level(labelled, "boss") is None and find_level(labelled, "  ") is None
    assert find_level(program, "Teamleitung") == "lead"  # the example's German label


async def test_sign_up_offers_what_hr_imported(store: Store, program: Program,
                                               clock: FakeClock) -> None:
    core = TandemCore(store, program, clock)
    await core.start()
    async with store.unit() as repos:
        report = await import_people(repos, program, GERMAN_EXCEL, clock.now(), Translator("en"))
    assert report.rejected == []
    outcome = await core.handle(CommandInvoked(Actor("console", "li"), "join"))
    [form] = outcome.replies
    assert isinstance(form, Form)
    initial = {f.id: f.initial for f in form.fields}
    # The manager named by e-mail is offered as the platform user HR's file gives for it.
    assert (initial["department"], initial["manager"], initial["level"]) == (
        "Einkauf, Logistik", "console:jo", "apprentice")
    # Someone HR's file does not know gets the plain form.
    [plain] = (await core.handle(CommandInvoked(Actor("console", "nobody"), "join"))).replies
    assert isinstance(plain, Form)
    assert {f.id: f.initial for f in plain.fields}["department"] is None
