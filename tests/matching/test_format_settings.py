"""`program.format` and `[groups]` in the program file: defaults, and errors naming the key."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conversations.program import GroupSettings, ProgramError, parse_program

BASE: dict[str, Any] = {"program": {"name": "P", "start": date(2027, 1, 15), "months": 6},
                        "topics": [{"id": "ai", "en": "AI"}]}


def parse(program: dict[str, Any] | None = None, **tables: Any) -> Any:
    return parse_program({**BASE, "program": {**BASE["program"], **(program or {})}, **tables})


def problems(program: dict[str, Any] | None = None, **tables: Any) -> list[str]:
    with pytest.raises(ProgramError) as error:
        parse(program, **tables)
    return error.value.problems


def test_one_to_one_is_the_default_and_groups_default_to_the_method() -> None:
    program = parse()
    assert program.format == "one_to_one" and program.groups == GroupSettings((3, 4), (1, 2))


def test_a_group_program_takes_its_circle_sizes() -> None:
    program = parse({"format": "group"}, groups={"mentors": [2, 3], "mentees": [1, 1]})
    assert program.format == "group" and program.groups == GroupSettings((2, 3), (1, 1))
    assert parse({"format": "peer"}).format == "peer"
    assert parse({"format": "project"}).format == "project"


def test_an_unknown_format_is_named() -> None:
    assert problems({"format": "trio"}) == [
        "'program.format' must be one of \"one_to_one\", \"group\", \"peer\", \"project\""]


@pytest.mark.parametrize(("value", "message"), [
    ([0, 2], "'groups.mentees' must have 1 <= min <= max <= 8, not [0, 2]"),
    ([3, 2], "'groups.mentees' must have 1 <= min <= max <= 8, not [3, 2]"),
    ([1, 9], "'groups.mentees' must have 1 <= min <= max <= 8, not [1, 9]"),
    ([2], "'groups.mentees' must be two whole numbers [min, max] like [1, 2]"),
    ("2", "'groups.mentees' must be two whole numbers [min, max] like [1, 2]"),
    ([1, True], "'groups.mentees' must be two whole numbers [min, max] like [1, 2]"),
])
def test_bad_circle_sizes_name_the_key(value: Any, message: str) -> None:
    assert problems({"format": "group"}, groups={"mentees": value}) == [message]


def test_groups_belong_to_the_group_format_only() -> None:
    assert problems(groups={"mentors": [3, 4]}) == [
        "'groups' applies only when 'program.format' is \"group\""]
    assert problems({"format": "group"}, groups={"size": 3}) == ["unknown key 'groups.size'"]


def test_group_size_keeps_its_one_to_one_meaning_and_points_groups_to_circles() -> None:
    classic = parse(matching={"group_size": 2, "mentor_capacity": 2})
    assert classic.matching.group_size == 2  # one mentor, two separate 1:1 tandems
    assert problems({"format": "group"}, matching={"group_size": 3}) == [
        "'matching.group_size' and 'matching.mentor_capacity' apply only to format "
        "\"one_to_one\" (one mentor in several 1:1 tandems); with \"group\" leave them at 1 "
        "and set circle sizes in [groups]"]
    assert len(problems({"format": "peer"}, matching={"group_size": 2,
                                                      "mentor_capacity": 2})) == 1
