"""A quick win whose Slack channel does not have the bot: nothing lost, the fix said.

Slack answers `not_in_channel` to chat.postMessage in a channel the bot was never invited
to (Tandem asks for `chat:write`, not `chat:write.public`). The post is parked, not retried
blindly; the author and the coordinator are told to `/invite @Tandem`, and Retry posts it
once the bot is in.
"""

from __future__ import annotations

from pathlib import Path

from conversations.clock import FakeClock
from tests.slack.harness import PROGRAM
from tests.transcripts import harnesses
from tests.transcripts.format import Setting, parse
from tests.transcripts.play import play
from tests.transcripts.test_transcripts import with_settings

STORY = r"""
% quick_wins.slack = "C0WINS"
@mia    > join
@mia    [form signup] role=mentor; topics=ai,tools,devex; level=junior; consent=yes
@alex   > join
@alex   [form signup] role=mentee; topics=ai; level=executive; consent=yes
@coord  > match
@coord  [click Approve all]
@mia    [click I agree to the ground rules]
@alex   [click I agree to the ground rules]
@alex   [click Learning goals]
@alex   [form goals] goal1=Use AI assistants daily
@mia    [click Cadence and mode]
@mia    [form cadence] days=14; minutes=45; mode=video
@alex   [click Agree]
@alex   > win
@alex   [form win] text=Mia set up our first shared prompt library.; names=yes
@mia    [click Approve with my name]
bot     < it is being posted
~ 1 hour later
bot -> #wins  !< prompt library
bot -> @alex  < /could not be posted yet .*library.*C0WINS .*\/invite @Tandem.*Nothing is lost/
bot -> @coord < /not a member of the Slack channel C0WINS .*\/invite @Tandem/
bot -> @mia   !< could not be posted
~ 1 hour later
bot -> @alex  !< could not be posted
@coord  > wins
bot     < could not be posted yet
@coord  [add the bot to #wins]
@alex   [click Retry]
bot     < Trying again
bot -> #wins  < /Mia set up our first shared prompt library\..*Mia und Alex/
@coord  [click Retry #1]
bot     < already approved and on its way
~ 1 hour later
@coord  > wins
bot     < Mia set up our first shared prompt library.
bot     !< could not be posted
"""


async def test_the_bot_not_in_the_channel_is_told_with_the_fix_and_retry_posts_once(
        sqlite_url: str, clock: FakeClock, tmp_path: Path) -> None:
    steps = parse(STORY)
    program = with_settings(PROGRAM, [s for s in steps if isinstance(s, Setting)], tmp_path)
    async with harnesses.slack(sqlite_url, clock, program) as player:
        await play(player, steps, "slack")
        fake = player.bot.fake  # type: ignore[attr-defined]
        posts = fake.to("chat.postMessage", lambda c: c.body.get("channel") == "C0WINS")
        # Refused once while the bot was out, taken once after the invite: never doubled.
        assert [c.answer["ok"] for c in posts] == [False, True]
        assert posts[0].answer["error"] == "not_in_channel"
