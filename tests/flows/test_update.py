"""A click's reply can replace the card that was clicked (`Update`): the core hands the click's
`source` back with it, untouched, and flows never see or set it."""

from __future__ import annotations

from sqlalchemy import select

from conversations.core import TandemCore
from conversations.events import Actor, ButtonClicked, CommandInvoked, FormSubmitted
from conversations.replies import Button, Card, Form, Text, Update, as_update, without_markers
from storage.models import Tandem
from tests.flows.conftest import MENTEE, MENTOR, Transcript
from tests.flows.test_confirm_and_overview import HR, approve_all

# Platform JSON as an adapter names a message: nested, with text the core must not clean.
SOURCE = {"channel": "D0DM", "ts": "1790000001.000100", "nested": {"ids": [1, 2]},
          "note": "tab\there"}


async def one_tandem(core: TandemCore) -> int:
    for name, role, level in (("mia", "mentor", "junior"), ("alex", "mentee", "executive")):
        actor = Actor("console", name, display_name=name.title(), locale="en")
        await core.handle(FormSubmitted(actor, "signup", {
            "role": role, "topics": ["ai"], "department": "", "manager": "",
            "languages": ["en"], "timezone": "Europe/Berlin", "level": level,
            "consent": ["yes"]}))
    await approve_all(core)
    async with core.store.session() as s:
        tid = await s.scalar(select(Tandem.id))
    assert tid is not None
    return tid


async def test_the_dissolve_click_replaces_its_card_with_what_was_done(
        core: TandemCore) -> None:
    tid = await one_tandem(core)
    [card] = (await core.handle(CommandInvoked(HR, f"dissolve {tid}"))).replies
    assert isinstance(card, Card) and card.buttons  # typed: a new card, nothing to replace
    outcome = await core.handle(ButtonClicked(HR, "tandems.dissolve", f"{tid}:no_fit",
                                              source=SOURCE))
    [done] = outcome.replies
    assert isinstance(done, Update) and done.source == SOURCE  # as the adapter gave it
    assert isinstance(done.body, Text)  # no buttons: the spent card cannot be pressed
    assert (f"Tandem #{tid} (Mia ↔ Alex) is dissolved (not a good fit)"
            in without_markers(done.body.markdown))
    # Pressed again (a stale copy, a second coordinator): one effect, and a new message.
    [again] = (await core.handle(ButtonClicked(HR, "tandems.dissolve", f"{tid}:other",
                                               source=SOURCE))).replies
    assert isinstance(again, Text) and "already ended" in again.markdown
    async with core.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None and tandem.end_reason == "no_fit"


async def test_an_update_without_a_source_stays_one(core: TandemCore) -> None:
    tid = await one_tandem(core)
    [kept] = (await core.handle(ButtonClicked(HR, "tandems.keep_tandem", str(tid)))).replies
    # A platform that cannot name the card: the adapter sends the body as a new message.
    assert kept == Update(Text(f"Nothing changed: tandem #{tid} continues."))
    assert kept.source is None


def test_as_update_replaces_with_the_first_message_only() -> None:
    form = Form("f", "Title", "", (), "Send", "Cancel")
    first, second = Text("done"), Card("more", (), (Button("a", "A"),))
    assert as_update([form, first, second]) == [form, Update(first), second]
    assert as_update([form]) == [form]


async def test_the_console_says_in_german_that_an_answered_card_is_spent(
        transcript: Transcript, core: TandemCore) -> None:
    await transcript.say("erika", "join", MENTEE, lang="en")
    await transcript.say("max", "join", MENTOR, lang="en")
    await approve_all(core)
    card = await transcript.say("hr", "auflösen 1", lang="de")
    assert "[2] Beenden: " in card, card
    done = await transcript.say("hr", "2", lang="de")
    assert "Tandem #1" in done and "[" not in done  # printed without numbers to press
    assert ("Diese Karte ist bereits beantwortet; ihre Schaltflächen sind nicht mehr aktiv."
            in await transcript.say("hr", "1", lang="de"))
