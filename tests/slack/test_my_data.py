"""`/tandem my data` in Slack: the export arrives as a JSON file in the person's DM with the
bot (files_upload_v2 against the fake Web API), holding their own sign-up."""

from __future__ import annotations

import json

from tests.slack.fake_api import dm_channel
from tests.slack.harness import SlackBot


async def test_my_data_is_a_json_file_in_the_dm(slack_bot: SlackBot) -> None:
    await slack_bot.sign_up("UEN")
    reply, _ = await slack_bot.command("my data", user="UEN")
    assert reply.status == 200
    await slack_bot.fake.wait_for("files.completeUploadExternal")
    (upload,) = slack_bot.fake.shared()
    assert upload.channel == dm_channel("UEN")
    assert upload.filename.startswith("tandem-my-data-") and upload.filename.endswith(".json")
    data = json.loads(upload.content)
    assert data["people"][0]["key"] == "slack:UEN"
    assert data["enrollments"][0]["role"] == "mentee"
    assert data["enrollments"][0]["topics"] == ["ai", "tools"]
