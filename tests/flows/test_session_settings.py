"""`[sessions] escalate_after_missed`, `tips` and `[[agenda]]`: defaults, the example file,
and errors that name the key."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.config import EXAMPLE_PROGRAM
from conversations.program import ProgramError, parse_program

BASE: dict[str, Any] = {"program": {"name": "P", "start": date(2027, 1, 15), "months": 6},
                        "topics": [{"id": "ai", "en": "AI"}, {"id": "tools", "en": "Tools"}]}


def problems(**tables: Any) -> list[str]:
    with pytest.raises(ProgramError) as error:
        parse_program({**BASE, **tables})
    return error.value.problems


def test_defaults_escalate_after_two_with_tips_and_no_agenda() -> None:
    program = parse_program(BASE)
    assert (program.escalate_after_missed, program.tips, program.agenda) == (2, True, ())


def test_the_example_files_are_identical_and_document_the_keys() -> None:
    example = EXAMPLE_PROGRAM.read_text(encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    assert (root / "tandem.example.toml").read_text(encoding="utf-8") == example
    for key in ("escalate_after_missed", "tips", "[[agenda]]", "month", "topic"):
        assert key in example
    program = parse_program(tomllib.loads(example))
    assert program.theme(1) == "devex" and program.theme(6) is None
    assert program.escalate_after_missed == 2 and program.tips


@pytest.mark.parametrize(("tables", "message"), [
    ({"sessions": {"escalate_after_missed": 0}},
     "'sessions.escalate_after_missed' must be a whole number from 1 to 12, not 0"),
    ({"sessions": {"tips": "no"}}, "'sessions.tips' must be true or false"),
    ({"agenda": {"month": 1}}, "'agenda' must be a list of [[agenda]] entries"),
    ({"agenda": [{"month": 7, "topic": "ai"}]},
     "'agenda[0].month' must be a whole number from 1 to 6 (program.months), not 7"),
    ({"agenda": [{"month": 1, "topic": "ai"}, {"month": 1, "topic": "tools"}]},
     "'agenda[1].month' repeats month 1"),
    ({"agenda": [{"month": 2, "topic": "tiktok"}]},
     "'agenda[0].topic' must be the id of one of the [[topics]], not 'tiktok'"),
    ({"agenda": [{"month": 2, "topic": "ai", "theme": "x"}]},
     "unknown key 'agenda[0].theme' (use month and topic)"),
])
def test_bad_keys_are_named(tables: dict[str, Any], message: str) -> None:
    assert any(p.startswith(message) for p in problems(**tables)), problems(**tables)


def test_an_agenda_names_a_theme_per_month() -> None:
    program = parse_program({**BASE, "agenda": [{"month": 2, "topic": "tools"},
                                                {"month": 1, "topic": "ai"}]})
    assert program.agenda == ((1, "ai"), (2, "tools")) and program.theme(3) is None
