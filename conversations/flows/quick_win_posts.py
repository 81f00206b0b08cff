"""Quick wins on their way to the channels, and the work that comes due with them.

`queue_posts` puts one outbox message per configured channel (`[quick_wins] slack`, `teams`,
`console`), keyed `win-post:<id>:<platform>`: a double click, a second replica or a retry
can never post twice. The tick's `settle_posts` reads what became of them: a post a channel
refused (the bot is not a member of the Slack channel, the app is not in the Teams channel's
team) makes the quick win `blocked`, and its author and the coordinators are told what fixes
it, with a **Retry** button; nothing is lost. `weekly_digest` tells each coordinator once
per ISO week what was posted the week before and what waits for them.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm.exc import StaleDataError

from conversations.destinations import channel_key
from conversations.due import DueRun
from conversations.flows.quick_win_wording import (
    BLOCKED,
    CURATING,
    POSTED,
    POSTING,
    Credit,
    blocked_text,
    byline,
    post_text,
    quoted,
)
from conversations.flows.wording import long_date, translator_of
from conversations.i18n import Translator
from conversations.program import Program
from conversations.replies import Button, Card, message_to_dict, verbatim
from conversations.working_time import next_working_moment, working_time_of
from storage.models import OutboxMessage, Person, QuickWin
from storage.quick_wins import post_key, touch
from storage.repositories import Queued, Repositories

log = logging.getLogger("tandem.due")
SETTLED_AT_ONCE = 200  # quick wins on their way looked at per tick (there are a handful)


async def credits_of(repos: Repositories, program: Program, program_id: int,
                     win: QuickWin) -> list[Credit]:
    """Who is behind `win`: everyone with a say on it — once it went out, those who approved
    what went out. A department is named only if at least `[privacy] min_group` people of
    the program share it, so that it cannot point at one person."""
    gone_out = win.status in (POSTING, BLOCKED, POSTED)
    consents = [c for c in win.consents
                if not gone_out or c.approved_revision == win.revision]
    ids = [c.person_id for c in consents]
    people = await repos.people.by_ids(ids)
    enrollments = await repos.enrollments.for_people(program_id, ids)
    sizes = await repos.quick_wins.department_sizes(program_id)
    credits = []
    for consent in consents:
        person = people.get(consent.person_id)
        if person is None:
            continue
        enrollment = enrollments.get(person.id)
        department = enrollment.department if enrollment else None
        safe = department if department and sizes.get(department, 0) >= program.min_group \
            else None
        credits.append(Credit(person, consent.show_name, safe))
    return credits


async def credit_line(repos: Repositories, program: Program, program_id: int,
                      win: QuickWin, t: Translator) -> str:
    return byline(t, await credits_of(repos, program, program_id, win),
                  own=win.tandem_id is None)


async def queue_posts(repos: Repositories, program: Program, program_id: int, win: QuickWin,
                      now: datetime) -> int:
    """Post `win` to every configured channel, once each; in the program's language."""
    win.status = POSTING
    touch(win, now)
    words = Translator(program.language, program.german)
    body = message_to_dict(post_text(program, win, await credit_line(
        repos, program, program_id, win, words)))
    queued = 0
    for platform, channel in sorted(program.quick_wins_channels.items()):
        queued += await repos.outbox.enqueue(post_key(win.id, platform),
                                             channel_key(platform, channel), body, now)
    return queued


def _win_of(row: OutboxMessage) -> int:
    return int(row.dedupe_key.split(":")[1])


def _platform_of(row: OutboxMessage) -> str:
    return row.dedupe_key.rsplit(":", 1)[1]


def _parked(row: OutboxMessage) -> bool:
    return row.sent_at is None and row.failed_reason is not None


async def settle_posts(run: DueRun) -> None:
    """Record a quick win's first post, and tell its author and the coordinators when a
    channel refused it. One look at the quick wins on their way and one at their posts,
    however many; a second replica doing the same at once changes nothing twice."""
    if run.dry_run:
        return  # it only records what happened to posts; its messages follow a refusal
    try:
        async with run.store.unit() as repos:
            wins = await repos.quick_wins.with_status(run.program_id, (POSTING,),
                                                      SETTLED_AT_ONCE)
            if not wins:
                return
            rows: dict[int, list[OutboxMessage]] = {}
            for row in await repos.quick_wins.posts([w.id for w in wins]):
                rows.setdefault(_win_of(row), []).append(row)
            notices: list[Queued] = []
            for win in wins:
                mine = rows.get(win.id, [])
                sent = [r.sent_at for r in mine if r.sent_at is not None]
                if sent and win.posted_at is None:
                    win.posted_at = min(sent)
                parked = [r for r in mine if _parked(r)]
                if parked:
                    win.status = BLOCKED
                    touch(win, run.now)
                    notices += await _blocked(repos, run, win, parked)
                elif mine and len(sent) == len(mine):
                    win.status = POSTED
            await repos.outbox.enqueue_many(notices, run.now)
    except StaleDataError:  # another replica (or a retry) changed one meanwhile: next tick
        log.info("quick wins changed meanwhile")
        return
    run.report.queued += [n.dedupe_key for n in notices]


