"""What quick wins say: the credit line (names only of those who said yes), the channel post
in the program's language, the cards asking for approval, and why a post did not go out.

The quick win itself is what people typed: it always enters a text as `verbatim`, in a quote,
exactly as it was approved.
"""

from __future__ import annotations

from dataclasses import dataclass

from conversations.flows.wording import person_name
from conversations.i18n import Translator
from conversations.program import Program
from conversations.replies import Button, Card, Text, verbatim
from storage.models import Person, QuickWin

# The statuses a quick win can have (storage/models.py QuickWin).
OPEN, CURATING, HELD = "open", "curating", "held"
POSTING, BLOCKED, POSTED, WITHDRAWN = "posting", "blocked", "posted", "withdrawn"
# Before anything went to a channel: it can still be changed or withdrawn.
UNPOSTED = (OPEN, CURATING, HELD)


@dataclass(frozen=True)
class Credit:
    """One person behind a quick win: their name only if they chose to show it, their
    department only if it does not single them out."""
    person: Person
    named: bool
    department: str | None


def and_list(t: Translator, items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return t("{first} and {last}", first=", ".join(items[:-1]), last=items[-1])


def byline(t: Translator, credits: list[Credit], *, own: bool = False) -> str:
    """"Mia Berg and Alex Weber", "a tandem from Sales and IT", "Mia Berg and a tandem partner
    from IT", or "a tandem"; a coordinator's own: their name or "the program team"."""
    named = [person_name(c.person, c.person.key) for c in credits if c.named]
    if own:
        return named[0] if named else t("the program team")
    hidden = [c for c in credits if not c.named]
    departments = list(dict.fromkeys(verbatim(c.department) for c in hidden if c.department))
    where = and_list(t, departments)
    if not hidden:
        return and_list(t, named)
    if not named:
        return t("a tandem from {departments}", departments=where) if where else t("a tandem")
    names = and_list(t, named)
    if len(hidden) == 1:
        return (t("{names} and a tandem partner from {departments}", names=names,
                  departments=where) if where else
                t("{names} and their tandem partner", names=names))
    return (t("{names} and tandem partners from {departments}", names=names,
              departments=where) if where else
            t("{names} and their tandem partners", names=names))


def quoted(win: QuickWin) -> str:
    return "> " + verbatim(win.text)


def topic_of(t: Translator, program: Program, win: QuickWin) -> str | None:
    return program.topic_label(win.topic, t.language) if win.topic else None


def post_text(program: Program, win: QuickWin, credit: str) -> Text:
    """The channel post, in the program's language (`credit` in it too)."""
    t = Translator(program.language, program.german)
    topic = topic_of(t, program, win)
    tail = "— " + credit + (" · " + topic if topic else "")
    return Text(t("**Quick win** from the reverse mentoring program {program}",
                  program=program.name) + "\n" + quoted(win) + "\n" + tail)


def summary(t: Translator, program: Program, win: QuickWin, credit: str) -> str:
    """The quick win as a card section: the quote, who, and its topic."""
    topic = topic_of(t, program, win)
    return quoted(win) + "\n" + "— " + credit + (" · " + topic if topic else "")


def approval_card(t: Translator, program: Program, win: QuickWin, who: Person,
                  anonymous: str, *, changed: bool) -> Card:
    """To a member who has not approved the current text: approve it (with or without their
    name), change it, or withdraw it."""
    value = f"{win.id}:{win.revision}"
    name = person_name(who, who.key)
    title = (t("{who} changed the quick win", who=name) if changed else
             t("{who} proposes a quick win", who=name))
    topic = topic_of(t, program, win)
    sections = [quoted(win) + (("\n" + t("Topic: {topic}", topic=topic)) if topic else ""),
                t("It is posted to the program's quick-wins channel only when everyone in "
                  "your tandem has approved this exact text. Whether your name appears is "
                  "your own choice; without names it says: “{anonymous}”.",
                  anonymous=anonymous)]
    return Card(title, tuple(sections), (
        Button("wins.approve_named", t("Approve with my name"), value, "primary"),
        Button("wins.approve_anon", t("Approve without my name"), value),
        Button("wins.edit", t("Edit"), value),
        Button("wins.withdraw", t("Withdraw"), str(win.id), "danger")))


def own_card(t: Translator, win: QuickWin, waiting: str) -> Card:
    """To a member who approved the current text: who it waits for, and their buttons."""
    value = f"{win.id}:{win.revision}"
    return Card(t("Your quick win"), (
        quoted(win),
        t("Waiting for {people} to approve this exact text. Nothing is posted before.",
          people=waiting)),
        (Button("wins.edit", t("Edit"), value),
         Button("wins.withdraw", t("Withdraw"), str(win.id), "danger")))


def curation_card(t: Translator, program: Program, win: QuickWin, credit: str) -> Card:
    value = f"{win.id}:{win.revision}"
    return Card(t("A quick win to post?"), (
        summary(t, program, win, credit),
        t("Everyone in the tandem approved this text. It is posted to the quick-wins "
          "channel only when a coordinator says **Post**.")),
        (Button("wins.post", t("Post"), value, "primary"),
         Button("wins.hold", t("Hold"), value)))


def platform_name(platform: str) -> str:
    return {"slack": "Slack", "teams": "Teams"}.get(platform, platform)


# Why a channel refused a post, by platform: the fix is the coordinators' (invite the bot).
NOT_A_MEMBER = {"slack": frozenset({"not_in_channel", "channel_not_found"}),
                "teams": frozenset({"no_channel_reference", "http_403", "http_404"})}


def blocked_text(t: Translator, platform: str, channel: str, reason: str) -> str:
    """Why the post to `channel` did not go out, and what fixes it."""
    cause, _, code = reason.partition(":")
    code = (code or cause).replace("`", "'")[:60]
    shown = channel.replace("`", "'")  # the program file's, not typed in chat
    if platform == "slack" and code in NOT_A_MEMBER["slack"]:
        return t("Tandem is not a member of the Slack channel `{channel}` (`[quick_wins] "
                 "slack`), or there is no such channel, so it cannot post there. To fix it, "
                 "open that channel in Slack and type `/invite @Tandem` (or correct the id), "
                 "then press **Retry**.", channel=shown)
    if platform == "slack" and code == "is_archived":
        return t("The Slack channel `{channel}` is archived. Unarchive it, or set another "
                 "channel as `[quick_wins] slack`, then press **Retry**.", channel=shown)
    if platform == "teams" and code in NOT_A_MEMBER["teams"]:
        return t("Tandem cannot post in the Teams channel `{channel}` (`[quick_wins] teams`). "
                 "To fix it, add the Tandem app to that channel's team; if it is not the "
                 "team's General channel, also @mention Tandem there once. Then press "
                 "**Retry**.", channel=shown)
    return t("{platform} did not take the post to `{channel}` (`{code}`). Press **Retry** "
             "to try again; if it keeps failing, check `[quick_wins]` in the program file.",
             platform=platform_name(platform), channel=shown, code=code)
