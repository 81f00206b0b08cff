"""The report's one chart, as PNG bytes: sessions logged against sessions due per month
(bars), and the retros' satisfaction scores 1–5 (a second panel).

Only matplotlib's Agg backend (no display, no GUI toolkit), imported when a chart is drawn so
that the bot starts without it. It gets numbers that passed the k-threshold and labels in the
reader's language; a hidden month is drawn without bars (its label says why), a hidden
satisfaction distribution as a sentence instead of bars.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

WIDTH_PX, HEIGHT_PX, DPI = 1200, 500, 100
DUE_COLOUR, LOGGED_COLOUR, SCORE_COLOUR = "#b8c4d6", "#1f5fa8", "#2e8b57"


@dataclass(frozen=True)
class ChartMonth:
    label: str  # "Mar 2027", in the reader's language
    due: int | None  # None: hidden (fewer than min_group tandems)
    logged: int | None


@dataclass(frozen=True)
class ChartLabels:
    title: str
    sessions: str  # the left panel's title
    due: str
    logged: str
    hidden: str  # under a month without bars
    satisfaction: str  # the right panel's title
    score: str  # its x axis
    answers: str  # its y axis
    no_scores: str  # instead of the right panel's bars
    no_months: str = ""  # instead of the left panel's bars, before any session was due


def render(months: list[ChartMonth], scores: dict[str, int] | None,
           labels: ChartLabels) -> bytes:
    """The chart as PNG bytes, WIDTH_PX × HEIGHT_PX."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    # A Figure of its own (not pyplot): no global state, safe in a server's threads.
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    left, right = figure.subplots(1, 2, gridspec_kw={"width_ratios": [2.2, 1]})
    figure.suptitle(labels.title, fontsize=13)
    xs = list(range(len(months)))
    width = 0.38
    due = [m.due or 0 for m in months]
    logged = [m.logged or 0 for m in months]
    owed = left.bar([x - width / 2 for x in xs], due, width, label=labels.due,
                    color=DUE_COLOUR)
    bars = left.bar([x + width / 2 for x in xs], logged, width, label=labels.logged,
                    color=LOGGED_COLOUR)
    for bar, month in zip(owed, months, strict=True):
        if month.due:
            left.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), str(month.due),
                      ha="center", va="bottom", fontsize=8, color="#555555")
    for x, month, bar in zip(xs, months, bars, strict=True):
        if month.due is None:
            left.text(x, 0, labels.hidden, ha="center", va="bottom", fontsize=8,
                      color="#666666", rotation=90)
        elif month.logged is not None:
            left.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), str(month.logged),
                      ha="center", va="bottom", fontsize=8)
    left.set_xticks(xs, [m.label for m in months], rotation=45 if len(months) > 6 else 0,
                     ha="right" if len(months) > 6 else "center", fontsize=9)
    left.set_title(labels.sessions, fontsize=11)
    left.yaxis.get_major_locator().set_params(integer=True)
    left.spines[["top", "right"]].set_visible(False)
    if months:
        left.legend(frameon=False, fontsize=9)
    else:  # an empty axis would show a meaningless scale around zero
        left.text(0.5, 0.5, textwrap.fill(labels.no_months, 40), ha="center", va="center",
                  fontsize=9, color="#666666", transform=left.transAxes)
        left.set_xticks([])
        left.set_yticks([])
        left.spines[["left", "bottom"]].set_visible(False)
    values = ["1", "2", "3", "4", "5"]
    if scores:
        counts = [scores.get(v, 0) for v in values]
        shown = right.bar(values, counts, color=SCORE_COLOUR, width=0.6)
        for bar, n in zip(shown, counts, strict=True):
            right.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), str(n),
                       ha="center", va="bottom", fontsize=8)
        right.set_xlabel(labels.score, fontsize=9)
        right.set_ylabel(labels.answers, fontsize=9)
        right.yaxis.get_major_locator().set_params(integer=True)
    else:
        right.text(0.5, 0.5, textwrap.fill(labels.no_scores, 30), ha="center", va="center",
                   fontsize=9, color="#666666", transform=right.transAxes)
        right.set_xticks([])
        right.set_yticks([])
        right.spines[["left", "bottom"]].set_visible(False)
    right.set_title(textwrap.fill(labels.satisfaction, 34), fontsize=11)
    right.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()
