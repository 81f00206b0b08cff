"""How a circle's group messages travel: one Slack group DM for all four (conversations.open
with every member), and in Teams each member's own chat, once each."""

from __future__ import annotations

from pathlib import Path

from conversations.clock import FakeClock
from tests.slack.harness import PROGRAM as SLACK_PROGRAM
from tests.teams.harness import TEAMS_PROGRAM
from tests.transcripts import harnesses
from tests.transcripts.format import Setting, load
from tests.transcripts.play import play
from tests.transcripts.slack_player import PEOPLE as SLACK_PEOPLE
from tests.transcripts.slack_player import SlackPlayer
from tests.transcripts.teams_player import PEOPLE as TEAMS_PEOPLE
from tests.transcripts.teams_player import TeamsPlayer
from tests.transcripts.test_transcripts import with_settings

STORY = load(Path(__file__).with_name("group_circle.txt"))
SETTINGS = [s for s in STORY if isinstance(s, Setting)]
CIRCLE = ("mia", "sam", "kai", "alex")


async def test_slack_introduces_a_circle_in_one_group_dm_of_four(
        sqlite_url: str, clock: FakeClock, tmp_path: Path) -> None:
    program = with_settings(SLACK_PROGRAM, SETTINGS, tmp_path)
    async with harnesses.slack(sqlite_url, clock, program) as player:
        await play(player, STORY, "slack")
        assert isinstance(player, SlackPlayer)
        fake = player.bot.fake
        [(channel, members)] = fake.group_dms.items()
        assert sorted(members) == sorted(SLACK_PEOPLE[a] for a in CIRCLE)
        [opened] = {c.body["users"] for c in fake.to("conversations.open")}
        assert sorted(opened.split(",")) == sorted(members)
        to_group = [c for c in fake.to("chat.postMessage") if c.body["channel"] == channel]
        texts = [str(c.body.get("text", "")) + str(c.body.get("blocks", "")) for c in to_group]
        assert sum("Meet your circle" in t for t in texts) == 1
        assert sum("Your circle is active" in t for t in texts) == 1


async def test_teams_sends_each_member_of_a_circle_their_own_introduction(
        sqlite_url: str, tmp_path: Path) -> None:
    program = with_settings(TEAMS_PROGRAM, SETTINGS, tmp_path)
    async with harnesses.teams(sqlite_url, program) as player:
        await play(player, STORY, "teams")
        assert isinstance(player, TeamsPlayer)
        for alias in CIRCLE:
            texts = [c.text for c in player.bot.inbox(TEAMS_PEOPLE[alias])]
            assert sum("Meet your circle" in t for t in texts) == 1, alias
            assert sum("Your circle is active" in t for t in texts) == 1, alias
