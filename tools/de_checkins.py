"""The German texts of the check-ins, reminders, tips and quiet tandems, formal ("Sie") and
informal ("du"). Merged by `tools/fill_de.py tools/de_checkins.py` (see tools/de_texts.py)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    # tips: the mentor's
    "Prepare one topic and a few concrete examples; no need to over-prepare.": (
        "Bereiten Sie ein Thema und ein paar konkrete Beispiele vor – mehr braucht es nicht.",
        "Bereite ein Thema und ein paar konkrete Beispiele vor – mehr braucht es nicht."),
    "Show rather than tell: open the tool, walk through a real case.": (
        "Zeigen statt erzählen: Öffnen Sie das Tool und gehen Sie einen echten Fall durch.",
        "Zeigen statt erzählen: Öffne das Tool und geh einen echten Fall durch."),
    "Ask questions instead of lecturing: what does your mentee already know?": (
        "Fragen statt dozieren: Was weiß Ihr Gegenüber schon?",
        "Fragen statt dozieren: Was weiß dein Gegenüber schon?"),
    "You are the expert in the session: say what you see, respectfully and plainly.": (
        "Im Gespräch sind Sie die Expertin oder der Experte: Sagen Sie respektvoll und offen, "
        "was Sie sehen.",
        "Im Gespräch bist du die Expertin oder der Experte: Sag respektvoll und offen, was du "
        "siehst."),
    # tips: the mentee's
    "Bring two or three concrete questions from your own work.": (
        "Bringen Sie zwei, drei konkrete Fragen aus Ihrer eigenen Arbeit mit.",
        "Bring zwei, drei konkrete Fragen aus deiner eigenen Arbeit mit."),
    "Listen without getting defensive: ask a follow-up question instead.": (
        "Hören Sie zu, ohne sich zu rechtfertigen – fragen Sie lieber nach.",
        "Hör zu, ohne dich zu rechtfertigen – frag lieber nach."),
    "Take notes, and try one thing before the next session.": (
        "Machen Sie sich Notizen und probieren Sie bis zum nächsten Treffen eine Sache aus.",
        "Mach dir Notizen und probier bis zum nächsten Treffen eine Sache aus."),
    "Leave the title at the door: here you are the one learning.": (
        "Lassen Sie den Titel vor der Tür: Hier sind Sie die oder der Lernende.",
        "Lass den Titel vor der Tür: Hier bist du die oder der Lernende."),
    "When you teach: {teach} When you learn: {learn}": (
        "Wenn Sie etwas zeigen: {teach} Wenn Sie lernen: {learn}",
        "Wenn du etwas zeigst: {teach} Wenn du lernst: {learn}"),
    # the check-in and the reminders
    "This month's theme: **{topic}**.": ("Das Thema dieses Monats: **{topic}**.", None),
    "Tip: {tip}": ("Tipp: {tip}", None),
    "And how is your deliverable coming along? {deliverable}": (
        "Und wie steht es um Ihr Projektergebnis? {deliverable}",
        "Und wie steht es um euer Projektergebnis? {deliverable}"),
    "(target: {date})": ("(Zieldatum: {date})", None),
    "Yes — log it": ("Ja – eintragen", None),
    "We need help": ("Wir brauchen Hilfe", None),
    "Your session with **{partner}** was due on {date}. Did you meet?": (
        "Ihr Treffen mit **{partner}** stand am {date} an. Haben Sie sich getroffen?",
        "Dein Treffen mit **{partner}** stand am {date} an. Habt ihr euch getroffen?"),
    "Did you meet?": ("Haben Sie sich getroffen?", "Habt ihr euch getroffen?"),
    "Not yet — remind me in 3 days": (
        "Noch nicht – in 3 Tagen erinnern", None),
    "You asked me to remind you: did you and **{partner}** meet?": (
        "Sie wollten erinnert werden: Haben Sie sich mit **{partner}** getroffen?",
        "Du wolltest erinnert werden: Habt ihr euch getroffen, du und **{partner}**?"),
    "Your session today": ("Ihr Treffen heute", "Dein Treffen heute"),
    "You planned a session with **{partner}** for today.": (
        "Für heute haben Sie ein Treffen mit **{partner}** geplant.",
        "Für heute hast du ein Treffen mit **{partner}** geplant."),
    "Log it afterwards": ("Danach eintragen", None),
    "One week to your target date": (
        "Noch eine Woche bis zu Ihrem Zieldatum", "Noch eine Woche bis zu eurem Zieldatum"),
    "Your project with **{partner}** is due on {date}: {deliverable} How is it coming along?": (
        "Ihr Projekt mit **{partner}** soll am {date} fertig sein: {deliverable} Wie steht es "
        "darum?",
        "Dein Projekt mit **{partner}** soll am {date} fertig sein: {deliverable} Wie steht es "
        "darum?"),
    "Log a session": ("Treffen eintragen", None),
    # quiet tandems
    "**{mentor} ↔ {mentee}** have logged no session for {days} days (since {date}; they "
    "agreed on every {cadence} days).": (
        "**{mentor} ↔ {mentee}** haben seit {days} Tagen kein Treffen eingetragen (seit dem "
        "{date}; vereinbart ist alle {cadence} Tage).", None),
    "What I tried: check-ins {checkins}, planned-session reminders {reminders}, snoozes "
    "{snoozes}, requests for help {helps}.": (
        "Was ich schon versucht habe: Nachfragen {checkins}, Erinnerungen an geplante Treffen "
        "{reminders}, aufgeschoben {snoozes}, Bitten um Hilfe {helps}.", None),
    "Nudge both again": ("Beide noch einmal erinnern", None),
    "Nudge everyone again": ("Alle noch einmal erinnern", None),
    "Quiet tandem #{id}": ("Stilles Tandem #{id}", None),
    "Dissolve…": ("Auflösen …", None),
    # the buttons' answers
    "This check-in is no longer open: the tandem has ended or you are no longer in it. "
    "Nothing changed.": (
        "Diese Nachfrage ist nicht mehr offen: Das Tandem ist beendet oder Sie gehören ihm "
        "nicht mehr an. Es wurde nichts geändert.",
        "Diese Nachfrage ist nicht mehr offen: Das Tandem ist beendet oder du gehörst ihm "
        "nicht mehr an. Es wurde nichts geändert."),
    "This check-in is already closed: a session was logged. Nothing to do.": (
        "Diese Nachfrage ist schon erledigt: Ein Treffen wurde eingetragen. Es ist nichts zu "
        "tun.", None),
    "I can remind you only once per session, and you already asked me to (on {date}). Once "
    "you have met, press **Yes — log it**; if something is in the way, **We need help** "
    "reaches the coordinators privately.": (
        "Ich erinnere nur einmal pro Treffen, und darum haben Sie schon gebeten (für den "
        "{date}). Wenn Sie sich getroffen haben, tippen Sie auf **Ja – eintragen**; wenn etwas "
        "im Weg ist, erreicht **Wir brauchen Hilfe** vertraulich die Koordination.",
        "Ich erinnere nur einmal pro Treffen, und darum hast du schon gebeten (für den "
        "{date}). Wenn ihr euch getroffen habt, tippe auf **Ja – eintragen**; wenn etwas im "
        "Weg ist, erreicht **Wir brauchen Hilfe** vertraulich die Koordination."),
    "Okay — I will ask you again on {date}. Only you get this reminder.": (
        "In Ordnung – ich frage Sie am {date} noch einmal. Nur Sie bekommen diese Erinnerung.",
        "In Ordnung – ich frage dich am {date} noch einmal. Nur du bekommst diese "
        "Erinnerung."),
    "Ask the coordinators for help": (
        "Die Koordination um Hilfe bitten", None),
    "Tell me in one message what is in the way — only the coordinators will see it; "
    "{partner} is not told. (`cancel` to stop)": (
        "Schreiben Sie mir in einer Nachricht, was im Weg ist – nur die Koordination sieht "
        "sie; {partner} erfährt nichts davon. (`abbrechen` zum Beenden)",
        "Schreib mir in einer Nachricht, was im Weg ist – nur die Koordination sieht sie; "
        "{partner} erfährt nichts davon. (`abbrechen` zum Beenden)"),
    "Send without a note": ("Ohne Nachricht senden", None),
    "Help requested": ("Bitte um Hilfe", None),
    "**{who}** asks for help with tandem #{id} (with {partner}). Their partner has not been "
    "told.": (
        "**{who}** bittet um Hilfe mit Tandem #{id} (mit {partner}). Das Gegenüber weiß nichts "
        "davon.", None),
    "Reply to them directly.": (
        "Antworten Sie der Person direkt.", "Antworte der Person direkt."),
    "Your message went privately to the program coordinators; {partner} has not been told. "
    "A coordinator will get in touch with you.": (
        "Ihre Nachricht ist vertraulich an die Programmkoordination gegangen; {partner} weiß "
        "nichts davon. Jemand aus der Koordination meldet sich bei Ihnen.",
        "Deine Nachricht ist vertraulich an die Programmkoordination gegangen; {partner} weiß "
        "nichts davon. Jemand aus der Koordination meldet sich bei dir."),
    "Please write in one message what is in the way, or type `cancel` to stop.": (
        "Bitte schreiben Sie in einer Nachricht, was im Weg ist, oder beenden Sie mit "
        "`abbrechen`.",
        "Bitte schreib in einer Nachricht, was im Weg ist, oder beende mit `abbrechen`."),
    "Tandem #{id} is not active any more. Nothing was sent.": (
        "Tandem #{id} ist nicht mehr aktiv. Es wurde nichts gesendet.", None),
    "Tandem #{id} is on a break. Nothing was sent.": (
        "Tandem #{id} macht gerade Pause. Es wurde nichts gesendet.", None),
    "Tandem #{id} has logged a session since. Nothing was sent.": (
        "Tandem #{id} hat inzwischen ein Treffen eingetragen. Es wurde nichts gesendet.", None),
    "Tandem #{id} was already nudged in this quiet period. Nothing was sent again.": (
        "Tandem #{id} wurde in dieser stillen Zeit schon erinnert. Es wurde nichts erneut "
        "gesendet.", None),
    "Done: {people} got a new check-in. Tandem #{id} stays in `tandems quiet` until they log "
    "a session.": (
        "Erledigt: {people} haben eine neue Nachfrage bekommen. Tandem #{id} bleibt in "
        "`tandems ruhig`, bis ein Treffen eingetragen ist.", None),
    # tandems quiet
    "{mentor} ↔ {mentee}": ("{mentor} ↔ {mentee}", None),
    "{days} days since the last session (a session was due on {date})": (
        "{days} Tage seit dem letzten Treffen (fällig war eines am {date})", None),
    "No quiet tandems: every active tandem logged a session within {n} cadences, or is on a "
    "break.": (
        "Keine stillen Tandems: Jedes aktive Tandem hat innerhalb von {n} Rhythmen ein Treffen "
        "eingetragen oder macht gerade Pause.", None),
    "**Quiet tandems ({n})**: no session for {missed} cadences or more.": (
        "**Stille Tandems ({n})**: seit {missed} Rhythmen oder länger kein Treffen.", None),
    "tandems that logged no session for a while": (
        "Tandems, die länger kein Treffen eingetragen haben", None),
}

DE = {k: s for k, (s, _d) in TEXTS.items()}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items()}
