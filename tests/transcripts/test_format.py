"""The transcript grammar, and that an expectation nobody meets fails the play."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.transcripts.format import (
    Click,
    Expect,
    Fill,
    Invite,
    Later,
    Say,
    Setting,
    normalise,
    parse,
    program_text,
)
from tests.transcripts.play import play


def test_every_kind_of_step() -> None:
    steps = parse("""
        # a story
        @coord  > match
        bot     < Proposed tandems (1)
        @mia    [click I agree to the ground rules]
        @mia    [form signup] role=mentor; topics=ai,tools ; consent=yes
        bot -> @alex  < /meet every \\d+ days/
        bot     !< I don't know
        ~ 3 days later
        ~ 1 hour later
    """)
    assert steps == [
        Say("coord", "match"), Expect("Proposed tandems (1)", None, False, 4),
        Click("mia", "I agree to the ground rules"),
        Fill("mia", "signup", {"role": "mentor", "topics": "ai,tools", "consent": "yes"}),
        Expect("/meet every \\d+ days/", "alex", False, 7), Expect("I don't know", None, True, 8),
        Later(timedelta(days=3)), Later(timedelta(hours=1))]


def test_a_channel_is_joined_and_its_posts_checked() -> None:
    assert parse("@coord [add the bot to #wins]\nbot -> #wins  < Quick win\n"
                 "bot -> #wins !< draft") == [
        Invite("coord", "#wins"), Expect("Quick win", "#wins", False, 2),
        Expect("draft", "#wins", True, 3)]


def test_a_line_that_is_no_step_names_its_number() -> None:
    with pytest.raises(ValueError, match="line 2"):
        parse("@mia > join\nmia > join")


def test_the_platforms_markup_is_compared_away() -> None:
    assert normalise("*Welcome* to `status`\n- one\n• two") == "Welcome to status one two"
    assert Expect("meet every 14 days").found_in("_meet_ every\n14 days")
    assert Expect("/score \\d/").found_in("· score 1.20")
    assert not Expect("/score \\d/").found_in("· score x")


class Silent:
    async def say(self, who: str, text: str) -> list[str]:
        return ["Hello"]

    async def click(self, who: str, label: str) -> list[str]:
        return []

    async def fill(self, who: str, form_id: str, values: dict[str, str]) -> list[str]:
        return []

    async def later(self, delta: timedelta) -> None:
        pass

    async def delivered(self, who: str) -> list[str]:
        return ["first", "second"]


async def test_unmet_expectations_fail_and_delivered_messages_are_consumed() -> None:
    await play(Silent(), parse("@a > hi\nbot < Hello\nbot -> @b < second\nbot -> @b !< first"),
               "fake")
    with pytest.raises(AssertionError, match="line 2 on fake: wanted 'Bye'"):
        await play(Silent(), parse("@a > hi\nbot < Bye"), "fake")
    with pytest.raises(AssertionError, match="for @b"):
        await play(Silent(), parse("@a > hi\nbot -> @b < second\nbot -> @b < first"), "fake")


def test_settings_name_the_program_file_and_come_first() -> None:
    steps = parse('% program.format = "group"\n% groups.mentors = [3, 4]\n@mia > join')
    settings = [s for s in steps if isinstance(s, Setting)]
    assert settings == [Setting("program", "format", '"group"'),
                        Setting("groups", "mentors", "[3, 4]")]
    base = '[program]\nname = "P"\nformat = "one_to_one"\n\n[kickoff]\ndeadline_days = 10\n'
    assert program_text(base, settings) == (
        '[program]\nname = "P"\nformat = "group"\n\n[kickoff]\ndeadline_days = 10\n'
        '\n[groups]\nmentors = [3, 4]\n')
    with pytest.raises(ValueError, match="line 2"):
        parse('@mia > join\n% program.format = "group"')
