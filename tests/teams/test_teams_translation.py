"""The pure halves of the adapter: activity → event, reply → instructions and cards."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.teams import cards
from adapters.teams.cards import card_to_adaptive, field_input, form_to_adaptive
from adapters.teams.inbound import activity_to_event, clean_text
from adapters.teams.render import Replace, Send, SendTo, Turn, render, teams_markdown
from adapters.teams.wire import parse_activity
from conversations.events import (
    AppInstalled,
    ButtonClicked,
    FormSubmitted,
    MemberJoined,
    MessageReceived,
)
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
    Update,
)
from tests.teams.harness import card_errors

BOT = {"id": "28:bot", "name": "Tandem"}
TURN = Turn(reply_to_id=None)


def activity(**fields: Any) -> Any:
    body = {"type": "message", "id": "m1", "channelId": "msteams",
            "serviceUrl": "https://smba.example/", "recipient": BOT,
            "from": {"id": "29:x", "name": "Xia", "aadObjectId": "aad-x"},
            "conversation": {"id": "a:1", "conversationType": "personal"},
            "channelData": {"tenant": {"id": "t-1"}}} | fields
    return parse_activity(body)


def test_the_actor_is_the_aad_user_with_locale_zone_and_tenant() -> None:
    event = activity_to_event(activity(text="hi", locale="de-DE",
                                       localTimezone="Europe/Vienna"))
    assert isinstance(event, MessageReceived) and event.event_id == "m1"
    actor = event.actor
    assert (actor.key, actor.display_name, actor.locale, actor.timezone, actor.workspace_id) == (
        "teams:aad-x", "Xia", "de-DE", "Europe/Vienna", "t-1")


def test_without_an_aad_id_the_channel_id_is_used_and_client_info_fills_gaps() -> None:
    event = activity_to_event(activity(
        text="hi", **{"from": {"id": "29:x"}},
        entities=[{"type": "clientInfo", "locale": "en-GB", "timezone": "Europe/London"}]))
    assert event is not None
    assert (event.actor.user_id, event.actor.locale, event.actor.timezone) == (
        "29:x", "en-GB", "Europe/London")


def test_a_zone_that_does_not_exist_is_dropped() -> None:
    event = activity_to_event(activity(text="hi", localTimezone="../../etc/passwd"))
    assert event is not None and event.actor.timezone is None


@pytest.mark.parametrize("raw, cleaned", [
    ("<at>Tandem</at> status", "status"),
    ("<p>pause&nbsp;2027-03-01</p>", "pause 2027-03-01"),
    ("leave <at>Dana</at>", "leave Dana"),
    ("  help\n\t me  ", "help me"),
    ("\ud800help", "\ufffdhelp"),  # a lone surrogate JSON allows but Teams would refuse
    ("st\x00atus", "st atus"),
])
def test_typed_text_is_cleaned(raw: str, cleaned: str) -> None:
    entities = [{"type": "mention", "text": "<at>Tandem</at>", "mentioned": BOT}]
    assert clean_text(activity(text=raw, entities=entities)) == cleaned


def test_card_submits_become_forms_or_buttons() -> None:
    form = activity_to_event(activity(value={"form_id": "signup", "topics": "a,b",
                                             "consent": True, "n": 3, "skip": {"x": 1}}))
    assert isinstance(form, FormSubmitted)
    assert form.form_id == "signup"
    assert form.values == {"topics": "a,b", "consent": "true", "n": "3"}
    button = activity_to_event(activity(value={"action_id": "join", "value": 7}))
    assert button == ButtonClicked(button.actor, "join", "7", event_id="m1")
    # The card it came from (`replyToId`), where the reply may put its update.
    clicked = activity_to_event(activity(value={"action_id": "join"}, replyToId="card-3"))
    assert isinstance(clicked, ButtonClicked) and clicked.source is not None
    assert clicked.source["activity"] == "card-3"
    assert clicked.source["service_url"] == "https://smba.example/"


@pytest.mark.parametrize("fields, expected", [
    ({"type": "conversationUpdate", "membersAdded": [BOT]}, AppInstalled),
    ({"type": "conversationUpdate", "membersAdded": [{"id": "29:new"}]}, MemberJoined),
    ({"type": "conversationUpdate", "membersRemoved": [{"id": "29:x"}]}, type(None)),
    ({"type": "installationUpdate", "action": "add"}, AppInstalled),
    ({"type": "installationUpdate", "action": "add-upgrade"}, type(None)),
    ({"type": "installationUpdate", "action": "remove"}, type(None)),
    ({"type": "messageReaction"}, type(None)),
])
def test_membership_activities(fields: dict[str, Any], expected: type) -> None:
    assert isinstance(activity_to_event(activity(**fields)), expected)


def test_both_install_notifications_share_one_delivery_id() -> None:
    stamp = "2027-01-20T09:00:00Z"
    installed = activity_to_event(activity(type="installationUpdate", action="add",
                                           id="i1", timestamp=stamp))
    added = activity_to_event(activity(type="conversationUpdate", membersAdded=[BOT],
                                       id="c1", timestamp=stamp))
    assert installed and added and installed.event_id == added.event_id


def test_markdown_keeps_lists_together_and_breaks_lines() -> None:
    assert teams_markdown("Use:\n- a\n- b\nDone.") == "Use:\n\n- a\n- b\n\nDone."
    assert teams_markdown("One.\n\nTwo.") == "One.\n\nTwo."


def test_every_reply_type_has_a_rendering_and_unknown_ones_fail() -> None:
    [send] = render(Text("**hi**"), TURN)
    assert isinstance(send, Send) and send.activity.text_format == "markdown"
    assert render(FormAccepted("signup", "Received."), TURN) == []
    [replace] = render(FormAccepted("signup", "Received."), Turn("card-1"))
    assert isinstance(replace, Replace) and not replace.or_send
    assert replace.activity.id == "card-1"
    assert replace.activity.attachments[0].content["body"][0]["text"] == "✅ Received."
    # No words from the flow: the card stays as it is rather than showing the adapter's own.
    assert render(FormAccepted("signup"), Turn("card-1")) == []
    [listed] = render(FormErrors("signup", {"role": "Choose a role."}), TURN)
    assert isinstance(listed, Send) and listed.activity.text == "- Choose a role."
    assert render(DirectMessage("teams:y", Text("hi")), TURN) == [SendTo("teams:y", Text("hi"))]
    # An Update replaces the clicked card (the click's source names it), as a card.
    [put] = render(Update(Text("Done."), source={"activity": "card-7"}), TURN)
    assert isinstance(put, Replace) and put.or_send and put.activity.id == "card-7"
    assert put.activity.attachments[0].content["body"][0]["text"] == "Done."
    [new] = render(Update(Text("Done.")), TURN)  # no card known: a new message
    assert isinstance(new, Send) and new.activity.id is None
    with pytest.raises(TypeError):
        render("not a reply", TURN)  # type: ignore[arg-type]


def test_inputs_carry_initial_values() -> None:
    multi = Field("topics", "Topics", "multi", choices=(Choice("a", "A"), Choice("b", "B")),
                  initial=("a", "b"))
    assert field_input(multi, "!")["value"] == "a,b"
    consent = Field("consent", "Rules", "checkbox", required=True, initial=("yes",),
                    choices=(Choice("yes", "I agree"),))
    toggle = field_input(consent, "Needed.")
    assert (toggle["value"], toggle["valueOn"], toggle["errorMessage"]) == ("yes", "yes",
                                                                           "Needed.")
    assert field_input(Field("d", "Day", "date", initial="2027-03-01"), "!") == {
        "id": "d", "label": "Day", "type": "Input.Date", "value": "2027-03-01"}


def test_card_buttons_submit_their_action() -> None:
    card = card_to_adaptive(Card("Title", ("Body",), (Button("go", "Go", "1", "danger"),)))
    assert card["actions"] == [{"type": "Action.Submit", "title": "Go", "style": "destructive",
                                "data": {"action_id": "go", "value": "1"}}]


def test_forms_carry_their_own_required_text() -> None:
    form = Form("f", "Title", "Intro", (Field("a", "A", "text", required=True),
                                        Field("p", "People", "users", placeholder="Ada, Bo")),
                "Go", "Cancel", required_message="Bitte ausfüllen.")
    body = form_to_adaptive(form)["body"]
    assert body[2]["errorMessage"] == "Bitte ausfüllen."
    assert body[3] == {"id": "p", "label": "People", "type": "Input.Text",
                       "placeholder": "Ada, Bo"}


def test_more_buttons_than_teams_shows_go_in_rows_per_thing() -> None:
    buttons = [Button("all", "All", "run-9", "primary")]
    for n in range(1, 16):
        buttons += [Button("yes", f"Yes {n}", str(n), "primary"),
                    Button("no", f"No {n}", str(n), "danger")]
    card = card_to_adaptive(Card("Many", ("Body",), tuple(buttons)))
    assert "actions" not in card  # an action bar would show only the first 6
    rows = [[a["title"] for a in e["actions"]] for e in card["body"] if e["type"] == "ActionSet"]
    assert rows[:3] == [["All"], ["Yes 1", "No 1"], ["Yes 2", "No 2"]]
    assert len(rows) == 16 and sum(map(len, rows)) == 31
    assert card_errors(card) == []
    same = card_to_adaptive(Card("Seven", (), tuple(Button("b", str(n), "x") for n in range(7))))
    assert [len(e["actions"]) for e in same["body"] if e["type"] == "ActionSet"] == [6, 1]


def test_a_card_too_large_for_one_message_goes_out_in_parts() -> None:
    sections = tuple(f"**{n}.** " + "ü" * 700 for n in range(60))
    buttons = tuple(Button("pick", f"Pick {n}", str(n)) for n in range(8))
    parts = cards.card_to_adaptives(Card("Long", sections, buttons))
    assert len(parts) > 1
    assert all(cards.utf16_size(p) <= cards.MAX_MESSAGE_BYTES and not card_errors(p)
               for p in parts)
    blocks = [e for p in parts for e in p["body"]]
    assert [b["text"] for b in blocks if b["type"] == "TextBlock"] == ["Long", *sections]
    assert [b["type"] for b in blocks][-2:] == ["ActionSet", "ActionSet"]  # buttons last
    sends = render(Card("Long", sections, buttons), TURN)
    assert len(sends) == len(parts) and all(isinstance(s, Send) for s in sends)
    small = Card("Short", ("Body",), buttons[:2])
    assert cards.card_to_adaptives(small) == [card_to_adaptive(small)]


def test_text_too_long_for_one_message_is_cut_between_lines() -> None:
    lines = [f"- #{n} " + "x" * 400 for n in range(100)]
    chunks = cards.split_markdown("\n".join(lines))
    assert len(chunks) > 1
    assert all(cards.utf16_size(c) <= cards.MAX_MESSAGE_BYTES for c in chunks)
    assert "\n".join(chunks).split("\n") == lines
    assert cards.split_markdown("short") == ["short"]