async def _blocked(repos: Repositories, run: DueRun, win: QuickWin,
                   parked: list[OutboxMessage]) -> list[Queued]:
    """The author's and each coordinator's message about a refused post: why, the fix, and
    a Retry button. Keyed by when it was refused: a retry refused again tells them again."""
    program = run.program
    author = await repos.people.by_ids([win.author_id]) if win.author_id else {}
    readers: dict[str, Person | None] = {p.key: p for p in author.values()}
    coordinators = await repos.people.by_keys(sorted(program.coordinators))
    for key in sorted(program.coordinators):
        readers.setdefault(key, coordinators.get(key))
    when = max(int(r.failed_at.timestamp()) for r in parked if r.failed_at is not None) \
        if any(r.failed_at for r in parked) else int(run.now.timestamp())
    out = []
    for key, person in readers.items():
        t = translator_of(person, program)
        reasons = [blocked_text(t, _platform_of(r), _channel_of(program, r), r.failed_reason
                                or "") for r in parked]
        card = Card(t("A quick win could not be posted yet"), (
            quoted(win), *reasons,
            t("Nothing is lost: the quick win waits until it can be posted.")),
            (Button("wins.retry", t("Retry"), str(win.id), "primary"),))
        out.append(Queued(f"win-blocked:{win.id}:{when}>{key}", key, message_to_dict(card),
                          next_working_moment(run.now, working_time_of(person, program))))
    return out


def _channel_of(program: Program, row: OutboxMessage) -> str:
    return program.quick_wins_channels.get(_platform_of(row)) or row.person_key


def _last_week(program: Program, now: datetime) -> tuple[datetime, datetime]:
    """The ISO week before this one, in the program's zone: [its Monday, this Monday)."""
    zone = ZoneInfo(program.timezone)
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    end = datetime.combine(monday, time(0), zone)
    return datetime.combine(monday - timedelta(days=7), time(0), zone), end


async def weekly_digest(run: DueRun) -> None:
    """Each coordinator's digest of last week's quick wins, once per ISO week (the key
    names it), in their working time; none when there is nothing to tell."""
    program = run.program
    coordinators = sorted(program.coordinators)
    if not coordinators or not program.quick_wins_channels:
        return
    start, end = _last_week(program, run.now)
    year, week, _ = start.date().isocalendar()
    keys = {c: f"win-digest:{year}-W{week:02d}>{c}" for c in coordinators}
    async with run.store.unit() as repos:
        known = await repos.outbox.known(list(keys.values()))
        todo = [c for c in coordinators if keys[c] not in known]
        if not todo:
            return
        posted = await repos.quick_wins.posted_between(run.program_id, start, end)
        counts = await repos.quick_wins.status_counts(run.program_id)
        waiting, blocked = counts.get(CURATING, 0), counts.get(BLOCKED, 0)
        if not posted and not waiting and not blocked:
            return
        if run.dry_run:
            run.report.would_queue += [(keys[c], c) for c in todo]
            return
        credits = [await credits_of(repos, program, run.program_id, w) for w in posted]
        readers = await repos.people.by_keys(todo)
        rows = []
        for coordinator in todo:
            reader = readers.get(coordinator)
            t = translator_of(reader, program)
            sections = []
            if posted:
                lines = [t("“{text}” — {credit}", text=verbatim(w.text),
                           credit=byline(t, c, own=w.tandem_id is None))
                         for w, c in zip(posted, credits, strict=True)]
                sections.append(t("Posted that week: {n}", n=len(posted)) + "\n"
                                + "\n".join(f"- {line}" for line in lines))
            else:
                sections.append(t("No quick win was posted that week."))
            if waiting:
                sections.append(t("Waiting for a coordinator's decision: {n}. Type `wins` to "
                                  "post or hold them.", n=waiting))
            if blocked:
                sections.append(t("Could not be posted yet: {n}. Type `wins` to see why and "
                                  "retry.", n=blocked))
            card = Card(t("Quick wins of the week of {date}",
                          date=long_date(t, start.date())), tuple(sections))
            rows.append(Queued(keys[coordinator], coordinator, message_to_dict(card),
                               next_working_moment(run.now, working_time_of(reader, program))))
        await repos.outbox.enqueue_many(rows, run.now)
    run.report.queued += [r.dedupe_key for r in rows]
