"""Transcripts over real HTTP: Teams activities in, connector calls out, the store checked."""

from __future__ import annotations

from typing import Any

from conversations.i18n import Translator
from tests.teams.harness import ANNA, BEN, BOT, GRETA, SIGNUP, Person, TeamsBot

SIGNUP_FIELDS = ["role", "topics", "department", "manager", "languages", "timezone", "level",
                 "never_match", "consent"]


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}


def error_under(card: dict[str, Any], field_id: str) -> str | None:
    """The red TextBlock directly under a field, if there is one."""
    body = card["body"]
    index = next(i for i, e in enumerate(body) if e.get("id") == field_id)
    following = body[index + 1] if index + 1 < len(body) else {}
    return following.get("text") if following.get("color") == "Attention" else None


async def enrollment_of(bot: TeamsBot, person: Person) -> Any:
    async with bot.runtime.store.unit() as repos:
        row = await repos.people.by_key(person.key)
        if row is None:
            return None
        return await repos.enrollments.for_person(bot.runtime.core.program_id, row.id)


async def test_help_lists_the_commands(teams_bot: TeamsBot) -> None:
    reply = await teams_bot.say(ANNA, "help")
    for command in ("join", "status", "pause 2027-03-31", "resume", "leave", "help"):
        assert f"- `{command}`" in reply
    # A blank line before the list, so Teams shows it as a list and not one run-on line.
    assert "You can use:\n\n- `join`" in reply


async def test_mention_and_html_are_stripped(teams_bot: TeamsBot) -> None:
    activity = teams_bot.message(
        ANNA, "<p><at>Tandem</at>&nbsp;help</p>",
        entities=[{"type": "mention", "text": "<at>Tandem</at>", "mentioned": BOT}])
    calls = await teams_bot.send(activity)
    assert "- `status`" in calls[0].text


async def test_join_sends_a_card_with_every_signup_field(teams_bot: TeamsBot) -> None:
    _, card = await teams_bot.join(ANNA)
    assert card["version"] == "1.5"
    fields = inputs(card)
    assert list(fields) == SIGNUP_FIELDS
    labels = [f["label"] for f in fields.values()]
    assert labels == ["Role", "Topics", "Department", "Manager", "Languages", "Time zone",
                      "Seniority level", "Never pair me with", "Ground rules"]
    assert fields["role"]["type"] == "Input.ChoiceSet" and fields["role"]["style"] == "compact"
    assert fields["topics"]["isMultiSelect"] is True
    assert fields["manager"]["type"] == "Input.Text"
    assert fields["timezone"]["value"] == ANNA.timezone  # prefilled from localTimezone
    assert fields["consent"]["type"] == "Input.Toggle"
    for required in ("role", "topics", "consent"):
        assert fields[required]["isRequired"] is True and fields[required]["errorMessage"]
    assert card["actions"] == [{"type": "Action.Submit", "title": "Sign up", "style": "positive",
                                "data": {"form_id": "signup"}}]


async def test_never_pair_with_is_typed_as_names_or_addresses(teams_bot: TeamsBot) -> None:
    card_id, card = await teams_bot.join(ANNA)
    field = inputs(card)["never_match"]
    assert field == {"id": "never_match", "label": "Never pair me with", "type": "Input.Text"}
    body = card["body"]
    hint = body[body.index(field) + 1]
    assert hint["isSubtle"] and hint["text"].startswith("Optional and private")

    # Typed as Teams sends it: one string; the flow splits on commas.
    value = SIGNUP | {"never_match": " Ben Ochs,dana@example.com , ,Ben Ochs"}
    await teams_bot.send(teams_bot.submit(ANNA, value, card_id))
    assert (await enrollment_of(teams_bot, ANNA)).never_match == ["Ben Ochs",
                                                                  "dana@example.com"]


