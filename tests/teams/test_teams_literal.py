"""Issue 7, item 4 over real HTTP: what people type reaches others in Teams exactly as typed.

A learning goal (kick-off card form) and a `change` reason (typed) made of Markdown and Slack
markup arrive in the partner's and the coordinator's chats as those very characters: in runs
that Teams never parses as markdown, and with no link anywhere. Read at the fake connector.
"""

from __future__ import annotations

import html
import json
from typing import Any

from tests.teams.display import collect, markdown_texts, run_text
from tests.teams.fake_connector import Call
from tests.teams.harness import ANNA, BEN, HANNA, Person, TeamsBot, texts
from tests.teams.test_teams_matching import (
    MENTEE,
    MENTOR,
    a_tandem,
    card_reply,
    in_new_york_morning,
    match_card,
    only,
)

TYPED = ("[Your HR review is ready](https://evil.example) *bold* <!channel> "
         "<https://evil.example|x> **b** _i_ `c`")


def runs(card: dict[str, Any]) -> list[dict[str, Any] | str]:
    """The inlines of every RichTextBlock: where typed text is shown, never parsed."""
    return collect(card, "RichTextBlock", "inlines")


def assert_shown_as_typed(call: Call) -> None:
    card = call.card
    assert card is not None and not call.body.get("text"), call.body  # no markdown message
    for text in markdown_texts(card):  # nothing Teams parses holds what was typed
        assert "evil.example" not in text and "**b**" not in text
    assert "Action.OpenUrl" not in json.dumps(card)  # no link anywhere on the card
    assert any(TYPED in run_text(r) for r in runs(card)), runs(card)
    assert TYPED in texts(card)


async def test_a_goal_reaches_the_partner_as_typed(teams_bot: TeamsBot) -> None:
    bot = teams_bot
    await a_tandem(bot)
    intro_ben = only(bot.inbox(BEN))
    goals = card_reply(await bot.click(BEN, intro_ben, "kickoff.goals"))
    await bot.fill(BEN, goals, {"goal1": TYPED})
    await bot.settle()
    note = bot.inbox(ANNA)[-1]
    assert "Ben Ochs set your tandem's learning goals" in note.text
    assert_shown_as_typed(note)
    # Asked again, the form holds the goal as typed: plain, without any marker.
    again = card_reply(await bot.click(BEN, intro_ben, "kickoff.goals"))
    assert again.card is not None
    [goal1] = [e for e in again.card["body"] if e.get("id") == "goal1"]
    assert goal1["value"] == TYPED


async def test_a_change_reason_reaches_the_coordinator_as_typed(teams_bot: TeamsBot) -> None:
    bot = teams_bot
    await a_tandem(bot)
    # Teams sends what a person typed as HTML text: `<` arrives as `&lt;`.
    calls = await bot.answer(bot.message(BEN, "change " + html.escape(TYPED)))
    assert "went privately to the program coordinators" in only(calls).text
    await in_new_york_morning(bot)
    request = only(bot.inbox(HANNA))
    assert "privately asks for a change" in request.text
    assert_shown_as_typed(request)


async def test_a_display_name_is_no_link_in_the_proposals(teams_bot: TeamsBot) -> None:
    bot = teams_bot
    name = "[click](https://evil.example) **Udo**"
    await bot.signup(ANNA, **MENTOR)
    await bot.signup(Person("aad-udo", name), **MENTEE)
    proposals = await match_card(bot)
    assert proposals.card is not None
    assert f"A. Anna Berg (mentor) ↔ {name} (mentee)" in texts(proposals.card)
    for text in markdown_texts(proposals.card):
        assert "evil.example" not in text
    assert "Action.OpenUrl" not in json.dumps(proposals.card)
