"""Neutral replies → Block Kit, within Slack's limits."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import assume, given, settings
from slack_sdk.models.blocks import Block

from adapters.slack.delivery import view_answer
from adapters.slack.inbound import block_action_to_event, form_values
from adapters.slack.mrkdwn import clip, split_text, to_mrkdwn
from adapters.slack.render import render, render_form_launcher, render_modal
from conversations.flows.signup import signup_form
from conversations.i18n import Translator
from conversations.program import Program
from conversations.replies import (
    Button,
    Card,
    Choice,
    DirectMessage,
    Field,
    Form,
    FormAccepted,
    FormErrors,
    Text,
    verbatim,
)
from tests.flows.test_verbatim import TYPED, shown_as
from tests.slack import payloads
from tests.slack.display import mrkdwn_texts, shown, unescape

# Limits from Slack's Block Kit reference: (object kind, key) → maximum characters.
PLAIN_LIMITS = {"title": 24, "submit": 24, "close": 24, "header": 150, "button": 75,
                "option": 75, "label": 2000, "hint": 2000, "placeholder": 150}


def walk_limits(node: Any, kind: str = "") -> list[str]:
    """Every text object that is empty or longer than its limit, named by what holds it."""
    if isinstance(node, list):
        return [p for item in node for p in walk_limits(item, kind)]
    if not isinstance(node, dict):
        return []
    if node.get("type") in ("plain_text", "mrkdwn"):
        limit = PLAIN_LIMITS.get(kind, 3000)
        return [] if 0 < len(node["text"]) <= limit else [f"{kind}: {len(node['text'])}"]
    problems: list[str] = []
    for key, value in node.items():
        child = key
        if key in ("text", "description"):  # named by their holder: button, header, option
            child = "option" if "value" in node and "type" not in node else node.get("type", "")
        problems += walk_limits(value, child)
    return problems


def test_the_limit_walker_sees_violations() -> None:
    assert walk_limits({"title": {"type": "plain_text", "text": "x" * 25}}) == ["title: 25"]
    option = {"text": {"type": "plain_text", "text": "x" * 76}, "value": "v"}
    assert walk_limits({"options": [option]}) == ["option: 76"]


def test_light_markdown_becomes_mrkdwn() -> None:
    assert to_mrkdwn("**Tandem** runs _reverse_ mentoring") == "*Tandem* runs _reverse_ mentoring"
    assert to_mrkdwn("You can use:\n- `join` — sign up\n- `help`") == (
        "You can use:\n• `join` — sign up\n• `help`")
    assert to_mrkdwn("see [the guide](https://example.org/a?b=1&c=2)") == (
        "see <https://example.org/a?b=1&amp;c=2|the guide>")
    assert to_mrkdwn("keep `**this**` as code") == "keep `**this**` as code"


def test_typed_text_echoed_back_cannot_mention_or_link() -> None:
    text = to_mrkdwn("I don't know `<!channel>`, <@U1> or <https://evil|x> & co")
    assert "<!" not in text and "<@" not in text and "<http" not in text
    assert "&lt;!channel&gt;" in text and "&amp; co" in text


def test_text_is_sections_with_a_fallback() -> None:
    payload = render(Text("**Hi**\n\n- one\n- two"))
    assert payload["text"] == "Hi\n\n• one\n• two" and payload["mrkdwn"] is False
    assert payload["blocks"] == [{"type": "section", "text": {"type": "mrkdwn",
                                                              "text": "*Hi*\n\n• one\n• two"}}]


def test_long_text_is_split_into_sections_of_at_most_3000() -> None:
    paragraphs = ["word " * 500] * 10 + ["x" * 7000]
    payload = render(Text("\n\n".join(paragraphs)))
    assert 1 < len(payload["blocks"]) <= 50
    assert all(len(b["text"]["text"]) <= 3000 for b in payload["blocks"])
    assert "".join(split_text("a" * 6500, 3000)) == "a" * 6500


def test_card_has_header_sections_and_buttons() -> None:
    card = Card("**Your tandem**", ("Meet _Mia_.",), (
        Button("accept", "Accept", "7", "primary"), Button("decline", "Decline", "7", "danger"),
        Button("later", "Later")))
    payload = render(card)
    header, section, actions = payload["blocks"]
    assert header == {"type": "header", "text": {"type": "plain_text", "text": "Your tandem",
                                                 "emoji": True}}
    assert section["text"]["text"] == "Meet _Mia_."
    assert [(e["action_id"], e.get("value"), e.get("style")) for e in actions["elements"]] == [
        ("accept", "7", "primary"), ("decline", "7", "danger"), ("later", None, None)]
    assert "Your tandem" in payload["text"]


def test_repeated_action_ids_are_made_unique_and_read_back() -> None:
    card = Card("Pick", buttons=(Button("accept", "A", "1"), Button("accept", "B", "2")))
    elements = render(card)["blocks"][-1]["elements"]
    assert [e["action_id"] for e in elements] == ["accept", "accept~2"]
    click = payloads.block_action(elements[1]["action_id"], elements[1]["value"], user="U1",
                                  response_url="http://x/")
    event = block_action_to_event(click)
    assert event is not None and (event.action_id, event.value) == ("accept", "2")


def test_many_buttons_are_split_into_actions_blocks_of_25() -> None:
    card = Card("Many", buttons=tuple(Button(f"b{i}", str(i)) for i in range(30)))
    actions = [b for b in render(card)["blocks"] if b["type"] == "actions"]
    assert [len(a["elements"]) for a in actions] == [25, 5]


FORM = Form(
    form_id="f1", title="A title far longer than twenty-four characters", intro="**Intro**",
    fields=(
        Field("one", "One", "single", (Choice("a", "A"), Choice("b", "B")), initial="b",
              required=True, placeholder="Pick one"),
        Field("many", "Many", "multi", (Choice("a", "A"), Choice("b", "B")), initial=("a", "b")),
        Field("who", "Who", "user", initial="slack:U0BOSS", hint="Your manager"),
        Field("ok", "OK", "checkbox", (Choice("yes", "I agree " * 20),), required=True),
        Field("note", "Note", "text", initial="hello"),
        Field("when", "When", "date", initial="2027-03-01"),
        Field("empty", "Empty", "single"),
        Field("teams_user", "Other", "user", initial="teams:abc"),
    ),
    submit_label="Send", cancel_label="Cancel",
)


def test_a_form_is_a_modal_with_one_input_per_field() -> None:
    view = render(FORM)
    assert view["type"] == "modal" and view["callback_id"] == "f1"
    assert len(view["title"]["text"]) <= 24
    assert (view["submit"]["text"], view["close"]["text"]) == ("Send", "Cancel")
    assert view["blocks"][0]["text"]["text"] == "*Intro*"
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert all(b["element"]["action_id"] == k for k, b in inputs.items())
    one, many = inputs["one"]["element"], inputs["many"]["element"]
    assert one["type"] == "static_select" and one["initial_option"] in one["options"]
    assert one["initial_option"]["value"] == "b"
    assert one["placeholder"]["text"] == "Pick one"
    assert [o["value"] for o in many["initial_options"]] == ["a", "b"]
    assert inputs["who"]["element"] == {"type": "users_select", "initial_user": "U0BOSS",
                                        "action_id": "who"}
    assert inputs["who"]["hint"]["text"] == "Your manager"
    assert "initial_user" not in inputs["teams_user"]["element"]
    assert inputs["note"]["element"]["initial_value"] == "hello"
    assert inputs["when"]["element"] == {"type": "datepicker", "initial_date": "2027-03-01",
                                         "action_id": "when"}
    assert inputs["empty"]["element"]["type"] == "plain_text_input"  # no choices, no select
    assert {k for k, b in inputs.items() if not b["optional"]} == {"one", "ok"}
    consent = inputs["ok"]["element"]["options"][0]
    assert len(consent["text"]["text"]) <= 75 and consent["description"]["text"]
    assert walk_limits(view) == []


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_signup_modal_fits_slack_limits(program: Program, language: str) -> None:
    view = render_modal(signup_form(program, Translator(language), "Europe/Berlin"))
    assert walk_limits(view) == []
    consent = next(b for b in view["blocks"] if b.get("block_id") == "consent")
    option = consent["element"]["options"][0]
    full = f"{option['text']['text']} {option.get('description', {}).get('text', '')}".strip()
    assert full == Translator(language)(
        "I take part voluntarily and keep what is said in our sessions confidential.")


def test_a_submitted_modal_reads_back_as_the_form_values(program: Program) -> None:
    view = render_modal(signup_form(program, Translator("en"), None))
    answers = {"role": "mentor", "topics": ["ai"], "manager": "U0BOSS", "consent": ["yes"]}
    values = form_values(payloads.view_submission(view, answers, user="U1")["view"])
    assert values["role"] == "mentor" and values["topics"] == ["ai"]
    assert values["manager"] == "slack:U0BOSS" and values["consent"] == ["yes"]
    assert values["department"] == "" and values["languages"] == []


def test_form_errors_are_the_errors_response_action() -> None:
    assert render(FormErrors("f1", {"role": "Choose one", "topics": "Pick a topic"})) == {
        "response_action": "errors", "errors": {"role": "Choose one", "topics": "Pick a topic"}}


def test_a_form_without_a_trigger_becomes_the_flows_reopen_button() -> None:
    form = replace(FORM, open_action="kickoff.goals", open_value="12",
                   open_label="Lernziele öffnen")
    payload = render_form_launcher(form)
    (button,) = payload["blocks"][-1]["elements"]
    assert (button["action_id"], button["value"], button["style"]) == (
        "kickoff.goals", "12", "primary")
    assert button["text"]["text"] == "Lernziele öffnen"
    assert payload["blocks"][0]["text"]["text"] == form.title[:150]
    # A form that needs no value (sign-up) gets a button without one.
    (bare,) = render_form_launcher(FORM)["blocks"][-1]["elements"]
    assert (bare["action_id"], "value" in bare) == ("join", False)


def test_direct_message_renders_its_body_and_unknown_types_fail_loudly() -> None:
    assert render(DirectMessage("slack:U1", Text("hi"))) == render(Text("hi"))
    assert render(FormAccepted("f1")) == {}
    with pytest.raises(TypeError, match="slack cannot render str"):
        render("hello")  # type: ignore[arg-type]


def test_view_answer_splits_the_ack_from_the_follow_ups() -> None:
    errors = FormErrors("f1", {"one": "no"}, FORM)
    assert view_answer([errors]) == ({"response_action": "errors", "errors": {"one": "no"}}, [])
    welcome = Text("Welcome")
    assert view_answer([FormAccepted("f1"), welcome]) == (None, [welcome])
    answer, later = view_answer([FORM])
    assert answer == {"response_action": "update", "view": render(FORM)} and later == []
    assert view_answer([welcome]) == (None, [welcome])


# People's text (verbatim segments) ------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(TYPED)
def test_a_verbatim_segment_displays_exactly_as_typed(typed: str) -> None:
    assume(shown_as(typed))
    payload = render(Text(f"**{verbatim(typed)}** wrote: {verbatim(typed)} — [doc](https://a.b)"))
    expected = shown_as(typed)
    assert payload["blocks"][0]["type"] == "rich_text" and not mrkdwn_texts(payload)
    assert shown(payload) == f"{expected} wrote: {expected} — doc"
    assert unescape(payload["text"]) == f"{expected} wrote: {expected} — doc (https://a.b)"
    assert payload["mrkdwn"] is False and "<" not in payload["text"]
    links = [e for e in payload["blocks"][0]["elements"][0]["elements"] if e["type"] == "link"]
    assert links == [{"type": "link", "url": "https://a.b", "text": "doc"}]
    for block in payload["blocks"]:
        assert Block.parse(block).to_dict() == block  # a shape slack_sdk knows


@settings(max_examples=25, deadline=None)
@given(TYPED)
def test_plain_fields_show_a_verbatim_segment_as_typed(typed: str) -> None:
    assume(shown_as(typed))
    card = Card(f"Goals of {verbatim(typed)}", (f"- {verbatim(typed)}",),
                (Button("b", f"Ask {verbatim(typed)}"),))
    header, items, actions = render(card)["blocks"]
    expected = shown_as(typed)
    assert header["text"] == {"type": "plain_text", "text": clip(f"Goals of {expected}", 150),
                              "emoji": False}
    assert shown({"blocks": [items]}) == f"• {expected}"
    assert actions["elements"][0]["text"]["text"] == clip(f"Ask {expected}", 75)


def test_the_bots_own_markup_still_renders_around_people_text() -> None:
    name = verbatim("**Mia** _x_ <@U1>")
    payload = render(Text(f"**{name}** asks:\n- `join` [guide](https://g.example)\n\n> {name}"))
    [block] = payload["blocks"]
    section, items, quote = block["elements"]
    assert section["elements"] == [
        {"type": "text", "text": "**Mia** _x_ <@U1>", "style": {"bold": True}},
        {"type": "text", "text": " asks:"}]
    assert items["type"] == "rich_text_list" and items["style"] == "bullet"
    assert items["elements"][0]["elements"] == [
        {"type": "text", "text": "join", "style": {"code": True}},
        {"type": "text", "text": " "},
        {"type": "link", "url": "https://g.example", "text": "guide"}]
    assert quote == {"type": "rich_text_quote",
                     "elements": [{"type": "text", "text": "**Mia** _x_ <@U1>"}]}
    # Without people's text the bot's markup stays mrkdwn, as before.
    assert render(Text("**Hi** [guide](https://g.example)"))["blocks"] == [
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Hi* <https://g.example|guide>"}}]


def test_long_people_text_is_cut_into_blocks_slack_accepts() -> None:
    payload = render(Text("Reason:\n\n> " + verbatim("word " * 1500)))
    texts = [shown({"blocks": [b]}) for b in payload["blocks"]]
    assert len(texts) == 4 and all(len(t) <= 3000 + 2 for t in texts)
    assert "".join(t.removeprefix("> ") for t in texts[1:]).replace("\n", "") == "word " * 1500


def test_a_form_shows_people_text_as_typed_and_prefills_it_plainly() -> None:
    typed = "*mine* <!here>"
    form = replace(FORM, intro=f"Goals of {verbatim(typed)}",
                   fields=(Field("g", "Goal", "text", initial=typed),))
    view = render_modal(form)
    assert view["blocks"][0]["type"] == "rich_text"
    assert shown({"blocks": view["blocks"][:1]}) == f"Goals of {typed}"
    assert view["blocks"][1]["element"]["initial_value"] == typed
    errors = render(FormErrors("f1", {"g": f"{verbatim(typed)} is too long"}))
    assert errors["errors"] == {"g": f"{typed} is too long"}  # plain text in Slack