async def test_too_many_never_pair_names_are_refused_under_the_field(
        teams_bot: TeamsBot) -> None:
    card_id, _ = await teams_bot.join(BEN)
    names = ", ".join(f"Person {n}" for n in range(21))
    calls = await teams_bot.send(teams_bot.submit(BEN, SIGNUP | {"never_match": names},
                                                  card_id))
    [update] = calls
    assert error_under(update.card, "never_match") == "Please name at most 20 people."
    assert inputs(update.card)["never_match"]["value"] == names  # kept to shorten, not retype
    assert await teams_bot.count("enrollments") == 0


async def test_form_words_come_translated_from_the_flow(teams_bot: TeamsBot) -> None:
    de = Translator("de")
    card_id, card = await teams_bot.join(GRETA)
    assert inputs(card)["role"]["errorMessage"] == de("Please fill in this field.")
    calls = await teams_bot.send(teams_bot.submit(GRETA, SIGNUP, card_id))
    [update] = [c for c in calls if c.method == "PUT"]
    assert update.card["body"][0]["text"] == "✅ " + de("Your answers were received.")


async def test_submit_enrols_and_replaces_the_card(teams_bot: TeamsBot) -> None:
    card_id, _ = await teams_bot.join(ANNA)
    calls = await teams_bot.send(teams_bot.submit(ANNA, SIGNUP, card_id))

    enrollment = await enrollment_of(teams_bot, ANNA)
    assert enrollment.status == "active" and enrollment.role == "mentor"
    assert enrollment.topics == ["ai", "devex"]  # "devex,ai" as Teams sends a multi-select
    assert enrollment.languages == ["de", "en"]
    assert enrollment.manager == "carla@example.com"
    [update] = [c for c in calls if c.method == "PUT"]
    assert update.activity_id == card_id and "received" in update.card["body"][0]["text"]
    [confirmation] = [c for c in calls if c.method == "POST"]
    assert "Welcome to **Reverse Mentoring 2027**" in confirmation.text
    assert "signed up as **mentor**" in confirmation.text


async def test_incomplete_submit_shows_errors_under_the_fields(teams_bot: TeamsBot) -> None:
    card_id, _ = await teams_bot.join(ANNA)
    value = {"form_id": "signup", "department": "Platform", "consent": ""}
    calls = await teams_bot.send(teams_bot.submit(ANNA, value, card_id))

    [update] = calls
    assert update.method == "PUT" and update.activity_id == card_id
    card = update.card
    assert error_under(card, "role") == "Please choose whether you join as mentor or mentee."
    assert error_under(card, "topics") == "Please choose at least one topic."
    assert error_under(card, "consent") == "Please agree to the ground rules to take part."
    assert error_under(card, "department") is None
    assert inputs(card)["department"]["value"] == "Platform"  # the answers are kept
    assert await teams_bot.count("people") == 0
    assert await teams_bot.count("enrollments") == 0


async def test_errors_without_a_known_card_come_as_a_new_card(teams_bot: TeamsBot) -> None:
    await teams_bot.join(ANNA)
    calls = await teams_bot.send(teams_bot.submit(ANNA, {"form_id": "signup"}))
    [new_card] = calls
    assert new_card.method == "POST" and error_under(new_card.card, "role")


async def test_a_card_that_cannot_be_updated_is_sent_again(teams_bot: TeamsBot) -> None:
    card_id, _ = await teams_bot.join(ANNA)
    teams_bot.connector.failures = [404]  # the update is refused, e.g. the card was deleted
    calls = await teams_bot.send(teams_bot.submit(ANNA, {"form_id": "signup"}, card_id))
    [new_card] = calls
    assert new_card.method == "POST" and error_under(new_card.card, "topics")


async def test_installing_welcomes_once_and_enrols_nobody(teams_bot: TeamsBot) -> None:
    added = teams_bot.activity(ANNA, "conversationUpdate", membersAdded=[dict(BOT)])
    calls = await teams_bot.send(added)
    [welcome] = calls
    assert "Taking part is voluntary" in welcome.text and "`join`" in welcome.text
    # Teams also sends installationUpdate for the same install: no second welcome.
    assert await teams_bot.send(teams_bot.activity(ANNA, "installationUpdate", action="add")) == []
    assert await teams_bot.count("people") == 0
    assert await teams_bot.count("enrollments") == 0


