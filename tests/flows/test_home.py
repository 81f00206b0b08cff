"""A person's home page, built by the core from what is stored: signed up or not, their tandem
with partner, goals and next session, open retros; for coordinators the program at a glance,
with buttons that run commands as if typed."""

from __future__ import annotations

from datetime import date, timedelta

from conversations import commands
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import Actor, ButtonClicked, CommandInvoked, HomeOpened
from conversations.replies import Home, without_markers
from storage.questionnaires import Ask
from tests.flows.checkin_setup import active_tandem
from tests.flows.conftest import Transcript


def console(user: str, lang: str | None = "en") -> Actor:
    return Actor("console", user, display_name=user.title(), locale=lang)


async def home_of(core: TandemCore, user: str, lang: str | None = "en") -> Home:
    outcome = await core.handle(HomeOpened(console(user, lang)))
    assert outcome.outcome == "ok"
    (home,) = outcome.replies
    assert isinstance(home, Home)
    return home


def text_of(home: Home) -> str:
    return without_markers("\n".join(
        "\n".join((c.title, *c.sections, *(f"[{b.label}]" for b in c.buttons)))
        for c in home.cards))


def buttons(home: Home) -> dict[str, tuple[str, str]]:
    """label → (action id, value)."""
    return {b.label: (b.action_id, b.value) for c in home.cards for b in c.buttons}


async def test_someone_not_signed_up_sees_a_join_button(core: TandemCore) -> None:
    home = await home_of(core, "anna")
    text = text_of(home)
    assert "Welcome to Reverse Mentoring 2027" in text
    assert "You are not signed up yet" in text
    assert buttons(home)["Join"] == ("join", "")  # the sign-up flow's own button
    assert buttons(home)["Help"] == (commands.RUN, "help")
    assert "Program at a glance" not in text


async def test_a_member_sees_partner_goals_and_next_session_as_typed(
        core: TandemCore, clock: FakeClock) -> None:
    assert core.program_id is not None
    goal = "Learn *prompting* <@U123> & `ai`"
    tandem_id = await active_tandem(core.store, core.program_id, clock.now(),
                                    ["erika", "ben"], ["mentor", "mentee"])
    async with core.store.unit() as repos:
        tandem = await repos.tandems.get(tandem_id)
        assert tandem is not None
        tandem.goals = [goal]
    home = await home_of(core, "erika")
    (place,) = [c for c in home.cards if c.title == "Your place in Reverse Mentoring 2027"]
    text = "\n".join(place.sections)
    assert "you take part as **mentor**" in text
    assert "with **Ben** is active" in without_markers(text)
    assert f"\ue000{goal}\ue001" in text  # verbatim: every renderer shows it as typed
    assert "Next session due:" in text
    assert buttons(home)["Log a session"] == (commands.RUN, "log")
    assert "Join" not in buttons(home)


async def test_open_retros_are_listed_with_a_button_to_answer(
        core: TandemCore, clock: FakeClock) -> None:
    assert core.program_id is not None
    tandem_id = await active_tandem(core.store, core.program_id, clock.now(), ["erika", "ben"],
                                    ["mentor", "mentee"])
    assert "Open retros" not in text_of(await home_of(core, "erika"))
    async with core.store.unit() as repos:
        erika = await repos.people.by_key("console:erika")
        assert erika is not None
        await repos.responses.ask_many([Ask(core.program_id, tandem_id, erika.id, "retro",
                                            "session:1", "mentor", date(2027, 1, 19))],
                                       clock.now())
    home = await home_of(core, "erika")
    (card,) = [c for c in home.cards if c.title.startswith("Open retros")]
    assert card.title == "Open retros and questionnaires (1)"
    assert "January 19, 2027" in card.sections[0]
    assert buttons(home)["Answer now"] == (commands.RUN, "retro")
    assert "Open retros" not in text_of(await home_of(core, "ben"))  # hers, not his


async def test_a_coordinator_sees_the_program_at_a_glance(
        core: TandemCore, clock: FakeClock) -> None:
    assert core.program_id is not None
    start = clock.now()
    for i in range(14):
        await active_tandem(core.store, core.program_id, start, [f"m{i}", f"e{i}"],
                            ["mentor", "mentee"])
    clock.advance(timedelta(days=60))  # no session since: every tandem is quiet
    home = await home_of(core, "hr")
    (glance,) = [c for c in home.cards if c.title == "Program at a glance"]
    text = "\n".join(glance.sections)
    assert "Active tandems: 14" in text
    assert "**Quiet tandems (14)**" in text
    assert text.count("\n- #") == 10 and "and 4 more" in text  # the rest: `tandems quiet`
    assert "Messages that could not be delivered: 0" in text
    found = buttons(home)
    assert found["Match"] == (commands.RUN, "match")
    assert found["Report"] == (commands.RUN, "report")
    assert found["Quiet tandems"] == (commands.RUN, "tandems quiet")
    assert "Undelivered messages" not in found  # nothing to see there
    assert "Join" not in found  # coordinators run the program; they need not sign up


async def test_a_german_person_reads_german_and_buttons_carry_german_words(
        core: TandemCore) -> None:
    home = await home_of(core, "hr", lang="de")
    text = text_of(home)
    assert "Programm auf einen Blick" in text
    assert buttons(home)["Vermitteln"] == (commands.RUN, "vermitteln")
    newcomer = await home_of(core, "greta", lang="de")
    assert "Willkommen" in text_of(newcomer) and "Anmelden" in buttons(newcomer)


async def test_a_run_button_runs_its_command_through_the_normal_path(core: TandemCore) -> None:
    clicked = await core.handle(ButtonClicked(console("hr"), commands.RUN, "match"))
    typed = await core.handle(CommandInvoked(console("hr"), "match"))
    assert clicked.replies == typed.replies and clicked.replies  # the same answer as typed
    refused = await core.handle(ButtonClicked(console("anna"), commands.RUN, "match"))
    assert "only the program's coordinators can do that" in refused.replies[0].markdown  # type: ignore[union-attr]
    unknown = await core.handle(ButtonClicked(console("hr"), commands.RUN, "frobnicate"))
    assert "I don't know `" in unknown.replies[0].markdown  # type: ignore[union-attr]


async def test_the_home_command_shows_the_same_cards(transcript: Transcript) -> None:
    shown = await transcript.say("anna", "home", lang="en")
    assert "Welcome to Reverse Mentoring 2027" in shown and "Join" in shown
    assert "Willkommen bei Reverse Mentoring 2027" in await transcript.say(
        "anna", "übersicht", lang="de")
