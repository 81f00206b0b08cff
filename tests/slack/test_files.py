"""A file for a person in Slack: slack-sdk's three calls against the fake, over loopback.

The bytes go to the upload URL first; then the caption to the user id (Slack names the DM in
its answer: no `im:write`); files.completeUploadExternal shares the file into that DM.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from adapters.slack.app import build_client
from adapters.slack.delivery import Origin, ReplyDelivery
from adapters.slack.sender import SlackSender
from conversations.attachments import MAX_FILE_BYTES, File, FileTooLarge
from conversations.clock import FakeClock
from conversations.destinations import Channel
from conversations.outbox import RetryLater, SendFailed, deliver
from conversations.replies import DirectMessage, message_to_dict
from storage.db import Store
from storage.models import OutboxMessage
from tests.slack.display import shown
from tests.slack.fake_api import FakeSlackApi, dm_channel

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40  # not text: every byte must survive
CSV = "Tandem;Status\nMia ↔ Alex;aktiv\n".encode()


@pytest.fixture
def sender(fake: FakeSlackApi) -> SlackSender:
    return SlackSender(build_client("xoxb-test-files", fake.api_url.rstrip("/")))


async def test_a_chart_lands_whole_in_the_persons_dm(fake: FakeSlackApi,
                                                     sender: SlackSender) -> None:
    chart = File("tandems-2027-03.png", "image/png", PNG, title="Tandems in March")
    await sender.send("slack:UCOORD", None, chart)
    (caption,) = fake.to("chat.postMessage")
    assert caption.body["channel"] == "UCOORD" and "Tandems in March" in shown(caption.body)
    (upload,) = fake.shared()
    assert upload.channel == dm_channel("UCOORD")  # the DM Slack named, not the user id
    assert (upload.filename, upload.content) == ("tandems-2027-03.png", PNG)
    assert upload.title == upload.alt_txt == "Tandems in March"
    assert [c.method for c in fake.calls] == [
        "files.getUploadURLExternal", "chat.postMessage", "files.completeUploadExternal"]
    announced = fake.to("files.getUploadURLExternal")[0]
    assert announced.body["length"] == str(len(PNG))
    assert announced.authorization == "Bearer xoxb-test-files"


async def test_a_csv_through_the_outbox_is_sent_once_and_its_bytes_are_then_gone(
        fake: FakeSlackApi, sender: SlackSender, store: Store, clock: FakeClock) -> None:
    table = File("tandems.csv", "text/csv", CSV, title="Alle Tandems")
    async with store.unit() as repos:
        await repos.outbox.enqueue("report:1", "slack:UCOORD", message_to_dict(table),
                                   clock.now())
    report = await deliver(store, clock, {"slack": sender})
    assert report.sent == ["report:1"]
    (upload,) = fake.shared()
    assert (upload.filename, upload.content, upload.channel) == (
        "tandems.csv", CSV, dm_channel("UCOORD"))
    assert upload.alt_txt is None  # alt text is for images
    async with store.session() as session:
        (row,) = await session.scalars(select(OutboxMessage))
    assert row.sent_at is not None and row.body is None  # the bytes went with the body
    assert (await deliver(store, clock, {"slack": sender})).sent == []


async def test_a_file_in_a_channel_carries_its_caption_as_the_comment(
        fake: FakeSlackApi, sender: SlackSender) -> None:
    await sender.send_channel(Channel("slack", "C0QUICKWIN"),
                              File("chart.png", "image/png", PNG, title="Quick wins"))
    assert fake.to("chat.postMessage") == []
    (upload,) = fake.shared()
    assert (upload.channel, upload.initial_comment) == ("C0QUICKWIN", "Quick wins")


async def test_a_file_for_a_tandem_goes_into_its_group_dm(fake: FakeSlackApi,
                                                         sender: SlackSender) -> None:
    await sender.send_group(["slack:UEN", "slack:UMENTOR"],
                            File("plan.csv", "text/csv", CSV, title="Your plan"))
    [(group, members)] = fake.group_dms.items()
    (upload,) = fake.shared()
    assert (upload.channel, upload.initial_comment, upload.content) == (group, "Your plan",
                                                                        CSV)
    assert set(members) == {"UEN", "UMENTOR"}


async def test_a_refused_upload_or_a_rate_limit_shows_nothing_and_is_retried_later(
        fake: FakeSlackApi, sender: SlackSender) -> None:
    fake.upload_refused = 500
    with pytest.raises(SendFailed, match="slack:upload_http_500"):
        await sender.send("slack:UCOORD", None, File("a.csv", "text/csv", CSV, title="T"))
    fake.fail_next("files.getUploadURLExternal", 429, retry_after=30)
    with pytest.raises(RetryLater) as caught:
        await sender.send("slack:UCOORD", None, File("a.csv", "text/csv", CSV, title="T"))
    assert caught.value.seconds == 30
    # Neither the caption nor a share: the person saw nothing of either attempt.
    assert fake.to("chat.postMessage") == [] and fake.shared() == []
    await sender.send("slack:UCOORD", None, File("a.csv", "text/csv", CSV, title="T"))
    assert [u.content for u in fake.shared()] == [CSV]
    assert len(fake.to("chat.postMessage")) == 1


def test_too_large_a_file_is_refused_before_anything_is_queued_or_sent() -> None:
    with pytest.raises(FileTooLarge, match="at most 5242880"):
        File("huge.csv", "text/csv", b"x" * (MAX_FILE_BYTES + 1))
    assert File("edge.csv", "text/csv", b"x" * MAX_FILE_BYTES).size == MAX_FILE_BYTES


async def test_a_file_reply_to_a_command_goes_to_the_persons_dm(fake: FakeSlackApi) -> None:
    # A slash command's response_url cannot carry a file: it goes to the person's DM.
    client = build_client("xoxb-test-files", fake.api_url.rstrip("/"))
    delivery = ReplyDelivery(client, [])
    origin = Origin("UCOORD", channel_id="C0GENERAL", response_url=fake.response_url("h"))
    table = File("t.csv", "text/csv", CSV, title="Report")
    await delivery.deliver([table, DirectMessage("slack:UEN", File("u.csv", "text/csv", b"1"))],
                           origin)
    assert [(u.filename, u.channel) for u in fake.shared()] == [
        ("t.csv", dm_channel("UCOORD")), ("u.csv", dm_channel("UEN"))]
    # In the bot's DM itself, no caption is needed to find the DM.
    await delivery.deliver([table], Origin("UCOORD", channel_id="D0DMCOORD1"))
    assert fake.shared()[-1].channel == "D0DMCOORD1"
    assert fake.shared()[-1].initial_comment == "Report"