async def test_a_member_joining_is_never_enrolled(teams_bot: TeamsBot) -> None:
    added = teams_bot.activity(ANNA, "conversationUpdate", membersAdded=[BEN.account()])
    await teams_bot.send(added)
    assert await teams_bot.count("people") == 0
    assert await teams_bot.count("enrollments") == 0


async def test_german_locale_gets_german(teams_bot: TeamsBot) -> None:
    de = Translator("de")
    reply = await teams_bot.say(GRETA, "help")
    program = teams_bot.runtime.program.name
    assert de("**Tandem** runs the reverse mentoring program **{program}**. You can use:",
              program=program) in reply
    assert de("show this list") in reply
    _, card = await teams_bot.join(GRETA)
    assert inputs(card)["role"]["label"] == de("Role")
    await teams_bot.send(teams_bot.submit(GRETA, SIGNUP | {"role": "mentee"}))
    reply = await teams_bot.say(GRETA, "pause 2027-03-01")
    assert "1. März 2027" in reply  # dates are German whatever the catalog holds


async def test_a_redelivered_activity_has_one_effect(teams_bot: TeamsBot) -> None:
    activity = teams_bot.message(ANNA, "help")
    assert (await teams_bot.post(activity))[0] == 201
    assert (await teams_bot.post(activity))[0] == 201
    assert len([c for c in teams_bot.connector.calls if c.activity_id == activity["id"]]) == 1


async def test_status_pause_resume_leave(teams_bot: TeamsBot) -> None:
    assert "not signed up" in await teams_bot.say(ANNA, "status")
    await teams_bot.send(teams_bot.submit(ANNA, SIGNUP))
    assert "you take part as **mentor**" in await teams_bot.say(ANNA, "status")
    assert "Your break is noted until March 1, 2027" in await teams_bot.say(
        ANNA, "pause 2027-03-01")
    assert (await enrollment_of(teams_bot, ANNA)).status == "paused"
    assert "on a break until March 1, 2027" in await teams_bot.say(ANNA, "status")
    assert "Welcome back" in await teams_bot.say(ANNA, "resume")
    assert (await enrollment_of(teams_bot, ANNA)).status == "active"
    # `leave` asks first, on a card with two buttons; "No, stay" changes nothing.
    [asked] = [c for c in await teams_bot.answer(teams_bot.message(ANNA, "leave")) if c.card]
    assert asked.card is not None and "Leave Reverse Mentoring 2027?" in asked.text
    assert "your sign-up answers are deleted" in asked.text
    stay = await teams_bot.click(ANNA, asked, "leave.cancel")
    assert any("nothing changed" in c.text for c in stay), [c.body for c in stay]
    assert (await enrollment_of(teams_bot, ANNA)).status == "active"
    left = await teams_bot.click(ANNA, asked, "leave.confirm")
    assert any("You have left" in c.text for c in left), [c.body for c in left]
    # The same card pressed again (a double click, an old card) changes nothing.
    twice = await teams_bot.click(ANNA, asked, "leave.confirm")
    assert any("You have already left" in c.text for c in twice), [c.body for c in twice]
    enrollment = await enrollment_of(teams_bot, ANNA)
    assert enrollment.status == "withdrawn" and enrollment.topics == []
    assert "not signed up" in await teams_bot.say(ANNA, "status")


async def test_a_mentor_and_a_mentee_both_sign_up(teams_bot: TeamsBot) -> None:
    await teams_bot.send(teams_bot.submit(ANNA, SIGNUP))
    await teams_bot.send(teams_bot.submit(BEN, SIGNUP | {"role": "mentee", "level": "senior"}))
    assert (await enrollment_of(teams_bot, ANNA)).role == "mentor"
    ben = await enrollment_of(teams_bot, BEN)
    assert ben.role == "mentee" and ben.level == "senior"
    async with teams_bot.runtime.store.unit() as repos:
        person = await repos.people.by_key(BEN.key)
    assert person.workspace_id == "tenant-0001" and person.display_name == "Ben Ochs"
