"""Files in a Teams personal chat, through the real botbuilder and the fake connector.

An image goes inline (a `data:` URI); a CSV needs the person's consent: a FileConsentCard,
their accept (`fileConsent/invoke`) names an upload URL, the bot PUTs the bytes there and posts
a FileInfoCard.
"""

from __future__ import annotations

import base64
import os
from typing import Any

import pytest

from adapters.teams.files import INLINE_IMAGE_MAX
from adapters.teams.render import Send, Turn, render
from conversations.attachments import File
from conversations.flows.undelivered import why
from conversations.i18n import Translator
from conversations.outbox import Unreachable, deliver
from conversations.replies import message_to_dict, without_markers
from tests.teams.harness import ANNA, TeamsBot

CONSENT = "application/vnd.microsoft.teams.card.file.consent"
INFO = "application/vnd.microsoft.teams.card.file.info"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
CSV = "Tandem;Status\nMia ↔ Alex;aktiv\n".encode() * 50


async def anna_reference(bot: TeamsBot) -> dict[str, Any]:
    await bot.say(ANNA, "help")  # Anna talked to the bot: her chat is known
    async with bot.runtime.store.unit() as repos:
        reference = await repos.addresses.reference(ANNA.key)
    assert reference is not None
    return reference


def consent_answer(bot: TeamsBot, card: dict[str, Any], action: str = "accept",
                   upload_url: str | None = None, card_id: str | None = None
                   ) -> dict[str, Any]:
    """What Teams posts when the person presses Allow (or Decline) on a consent card."""
    content = card["content"]
    value: dict[str, Any] = {
        "type": "fileUpload", "action": action,
        "context": content["acceptContext" if action == "accept" else "declineContext"]}
    if action == "accept":
        value["uploadInfo"] = {
            "name": card["name"], "fileType": "csv", "uniqueId": "onedrive-1",
            "contentUrl": "https://contoso-my.sharepoint.com/personal/anna/tandems.csv",
            "uploadUrl": upload_url or bot.connector.upload_url(card["name"])}
    return bot.activity(ANNA, "invoke", name="fileConsent/invoke", value=value,
                        replyToId=card_id or "bot-msg-consent")


async def test_a_chart_goes_inline_with_its_caption(teams_bot: TeamsBot) -> None:
    reference = await anna_reference(teams_bot)
    sender = teams_bot.runtime.senders["teams"]
    before = len(teams_bot.connector.calls)
    await sender.send(ANNA.key, reference,
                      File("march.png", "image/png", PNG, title="Tandems **im März**"))
    [call] = teams_bot.connector.calls[before:]
    assert call.conversation_id == ANNA.conversation_id
    [image] = call.body["attachments"]
    assert image["contentType"] == "image/png" and image["name"] == "march.png"
    prefix = "data:image/png;base64,"
    assert image["contentUrl"].startswith(prefix)
    assert base64.b64decode(image["contentUrl"][len(prefix):]) == PNG
    assert call.body["text"] == "Tandems **im März**"


async def test_a_csv_is_offered_then_uploaded_once_the_person_accepts(
        teams_bot: TeamsBot) -> None:
    reference = await anna_reference(teams_bot)
    sender = teams_bot.runtime.senders["teams"]
    await sender.send(ANNA.key, reference,
                      File("tandems.csv", "text/csv", CSV, title="All tandems"))
    [offer] = teams_bot.connector.attachments(CONSENT)
    assert offer["name"] == "tandems.csv"
    assert offer["content"]["sizeInBytes"] == len(CSV)
    assert offer["content"]["description"] == "All tandems"
    assert teams_bot.connector.uploads == []  # nothing leaves before the person agrees

    status, _ = await teams_bot.post(consent_answer(teams_bot, offer))
    assert status == 200
    [upload] = teams_bot.connector.uploads
    assert (upload.name, upload.content) == ("tandems.csv", CSV)
    assert upload.content_range == f"bytes 0-{len(CSV) - 1}/{len(CSV)}"
    [info] = await teams_bot.connector.wait_for(lambda _: teams_bot.connector.attachments(INFO))
    assert info["name"] == "tandems.csv"
    assert info["contentUrl"].endswith("/tandems.csv")
    assert info["content"] == {"uniqueId": "onedrive-1", "fileType": "csv"}


async def test_a_declined_file_is_never_uploaded(teams_bot: TeamsBot) -> None:
    reference = await anna_reference(teams_bot)
    await teams_bot.runtime.senders["teams"].send(ANNA.key, reference,
                                                  File("t.csv", "text/csv", CSV))
    [offer] = teams_bot.connector.attachments(CONSENT)
    status, _ = await teams_bot.post(consent_answer(teams_bot, offer, "decline"))
    assert status == 200
    assert teams_bot.connector.uploads == [] and teams_bot.connector.attachments(INFO) == []


