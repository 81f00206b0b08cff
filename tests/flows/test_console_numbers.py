"""The console reads typed numbers as the core does: ASCII digits in range, nothing else."""

from __future__ import annotations

from tests.flows.conftest import MENTEE, Transcript


async def test_odd_digits_at_the_prompt_are_words_not_button_numbers(
        transcript: Transcript) -> None:
    # "²".isdigit() is True and int("²") raises: this crashed `tandem chat` with a traceback.
    for odd in ("²", "٣", "10²⁰"):
        reply = await transcript.say("alice", odd, lang="en")
        assert "I don't know" in reply and odd in reply


async def test_odd_digits_in_a_form_are_refused_by_the_form_not_a_crash(
        transcript: Transcript) -> None:
    answers = ["²", *MENTEE[1:]]  # the role chosen by a superscript two
    reply = await transcript.say("erika", "join", answers, lang="en")
    assert "Welcome to" not in reply and "Please choose whether you join as mentor" in reply
