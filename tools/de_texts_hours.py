"""German texts of `hours` (a person's own working time), formal and informal; merged by
`tools/fill_de.py tools/de_texts_hours.py`, like tools/de_texts.py."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    "{days}, {start}:00–{end}:00 ({zone})": ("{days}, {start}–{end} Uhr ({zone})", None),
    "Your working time is the program's again: {time}.": (
        "Für Sie gilt wieder die Arbeitszeit des Programms: {time}.",
        "Für dich gilt wieder die Arbeitszeit des Programms: {time}."),
    "Please give whole hours like `hours 8-16`, or days and hours like `hours mon-thu 7-15` "
    "(days: mon, tue, wed, thu, fri, sat, sun). Nothing changed.": (
        "Bitte geben Sie volle Stunden an, etwa `hours 8-16`, oder Tage und Stunden wie "
        "`hours mo-do 7-15` (Tage: mo, di, mi, do, fr, sa, so). Es wurde nichts geändert.",
        "Bitte gib volle Stunden an, etwa `hours 8-16`, oder Tage und Stunden wie "
        "`hours mo-do 7-15` (Tage: mo, di, mi, do, fr, sa, so). Es wurde nichts geändert."),
    "Noted: your working time is now {time}. Reminders and nudges from Tandem wait for it; "
    "replies to what you type stay immediate.": (
        "Notiert: Ihre Arbeitszeit ist jetzt {time}. Erinnerungen von Tandem warten darauf; "
        "Antworten auf Ihre Eingaben kommen weiterhin sofort.",
        "Notiert: Deine Arbeitszeit ist jetzt {time}. Erinnerungen von Tandem warten darauf; "
        "Antworten auf deine Eingaben kommen weiterhin sofort."),
    "Your working time: {time}. Reminders and nudges from Tandem arrive only then. "
    "`hours reset` goes back to the program's.": (
        "Ihre Arbeitszeit: {time}. Erinnerungen von Tandem kommen nur dann. Mit "
        "`hours reset` gilt wieder die des Programms.",
        "Deine Arbeitszeit: {time}. Erinnerungen von Tandem kommen nur dann. Mit "
        "`hours reset` gilt wieder die des Programms."),
    "Your working time is the program's: {time}. Reminders and nudges from Tandem arrive "
    "only then. To set your own, type for example `hours 8-16` or `hours mon-thu 7-15`.": (
        "Für Sie gilt die Arbeitszeit des Programms: {time}. Erinnerungen von Tandem kommen "
        "nur dann. Eine eigene legen Sie zum Beispiel mit `hours 8-16` oder "
        "`hours mo-do 7-15` fest.",
        "Für dich gilt die Arbeitszeit des Programms: {time}. Erinnerungen von Tandem kommen "
        "nur dann. Eine eigene legst du zum Beispiel mit `hours 8-16` oder "
        "`hours mo-do 7-15` fest."),
    "Working time: {time} (change it with `hours`).": (
        "Arbeitszeit: {time} (ändern mit `hours`).", None),
    "your working time: reminders and nudges come only then (`hours reset`: the program's)": (
        "Ihre Arbeitszeit: Erinnerungen kommen nur dann (`hours reset`: die des Programms)",
        "deine Arbeitszeit: Erinnerungen kommen nur dann (`hours reset`: die des Programms)"),
}

DE = {k: s for k, (s, _d) in TEXTS.items()}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items()}