@pytest.mark.parametrize("forged", ["foreign context", "upload elsewhere", "refused upload"])
async def test_an_accept_the_bot_cannot_act_on_uploads_nothing_and_says_so(
        teams_bot: TeamsBot, forged: str) -> None:
    reference = await anna_reference(teams_bot)
    await teams_bot.runtime.senders["teams"].send(ANNA.key, reference,
                                                  File("t.csv", "text/csv", CSV))
    [offer] = teams_bot.connector.attachments(CONSENT)
    answer = consent_answer(teams_bot, offer, upload_url="http://10.0.0.7/steal"
                            if forged == "upload elsewhere" else None)
    if forged == "foreign context":
        answer["value"]["context"] = {"kind": "something-else"}
    if forged == "refused upload":
        teams_bot.connector.upload_status = 507
    status, _ = await teams_bot.post(answer)
    assert status == 500  # Teams shows the person that the upload failed
    assert teams_bot.connector.uploads == [] and teams_bot.connector.attachments(INFO) == []


async def test_the_outbox_delivers_an_image_and_a_file_too_large_for_teams_is_parked_unsent(
        teams_bot: TeamsBot) -> None:
    await anna_reference(teams_bot)
    # Random bytes do not compress: far beyond what one consent card can carry.
    noise = File("noise.csv", "text/csv", os.urandom(40_000))
    big_image = File("big.png", "image/png", os.urandom(INLINE_IMAGE_MAX + 1))
    async with teams_bot.runtime.store.unit() as repos:
        await repos.outbox.enqueue("report:chart", ANNA.key, message_to_dict(
            File("c.png", "image/png", PNG)), teams_bot.clock.now())
        await repos.outbox.enqueue("report:noise", ANNA.key, message_to_dict(noise),
                                   teams_bot.clock.now())
        await repos.outbox.enqueue("report:big", ANNA.key, message_to_dict(big_image),
                                   teams_bot.clock.now())
    before = len(teams_bot.connector.calls)
    report = await deliver(teams_bot.runtime.store, teams_bot.clock,
                           {"teams": teams_bot.runtime.senders["teams"]})
    assert report.sent == ["report:chart"]
    assert sorted(report.unreachable) == ["report:big", "report:noise"]
    [call] = teams_bot.connector.calls[before:]  # the chart alone; nothing of the others
    assert call.body["attachments"][0]["contentType"] == "image/png"
    with pytest.raises(Unreachable, match="too large"):
        await teams_bot.runtime.senders["teams"].send(
            ANNA.key, await anna_reference(teams_bot), noise)
    # Coordinators' `messages` list says why, not "the app may have been removed".
    async with teams_bot.runtime.store.unit() as repos:
        parked = await repos.outbox.parked()
    reasons = {why(Translator("en"), m) for m in parked}
    assert reasons == {"the file cannot be sent there: it is too large for that platform's "
                       "chat, or unreadable"}


def test_a_file_reply_in_a_turn_renders_whole_or_not_at_all() -> None:
    [image] = render(File("c.png", "image/png", PNG), Turn(None))
    assert isinstance(image, Send)
    assert image.activity.attachments[0].content_type == "image/png"
    [offer] = render(File("t.csv", "text/csv", CSV), Turn(None))
    assert isinstance(offer, Send)
    assert offer.activity.attachments[0].content_type == CONSENT
    assert render(File("n.csv", "text/csv", os.urandom(40_000)), Turn(None)) == []
    # A file the flow gave words for says them instead (as typed names stay literal).
    [told] = render(File("n.csv", "text/csv", os.urandom(40_000),
                         unsendable="n.csv is too large to be sent in this chat"), Turn(None))
    assert isinstance(told, Send) and told.activity.text == (
        "n.csv is too large to be sent in this chat")
    assert not told.activity.attachments


def test_every_file_a_flow_makes_knows_what_to_say_when_a_chat_cannot_carry_it() -> None:
    from conversations.attachments import file_from_dict, file_or_notice, file_to_dict

    made = file_or_notice(Translator("de"), "daten.json", "application/json", b"{}")
    assert isinstance(made, File)
    said = without_markers(made.unsendable)
    assert said.startswith("daten.json ist zu groß") and "nicht gesendet" in said
    assert file_from_dict(file_to_dict(made)).unsendable == made.unsendable  # queued too
