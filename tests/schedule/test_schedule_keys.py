"""`[schedule] working_days` and `holidays`: defaults, the forms accepted, errors naming the key."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.config import EXAMPLE_PROGRAM, load_program
from conversations.program import ProgramError, parse_program

BASE: dict[str, Any] = {"program": {"name": "P", "start": date(2027, 1, 15), "months": 6},
                        "topics": [{"id": "ai", "en": "AI"}]}


def parse(**schedule: Any) -> Any:
    return parse_program({**BASE, "schedule": schedule})


def problems(**schedule: Any) -> list[str]:
    with pytest.raises(ProgramError) as error:
        parse(**schedule)
    return error.value.problems


def test_monday_to_friday_without_holidays_is_the_default() -> None:
    program = parse()
    assert program.working_days == (1, 2, 3, 4, 5) and program.holidays == frozenset()


@pytest.mark.parametrize(("given", "days"), [
    ("mon-thu", (1, 2, 3, 4)), (["mon", "wed", "fri"], (1, 3, 5)), (["sun", "mon-tue"], (1, 2, 7)),
    ("Sat,Sun", (6, 7)),
])
def test_working_days_by_name(given: Any, days: tuple[int, ...]) -> None:
    assert parse(working_days=given).working_days == days


@pytest.mark.parametrize("given", ["monday-friday", [], "fri-mon", [1, 2], 5, ""])
def test_bad_working_days_name_the_key(given: Any) -> None:
    [problem] = problems(working_days=given)
    assert problem.startswith("'schedule.working_days' must be day names")
    assert repr(given) in problem


def test_holidays_are_dates() -> None:
    program = parse(holidays=[date(2027, 12, 24), date(2027, 12, 31)])
    assert program.holidays == {date(2027, 12, 24), date(2027, 12, 31)}
    assert problems(holidays="2027-12-24") == [
        "'schedule.holidays' must be a list of dates like [2027-12-24, 2027-12-31]"]
    assert problems(holidays=[date(2027, 12, 24), "2027-12-31",
                              datetime(2027, 12, 31, 9)]) == [
        "'schedule.holidays[1]' must be a date like 2027-12-24 (no quotes, no time), "
        "not '2027-12-31'",
        "'schedule.holidays[2]' must be a date like 2027-12-24 (no quotes, no time), "
        "not datetime.datetime(2027, 12, 31, 9, 0)"]


def test_the_example_program_files_document_the_keys_and_agree() -> None:
    shipped = (Path(__file__).parents[2] / "tandem.example.toml").read_text(encoding="utf-8")
    assert shipped == EXAMPLE_PROGRAM.read_text(encoding="utf-8")
    for key in ("working_days = ", "holidays = "):
        assert key in shipped
    program = load_program(EXAMPLE_PROGRAM)
    assert program.working_days == (1, 2, 3, 4, 5) and program.working_hours == (9, 17)
