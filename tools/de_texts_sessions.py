"""German texts of logging sessions (`log`, `sessions`), formal ("Sie") and informal ("du").

Merged by `tools/fill_de.py tools/de_texts_sessions.py`; see tools/de_texts.py.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    # the log form's rules
    "Please choose a day that is not in the future.": (
        "Bitte wählen Sie einen Tag, der nicht in der Zukunft liegt.",
        "Bitte wähle einen Tag, der nicht in der Zukunft liegt."),
    "Please choose a day on or after {date}, when your tandem began.": (
        "Bitte wählen Sie einen Tag ab dem {date}, dem Beginn Ihres Tandems.",
        "Bitte wähle einen Tag ab dem {date}, dem Beginn deines Tandems."),
    "Please give a number of minutes from {low} to {high}.": (
        "Bitte geben Sie eine Minutenzahl von {low} bis {high} an.",
        "Bitte gib eine Minutenzahl von {low} bis {high} an."),
    "Please keep it under {n} characters.": (
        "Bitte bleiben Sie unter {n} Zeichen.",
        "Bitte bleib unter {n} Zeichen."),
    "Please choose one of the listed topics.": (
        "Bitte wählen Sie eines der aufgeführten Themen.",
        "Bitte wähle eines der aufgeführten Themen."),
    "Please choose what the session was about, or say it in a few words.": (
        "Bitte wählen Sie, worum es in der Sitzung ging, oder sagen Sie es in wenigen Worten.",
        "Bitte wähle, worum es in der Sitzung ging, oder sag es in wenigen Worten."),
    "Please give a date like {example}, or leave it empty.": (
        "Bitte geben Sie ein Datum wie {example} an oder lassen Sie das Feld leer.",
        "Bitte gib ein Datum wie {example} an oder lass das Feld leer."),
    "Please choose a day after the session.": (
        "Bitte wählen Sie einen Tag nach der Sitzung.",
        "Bitte wähle einen Tag nach der Sitzung."),
    "Please choose a day that is not in the past.": (
        "Bitte wählen Sie einen Tag, der nicht in der Vergangenheit liegt.",
        "Bitte wähle einen Tag, der nicht in der Vergangenheit liegt."),
    "There is already a session on {date}: please correct that one instead.": (
        "Am {date} ist schon eine Sitzung eingetragen: Bitte korrigieren Sie stattdessen "
        "diese.",
        "Am {date} ist schon eine Sitzung eingetragen: Bitte korrigiere stattdessen diese."),
    # the log form
    "Date ({example})": ("Datum ({example})", None),
    "Minutes ({low}–{high})": ("Minuten ({low}–{high})", None),
    "What it was about": ("Worum es ging", None),
    "Or in your own words (up to {n} characters)": (
        "Oder in eigenen Worten (bis zu {n} Zeichen)", None),
    "What it was about (up to {n} characters)": (
        "Worum es ging (bis zu {n} Zeichen)", None),
    "Next session, if planned ({example})": (
        "Nächste Sitzung, falls geplant ({example})", None),
    "Correct a session": ("Sitzung korrigieren", None),
    "Log a session": ("Sitzung eintragen", None),
    "One entry for the whole circle: everyone in it is told.": (
        "Ein Eintrag für den ganzen Kreis: Alle darin erfahren davon.", None),
    "One entry for your tandem: your partner is told.": (
        "Ein Eintrag für Ihr Tandem: Ihr Tandempartner erfährt davon.",
        "Ein Eintrag für dein Tandem: Dein Tandempartner erfährt davon."),
    # replies
    "That session is no longer there: it was removed. Type `sessions` to see your tandem's "
    "sessions.": (
        "Diese Sitzung gibt es nicht mehr: Sie wurde entfernt. Mit `sessions` sehen Sie die "
        "Sitzungen Ihres Tandems.",
        "Diese Sitzung gibt es nicht mehr: Sie wurde entfernt. Mit `sessions` siehst du die "
        "Sitzungen deines Tandems."),
    "Tandem #{id} is still in its kick-off: once it is active, you can log its sessions.": (
        "Tandem #{id} ist noch im Kick-off: Sobald es aktiv ist, können Sie seine Sitzungen "
        "eintragen.",
        "Tandem #{id} ist noch im Kick-off: Sobald es aktiv ist, kannst du seine Sitzungen "
        "eintragen."),
    "{date}, {minutes} minutes: {topic}": ("{date}, {minutes} Minuten: {topic}", None),
    "Please give the number of one of your tandems: {ids}.": (
        "Bitte geben Sie die Nummer eines Ihrer Tandems an: {ids}.",
        "Bitte gib die Nummer eines deiner Tandems an: {ids}."),
    "You can log sessions once you are in a tandem. Type `status` to see where you stand.": (
        "Sitzungen können Sie eintragen, sobald Sie in einem Tandem sind. Mit `status` sehen "
        "Sie, wo Sie stehen.",
        "Sitzungen kannst du eintragen, sobald du in einem Tandem bist. Mit `status` siehst "
        "du, wo du stehst."),
    "#{id} with {partner}": ("#{id} mit {partner}", None),
    "Which tandem did you meet with?": (
        "Mit welchem Tandem haben Sie sich getroffen?",
        "Mit welchem Tandem hast du dich getroffen?"),
    "You are not in a tandem yet, so there are no sessions to show. Type `status` to see "
    "where you stand.": (
        "Sie sind noch in keinem Tandem, daher gibt es keine Sitzungen. Mit `status` sehen "
        "Sie, wo Sie stehen.",
        "Du bist noch in keinem Tandem, daher gibt es keine Sitzungen. Mit `status` siehst "
        "du, wo du stehst."),
    "(logged by {who})": ("(eingetragen von {who})", None),
    "… and {n} earlier.": ("… und {n} frühere.", None),
    "No session logged yet.": ("Noch keine Sitzung eingetragen.", None),
    "The kick-off is not complete yet: sessions can be logged once the tandem is active.": (
        "Der Kick-off ist noch nicht abgeschlossen: Sitzungen lassen sich eintragen, sobald "
        "das Tandem aktiv ist.", None),
    "Next session planned: {date}.": ("Nächste Sitzung geplant: {date}.", None),
    "Next session due: {date}.": ("Nächste Sitzung fällig: {date}.", None),
    "Correct {date}": ("{date} korrigieren", None),
    "Remove {date}": ("{date} entfernen", None),
    "Sessions of your circle #{id} with {people}": (
        "Sitzungen Ihres Kreises #{id} mit {people}",
        "Sitzungen deines Kreises #{id} mit {people}"),
    "Sessions of your tandem #{id} with {partner}": (
        "Sitzungen Ihres Tandems #{id} mit {partner}",
        "Sitzungen deines Tandems #{id} mit {partner}"),
    "Nothing changed: the session of {date} stays.": (
        "Nichts geändert: Die Sitzung vom {date} bleibt.", None),
    "Only {who}, who logged it, can remove this session. You can correct it instead.": (
        "Nur {who} hat diese Sitzung eingetragen und kann sie entfernen. Sie können sie aber "
        "korrigieren.",
        "Nur {who} hat diese Sitzung eingetragen und kann sie entfernen. Du kannst sie aber "
        "korrigieren."),
    "Only the person who logged it can remove this session. You can correct it instead.": (
        "Nur wer diese Sitzung eingetragen hat, kann sie entfernen. Sie können sie aber "
        "korrigieren.",
        "Nur wer diese Sitzung eingetragen hat, kann sie entfernen. Du kannst sie aber "
        "korrigieren."),
    "Remove the session of {date}?": ("Die Sitzung vom {date} entfernen?", None),
    "It no longer counts for your tandem, and the others are told.": (
        "Sie zählt dann nicht mehr für Ihr Tandem, und die anderen erfahren davon.",
        "Sie zählt dann nicht mehr für dein Tandem, und die anderen erfahren davon."),
    "Yes, remove it": ("Ja, entfernen", None),
    "Cancel: keep it": ("Abbrechen: behalten", None),
    "{who} removed the session of {date} from your tandem's sessions.": (
        "{who} hat die Sitzung vom {date} aus den Sitzungen Ihres Tandems entfernt.",
        "{who} hat die Sitzung vom {date} aus den Sitzungen deines Tandems entfernt."),
    "Removed: the session of {date}. Type `sessions` to see the others.": (
        "Entfernt: die Sitzung vom {date}. Mit `sessions` sehen Sie die übrigen.",
        "Entfernt: die Sitzung vom {date}. Mit `sessions` siehst du die übrigen."),
    "You already logged this session: {session}. It counts once; you can correct it.": (
        "Diese Sitzung haben Sie schon eingetragen: {session}. Sie zählt einmal; Sie können "
        "sie korrigieren.",
        "Diese Sitzung hast du schon eingetragen: {session}. Sie zählt einmal; du kannst sie "
        "korrigieren."),
    "{who} already logged this session: {session}. It counts once, for all of you; you can "
    "correct it.": (
        "{who} hat diese Sitzung schon eingetragen: {session}. Sie zählt einmal, für alle; "
        "Sie können sie korrigieren.",
        "{who} hat diese Sitzung schon eingetragen: {session}. Sie zählt einmal, für alle; "
        "du kannst sie korrigieren."),
    "Already logged": ("Schon eingetragen", None),
    "Correct it": ("Korrigieren", None),
    "Logged: {session}.": ("Eingetragen: {session}.", None),
    "Corrected: {session}.": ("Korrigiert: {session}.", None),
    "{who} corrected your session of {date}: {minutes} minutes: {topic}": (
        "{who} hat Ihre Sitzung vom {date} korrigiert: {minutes} Minuten: {topic}",
        "{who} hat eure Sitzung vom {date} korrigiert: {minutes} Minuten: {topic}"),
    "{who} logged your session on {date}, {minutes} minutes: {topic}": (
        "{who} hat Ihre Sitzung vom {date} eingetragen, {minutes} Minuten: {topic}",
        "{who} hat eure Sitzung vom {date} eingetragen, {minutes} Minuten: {topic}"),
    "Session corrected": ("Sitzung korrigiert", None),
    "Session logged": ("Sitzung eingetragen", None),
    # help
    "log a session your tandem held": (
        "eine Sitzung Ihres Tandems eintragen",
        "eine Sitzung deines Tandems eintragen"),
    "your tandem's sessions and when the next one is due": (
        "die Sitzungen Ihres Tandems und wann die nächste fällig ist",
        "die Sitzungen deines Tandems und wann die nächste fällig ist"),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
