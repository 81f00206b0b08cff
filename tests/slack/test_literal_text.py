"""Issue 7, item 4 over real HTTP: what people type reaches others in Slack exactly as typed.

A learning goal (kick-off buttons and modal) and a `change` reason (slash command) made of
Slack and Markdown markup arrive in the partner's and the coordinators' DMs as those very
characters: no masked link, no mention, no bold. Read at the fake Web API.
"""

from __future__ import annotations

from typing import Any

from tests.slack.display import mrkdwn_texts, shown, unescape
from tests.slack.harness import COORDINATOR, SlackBot
from tests.slack.test_matching_kickoff import MENTEE, MENTOR, buttons, sign_up_cohort

TYPED = ("[Your HR review is ready](https://evil.example) *bold* <!channel> "
         "<https://evil.example|x> **b** _i_ `c`")


def rich_runs(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Every element of every rich_text block, lists and quotes included."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if node.get("type") in ("text", "link") and "elements" not in node:
                found.append(node)
            for value in node.values():
                walk(value)

    walk([b for b in body.get("blocks", []) if b.get("type") == "rich_text"])
    return found


def assert_shown_as_typed(body: dict[str, Any]) -> None:
    # Nothing Slack parses holds the link, a mention or the typed text.
    for text in mrkdwn_texts(body):
        assert "<https://evil.example|" not in text and "<!channel>" not in text
        assert "evil.example" not in text
    # Where it is shown, it is one unstyled run of exactly those characters, and no link.
    runs = rich_runs(body)
    assert any(r["type"] == "text" and TYPED in r["text"] for r in runs), runs
    assert not [r for r in runs if r["type"] == "link"]
    assert TYPED in shown(body)
    # The notification text is plain: Slack decodes the escapes and parses nothing else.
    assert body["mrkdwn"] is False
    assert "<" not in body["text"] and TYPED in unescape(body["text"])


async def test_a_goal_reaches_the_partner_as_typed(slack_bot: SlackBot) -> None:
    bot = slack_bot
    await sign_up_cohort(bot)
    proposals = (await bot.say("match", user=COORDINATOR)).body
    await bot.answer_to_click("match.approve_all", buttons(proposals)["match.approve_all"][0],
                              user=COORDINATOR, channel="C0GENERAL", ephemeral=True)
    (group,) = [c.body["channel"] for c in await bot.posted_anywhere("Meet your tandem")]

    view = await bot.modal_from_click("kickoff.goals", "1", user=MENTEE, channel=group)
    saved = await bot.submit(view, {"goal1": TYPED}, user=MENTEE)
    assert saved.status == 200
    (_, note) = await bot.posted(MENTOR, count=2)  # the partner's DM
    assert "Alex set your tandem's learning goals" in shown(note.body)
    assert_shown_as_typed(note.body)
    (_, confirmation) = await bot.posted(MENTEE, count=2)  # and the one who typed it
    assert_shown_as_typed(confirmation.body)
    # Asked again, the form holds the goal as typed: plain text, without any marker.
    again = await bot.modal_from_click("kickoff.goals", "1", user=MENTEE, channel=group)
    goal1 = next(b for b in again["blocks"] if b.get("block_id") == "goal1")
    assert goal1["element"]["initial_value"] == TYPED


async def test_a_change_reason_reaches_the_coordinator_as_typed(slack_bot: SlackBot) -> None:
    bot = slack_bot
    await sign_up_cohort(bot)
    proposals = (await bot.say("match", user=COORDINATOR)).body
    await bot.answer_to_click("match.approve_all", buttons(proposals)["match.approve_all"][0],
                              user=COORDINATOR, channel="C0GENERAL", ephemeral=True)
    answer = await bot.say(f"change {TYPED}", user=MENTEE)
    assert "went privately to the program coordinators" in shown(answer.body)
    (request,) = await bot.posted(COORDINATOR)
    assert "privately asks for a change" in shown(request.body)
    assert "> " + TYPED in shown(request.body)  # quoted, as the flow writes it
    assert_shown_as_typed(request.body)


async def test_a_display_name_is_no_link_in_the_proposals(slack_bot: SlackBot) -> None:
    bot = slack_bot
    name = "[click](https://evil.example) *Alex*"
    bot.fake.users[MENTEE]["profile"]["display_name"] = name
    await sign_up_cohort(bot)
    proposals = (await bot.say("match", user=COORDINATOR)).body
    for text in mrkdwn_texts(proposals):
        assert "evil.example" not in text
    assert f"A. Mia (mentor) ↔ {name} (mentee)" in shown(proposals)
    assert not [r for r in rich_runs(proposals) if r["type"] == "link"]


async def test_an_unknown_word_is_echoed_as_typed(slack_bot: SlackBot) -> None:
    reply = await slack_bot.say("<!channel>`*x*`", user=MENTEE)
    assert "I don't know <!channel>`*x*`. You can use:" in shown(reply.body)
    code = [r for r in rich_runs(reply.body) if r.get("style", {}).get("code")]
    assert code[0]["text"] == "<!channel>`*x*`"
