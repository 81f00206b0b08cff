"""`my data` and `forget me` in Teams, through botbuilder and the fake connector: the export
is offered as a JSON file (file consent, bytes in the card) with the person's own sign-up;
after "Yes, erase my data" the person's Teams conversation reference is gone."""

from __future__ import annotations

import json

from tests.teams.harness import ANNA, TeamsBot

CONSENT = "application/vnd.microsoft.teams.card.file.consent"


async def test_my_data_is_offered_as_a_json_file_and_forget_me_erases(
        teams_bot: TeamsBot) -> None:
    await teams_bot.signup(ANNA)
    calls = await teams_bot.answer(teams_bot.message(ANNA, "my data"))
    assert any("everything" in (c.text or "") for c in calls)
    [offer] = teams_bot.connector.attachments(CONSENT)
    assert offer["name"].startswith("tandem-my-data-") and offer["name"].endswith(".json")
    assert offer["content"]["sizeInBytes"] > 0
    assert await teams_bot.count("addresses", f"person_key = '{ANNA.key}'") == 1

    [card_call] = [c for c in await teams_bot.answer(teams_bot.message(ANNA, "forget me"))
                   if c.card is not None]
    done = await teams_bot.click(ANNA, card_call, "gdpr.forget")
    assert any("has been erased" in (c.text or json.dumps(c.card)) for c in done)
    assert await teams_bot.count("addresses", f"person_key = '{ANNA.key}'") == 0
    assert await teams_bot.count("people", f"key = '{ANNA.key}'") == 0
    assert await teams_bot.count("enrollments", "status = 'withdrawn'") == 1
