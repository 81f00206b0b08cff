"""German texts of the data rights (issue 12, GDPR self-service): msgid → (Sie text, du text
or None when it addresses nobody)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    # my data
    "Your data in {program}": ("Ihre Daten in {program}", "Deine Daten in {program}"),
    "Here is everything **{program}** stores about you, as a JSON file: your profile, sign-up "
    "answers, tandems (partners by name only), sessions, your questionnaire answers with your "
    "own written answers, quick wins, and messages waiting for you. Type `forget me` to have "
    "it erased.": (
        "Hier ist alles, was **{program}** über Sie speichert, als JSON-Datei: Ihr Profil, "
        "Ihre Anmeldeangaben, Tandems (Partner nur mit Namen), Treffen, Ihre Antworten auf "
        "Fragebögen mit Ihren eigenen Freitexten, Quick Wins und Nachrichten, die noch auf "
        "Sie warten. Mit `forget me` lassen Sie alles löschen.",
        "Hier ist alles, was **{program}** über dich speichert, als JSON-Datei: dein Profil, "
        "deine Anmeldeangaben, Tandems (Partner nur mit Namen), Treffen, deine Antworten auf "
        "Fragebögen mit deinen eigenen Freitexten, Quick Wins und Nachrichten, die noch auf "
        "dich warten. Mit `forget me` lässt du alles löschen."),
    "everything Tandem stores about you, as a file": (
        "alles, was Tandem über Sie speichert, als Datei",
        "alles, was Tandem über dich speichert, als Datei"),
    # forget me
    "Did you mean `forget me`? It erases your personal data in Tandem after you confirm.": (
        "Meinten Sie `forget me`? Damit werden Ihre personenbezogenen Daten in Tandem nach "
        "Ihrer Bestätigung gelöscht.",
        "Meintest du `forget me`? Damit werden deine personenbezogenen Daten in Tandem nach "
        "deiner Bestätigung gelöscht."),
    "You are a coordinator of this program: you are named in the program file. Ask whoever "
    "runs Tandem to remove you there first.": (
        "Sie koordinieren dieses Programm und sind in der Programmdatei eingetragen. Bitten Sie "
        "zuerst die Person, die Tandem betreibt, Sie dort zu entfernen.",
        "Du koordinierst dieses Programm und bist in der Programmdatei eingetragen. Bitte "
        "zuerst die Person, die Tandem betreibt, dich dort zu entfernen."),
    "Tandem stores no personal data about you. Nothing to erase.": (
        "Tandem speichert keine personenbezogenen Daten über Sie. Es gibt nichts zu löschen.",
        "Tandem speichert keine personenbezogenen Daten über dich. Es gibt nichts zu "
        "löschen."),
    "Erase your data in {program}?": ("Ihre Daten in {program} löschen?",
                                      "Deine Daten in {program} löschen?"),
    "If you confirm:": ("Wenn Sie bestätigen:", "Wenn du bestätigst:"),
    "you leave the program: your tandem ends, and your partner is told only that you left;": (
        "Sie verlassen das Programm: Ihr Tandem endet, und Ihr Partner erfährt nur, dass Sie "
        "gegangen sind;",
        "du verlässt das Programm: dein Tandem endet, und dein Partner erfährt nur, dass du "
        "gegangen bist;"),
    "your profile, sign-up answers, written answers, goals, quick-win drafts and messages "
    "waiting for you are deleted;": (
        "Ihr Profil, Ihre Anmeldeangaben, Freitexte, Ziele, Quick-Win-Entwürfe und Nachrichten, "
        "die noch auf Sie warten, werden gelöscht;",
        "dein Profil, deine Anmeldeangaben, Freitexte, Ziele, Quick-Win-Entwürfe und "
        "Nachrichten, die noch auf dich warten, werden gelöscht;"),
    "what stays is anonymous: counts of sessions and scores that no longer name you;": (
        "was bleibt, ist anonym: Zahlen zu Treffen und Bewertungen, die Sie nicht mehr nennen;",
        "was bleibt, ist anonym: Zahlen zu Treffen und Bewertungen, die dich nicht mehr "
        "nennen;"),
    "this cannot be undone.": ("das lässt sich nicht rückgängig machen.",
                               "das lässt sich nicht rückgängig machen."),
    "Want a copy first? Type `my data`.": (
        "Möchten Sie vorher eine Kopie? Schreiben Sie `my data`.",
        "Möchtest du vorher eine Kopie? Schreib `my data`."),
    "Yes, erase my data": ("Ja, meine Daten löschen", "Ja, meine Daten löschen"),
    "No, keep it": ("Nein, behalten", "Nein, behalten"),
    "erase your personal data (asks first)": (
        "Ihre personenbezogenen Daten löschen (fragt vorher nach)",
        "deine personenbezogenen Daten löschen (fragt vorher nach)"),
    "Your personal data in **{program}** has been erased. Thank you for taking part. If you "
    "write to Tandem again, it will not know you.": (
        "Ihre personenbezogenen Daten in **{program}** wurden gelöscht. Vielen Dank für Ihre "
        "Teilnahme. Wenn Sie Tandem wieder schreiben, kennt es Sie nicht mehr.",
        "Deine personenbezogenen Daten in **{program}** wurden gelöscht. Danke für deine "
        "Teilnahme. Wenn du Tandem wieder schreibst, kennt es dich nicht mehr."),
    "That data has already been erased. Nothing more to do.": (
        "Diese Daten wurden bereits gelöscht. Es ist nichts mehr zu tun.", None),
    "This confirmation is out of date: something changed since it was shown. Nothing was "
    "erased; please ask again.": (
        "Diese Bestätigung ist veraltet: Seit sie angezeigt wurde, hat sich etwas geändert. "
        "Es wurde nichts gelöscht; bitte fragen Sie erneut.",
        "Diese Bestätigung ist veraltet: Seit sie angezeigt wurde, hat sich etwas geändert. "
        "Es wurde nichts gelöscht; bitte frag erneut."),
    "Nothing was erased.": ("Es wurde nichts gelöscht.", None),
    # erase (coordinators)
    "Whose data should be erased? For example `erase Mia Muster` (the name as shown in "
    "`tandems`) or `erase slack:U0123ABC`.": (
        "Wessen Daten sollen gelöscht werden? Zum Beispiel `erase Mia Muster` (der Name wie in "
        "`tandems`) oder `erase slack:U0123ABC`.", None),
    "That is a coordinator of this program, named in the program file. Remove them there "
    "first.": (
        "Diese Person koordiniert das Programm und ist in der Programmdatei eingetragen. "
        "Entfernen Sie sie zuerst dort.",
        "Diese Person koordiniert das Programm und ist in der Programmdatei eingetragen. "
        "Entferne sie zuerst dort."),
    "Erase the data of {name}?": ("Die Daten von {name} löschen?", None),
    "They leave the program; their tandems end and their partners are told only that they "
    "left. Their profile, answers, written answers and messages are deleted; anonymous counts "
    "stay. This cannot be undone.": (
        "Die Person verlässt das Programm; ihre Tandems enden, und ihre Partner erfahren nur, "
        "dass sie gegangen ist. Profil, Antworten, Freitexte und Nachrichten werden gelöscht; "
        "anonyme Zahlen bleiben. Das lässt sich nicht rückgängig machen.", None),
    "Yes, erase": ("Ja, löschen", None),
    "Several people are called that. Please give their platform key instead, for example "
    "`erase slack:U0123ABC`.": (
        "Mehrere Personen heißen so. Bitte geben Sie stattdessen den Plattformschlüssel an, "
        "zum Beispiel `erase slack:U0123ABC`.",
        "Mehrere Personen heißen so. Bitte gib stattdessen den Plattformschlüssel an, zum "
        "Beispiel `erase slack:U0123ABC`."),
    "I found nobody by that name or key. Use the name as shown in `tandems`, or the platform "
    "key, for example `erase slack:U0123ABC`.": (
        "Ich habe niemanden mit diesem Namen oder Schlüssel gefunden. Verwenden Sie den Namen "
        "wie in `tandems` oder den Plattformschlüssel, zum Beispiel `erase slack:U0123ABC`.",
        "Ich habe niemanden mit diesem Namen oder Schlüssel gefunden. Verwende den Namen wie "
        "in `tandems` oder den Plattformschlüssel, zum Beispiel `erase slack:U0123ABC`."),
    "Done: that person's personal data has been erased. Their partners and the other "
    "coordinators were told that a participant left.": (
        "Erledigt: Die personenbezogenen Daten dieser Person wurden gelöscht. Ihre Partner und "
        "die anderen Koordinator/innen haben erfahren, dass eine teilnehmende Person gegangen "
        "ist.", None),
    "A participant has left **{program}** and their personal data has been erased.": (
        "Eine teilnehmende Person hat **{program}** verlassen, und ihre personenbezogenen Daten "
        "wurden gelöscht.", None),
    "erase a participant's personal data on their request (asks first)": (
        "personenbezogene Daten einer Person auf deren Wunsch löschen (fragt vorher nach)",
        None),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
