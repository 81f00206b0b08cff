"""People's text on Teams: text runs that are never parsed as markdown, on valid 1.5 cards."""

from __future__ import annotations

from hypothesis import assume, given, settings

from adapters.teams import cards
from adapters.teams.render import message_activities
from conversations.replies import (
    Button,
    Card,
    Choice,
    Field,
    Form,
    Text,
    verbatim,
    without_markers,
)
from tests.flows.test_verbatim import TYPED, shown_as
from tests.teams.display import card_texts, markdown_texts
from tests.teams.harness import card_errors


def only_card(body: Text | Card) -> dict:  # type: ignore[type-arg]
    [activity] = message_activities(body)
    assert not activity.text
    [attachment] = activity.attachments
    assert attachment.content_type == cards.CONTENT_TYPE
    card = attachment.content
    assert card_errors(card) == []
    return card  # type: ignore[no-any-return]


@settings(max_examples=25, deadline=None)
@given(TYPED)
def test_a_verbatim_segment_displays_exactly_as_typed(typed: str) -> None:
    assume(shown_as(typed))
    card = only_card(Text(f"**{verbatim(typed)}** wrote: {verbatim(typed)} — [doc](https://a.b)"))
    expected = shown_as(typed)
    assert markdown_texts(card) == []  # nothing on it is parsed as markdown
    assert card_texts(card) == f"{expected} wrote: {expected} — doc"
    [block] = card["body"]
    linked = [r for r in block["inlines"] if isinstance(r, dict) and "selectAction" in r]
    assert linked == [{"type": "TextRun", "text": "doc",
                       "selectAction": {"type": "Action.OpenUrl", "url": "https://a.b"}}]


@settings(max_examples=15, deadline=None)
@given(TYPED)
def test_cards_and_forms_show_people_text_as_typed(typed: str) -> None:
    assume(shown_as(typed))
    expected = shown_as(typed)
    card = only_card(Card(f"Goals of {verbatim(typed)}", (f"- {verbatim(typed)}",),
                          (Button("b", f"Ask {verbatim(typed)}"),)))
    assert card_texts(card) == f"Goals of {expected}\n• {expected}"
    assert markdown_texts(card) == []
    assert card["actions"][0]["title"] == f"Ask {expected}"
    form = cards.form_to_adaptive(Form(
        "f", "Goals", f"Set by {verbatim(typed)}",
        (Field("g", "Goal", "text", initial=typed, placeholder="e.g."),
         Field("c", "Pick", "single", choices=(Choice("a", "A"),))),
        "Save", "Cancel"), errors={"g": f"{verbatim(typed)} is too long"})
    assert card_errors(form) == []
    assert f"Set by {expected}" in card_texts(form)
    assert f"{expected} is too long" in card_texts(form)
    assert markdown_texts(form) == ["Goals"]  # the bot's own title only
    [goal] = [e for e in form["body"] if e.get("id") == "g"]
    assert goal["value"] == without_markers(typed)  # pre-filled as typed, never marked up


def test_the_bots_own_markup_becomes_run_styles_around_people_text() -> None:
    name = verbatim("**Mia** _x_ [a](https://e.x)")
    card = only_card(Text(f"**{name}** asks _kindly_:\n- `join` [guide](https://g.example)"
                          f"\n\n> {name}\n> again"))
    first, item, quote = card["body"]
    assert first == {"type": "RichTextBlock", "inlines": [
        {"type": "TextRun", "text": "**Mia** _x_ [a](https://e.x)", "weight": "Bolder"},
        " asks ", {"type": "TextRun", "text": "kindly", "italic": True}, ":"]}
    assert item == {"type": "RichTextBlock", "spacing": "None", "inlines": [
        "• ", {"type": "TextRun", "text": "join", "fontType": "Monospace"}, " ",
        {"type": "TextRun", "text": "guide",
         "selectAction": {"type": "Action.OpenUrl", "url": "https://g.example"}}]}
    assert quote["type"] == "Container" and quote["style"] == "emphasis"
    assert [b["inlines"] for b in quote["items"]] == [["**Mia** _x_ [a](https://e.x)"],
                                                      ["again"]]
    # Without people's text the bot's markup stays a markdown message, as before.
    [plain] = message_activities(Text("**Hi** [guide](https://g.example)"))
    assert (plain.text, plain.text_format) == ("**Hi** [guide](https://g.example)", "markdown")


def test_a_long_text_with_people_text_is_split_into_cards_that_fit() -> None:
    lines = "\n".join(f"- {verbatim('goal number ' + str(n) + ' ' + 'x' * 200)}"
                      for n in range(300))
    activities = message_activities(Text(lines))
    assert len(activities) > 1
    contents = [a.attachments[0].content for a in activities]
    assert all(cards.utf16_size(c) <= cards.MAX_MESSAGE_BYTES and not card_errors(c)
               for c in contents)
    shown = "\n".join(card_texts(c) for c in contents)
    assert shown.count("• goal number") == 300
