"""The German texts, formal ("Sie") and informal ("du"), as written for the catalogs.

Merged by `tools/fill_de.py tools/de_texts.py`. Each entry: msgid → (Sie text, du text); a
du text of None means the text addresses nobody and is the same in both. Kept beside the
catalogs so a reviewer reads both forms of one text together; the .po files stay the source
the program reads.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    # core
    "This button is no longer in use. Type `help` to see what you can do.": (
        "Diese Schaltfläche ist nicht mehr aktiv. Mit `help` sehen Sie, was Sie tun können.",
        "Diese Schaltfläche ist nicht mehr aktiv. Mit `help` siehst du, was du tun kannst."),
    "This form is no longer in use. Type `help` to see what you can do.": (
        "Dieses Formular ist nicht mehr aktiv. Mit `help` sehen Sie, was Sie tun können.",
        "Dieses Formular ist nicht mehr aktiv. Mit `help` siehst du, was du tun kannst."),
    "Hello! I am **Tandem**, the bot for the reverse mentoring program **{program}**. Taking "
    "part is voluntary: type `join` if you want to sign up, or `help` to see what I can do.": (
        "Hallo! Ich bin **Tandem** und begleite das Reverse-Mentoring-Programm **{program}**. "
        "Die Teilnahme ist freiwillig: Mit `join` melden Sie sich an, mit `help` sehen Sie, "
        "was ich kann.",
        "Hallo! Ich bin **Tandem** und begleite das Reverse-Mentoring-Programm **{program}**. "
        "Die Teilnahme ist freiwillig: Mit `join` meldest du dich an, mit `help` siehst du, "
        "was ich kann."),
    "That was already handled. Type `status` to see where things stand.": (
        "Das ist bereits erledigt. Mit `status` sehen Sie den aktuellen Stand.",
        "Das ist schon erledigt. Mit `status` siehst du den aktuellen Stand."),
    # due
    "Welcome back! Your break in **{program}** ended on {date}. Type `status` to see where "
    "things stand.": (
        "Willkommen zurück! Ihre Pause bei **{program}** ist am {date} zu Ende gegangen. Mit "
        "`status` sehen Sie den aktuellen Stand.",
        "Willkommen zurück! Deine Pause bei **{program}** ist am {date} zu Ende gegangen. Mit "
        "`status` siehst du den aktuellen Stand."),
    "Your tandem's kick-off": ("Der Kick-off Ihres Tandems", "Der Kick-off deines Tandems"),
    "Your tandem with **{partner}** started {days} days ago and is not active yet. A short "
    "kick-off is all it takes. Still missing:": (
        "Ihr Tandem mit **{partner}** besteht seit {days} Tagen, ist aber noch nicht gestartet. "
        "Dafür fehlt nur ein kurzer Kick-off. Noch offen:",
        "Dein Tandem mit **{partner}** besteht seit {days} Tagen, ist aber noch nicht gestartet. "
        "Dafür fehlt nur ein kurzer Kick-off. Noch offen:"),
    "Tandem #{id} ({mentor} ↔ {mentee}) is still not active {days} days after approval. "
    "Missing:": (
        "Tandem #{id} ({mentor} ↔ {mentee}) ist {days} Tage nach der Freigabe noch immer nicht "
        "gestartet. Noch offen:", None),
    "You may want to talk to them, or `dissolve {id}`.": (
        "Am besten sprechen Sie die beiden an – oder lösen das Tandem mit `dissolve {id}` auf.",
        "Am besten sprichst du die beiden an – oder löst das Tandem mit `dissolve {id}` auf."),
    # unavailable
    "I am busy right now and did not take that in. Please try again in a minute.": (
        "Ich bin gerade überlastet und konnte das nicht annehmen. Bitte versuchen Sie es in "
        "einer Minute noch einmal.",
        "Ich bin gerade überlastet und konnte das nicht annehmen. Bitte versuche es in einer "
        "Minute noch einmal."),
    "Your answers could not be saved just now. They are still here: please press the button "
    "again in a minute.": (
        "Ihre Angaben konnten gerade nicht gespeichert werden. Sie gehen nicht verloren: Bitte "
        "klicken Sie in einer Minute noch einmal auf die Schaltfläche.",
        "Deine Angaben konnten gerade nicht gespeichert werden. Sie gehen nicht verloren: Bitte "
        "klicke in einer Minute noch einmal auf die Schaltfläche."),
    # kickoff
    "in person": ("vor Ort", None),
    "video": ("per Video", None),
    "mixed": ("gemischt", None),
    "not chosen yet": ("noch offen", None),
    "**Confidential**: what is said in the tandem stays in the tandem.": (
        "**Vertraulichkeit**: Was im Tandem besprochen wird, bleibt im Tandem.", None),
    "**Voluntary**: both of you take part because you want to.": (
        "**Freiwilligkeit**: Sie beide machen mit, weil Sie es möchten.",
        "**Freiwilligkeit**: Ihr beide macht mit, weil ihr es möchtet."),
    "**Eye level**: the mentor is the expert in the session.": (
        "**Augenhöhe**: Im Gespräch ist die Person in der Mentorenrolle die Expertin bzw. der "
        "Experte.", None),
    "**Learning, never evaluation**: nothing here feeds into reviews.": (
        "**Lernen statt Bewerten**: Nichts von hier fließt in Beurteilungen ein.", None),
    "**Dedicated time**: sessions are planned, not squeezed between meetings.": (
        "**Feste Zeit**: Die Treffen werden eingeplant, nicht zwischen zwei Termine gequetscht.",
        None),
    "I agree to the ground rules": ("Ich stimme den Spielregeln zu", None),
    "Learning goals": ("Lernziele", None),
    "Cadence and mode": ("Rhythmus und Format", None),
    "Your tandem in {program}": ("Ihr Tandem bei {program}", "Dein Tandem bei {program}"),
    "Meet your tandem partner: {mentor} and {mentee}. You share: {topics}.": (
        "Darf ich vorstellen: {mentor} und {mentee} – Sie beide sind ab jetzt ein Tandem. "
        "Gemeinsame Themen: {topics}.",
        "Darf ich vorstellen: {mentor} und {mentee} – ihr beide seid ab jetzt ein Tandem. "
        "Gemeinsame Themen: {topics}."),
    "**Our ground rules**": ("**Unsere Spielregeln**", None),
    "**Next steps for the kick-off**": ("**Die nächsten Schritte zum Kick-off**", None),
    "each of you confirms the ground rules;": (
        "Sie beide stimmen den Spielregeln zu;", "ihr beide stimmt den Spielregeln zu;"),
    "{mentee} records 1–3 learning goals ({mentor} may edit or add);": (
        "{mentee} hält 1–3 Lernziele fest ({mentor} kann sie ergänzen oder ändern);", None),
    "together you agree on cadence and mode (suggested: every {days} days, {minutes} "
    "minutes).": (
        "Sie vereinbaren gemeinsam Rhythmus und Format (Vorschlag: alle {days} Tage, je "
        "{minutes} Minuten).",
        "ihr vereinbart gemeinsam Rhythmus und Format (Vorschlag: alle {days} Tage, je "
        "{minutes} Minuten)."),
    "This belongs to a tandem you are not part of, or that has ended. Type `status` to see "
    "yours.": (
        "Das gehört zu einem Tandem, in dem Sie nicht sind oder das bereits beendet ist. Mit "
        "`status` sehen Sie Ihr eigenes.",
        "Das gehört zu einem Tandem, in dem du nicht bist oder das schon beendet ist. Mit "
        "`status` siehst du dein eigenes."),
    "{who} confirms the ground rules": ("Zustimmung von {who} zu den Spielregeln", None),
    "you confirm the ground rules": (
        "Ihre Zustimmung zu den Spielregeln", "deine Zustimmung zu den Spielregeln"),
    "{who} records 1–3 learning goals": ("1–3 Lernziele von {who}", None),
    "you record 1–3 learning goals": ("Ihre 1–3 Lernziele", "deine 1–3 Lernziele"),
    "one of you proposes cadence and mode": (
        "ein Vorschlag für Rhythmus und Format – von Ihnen oder Ihrem Gegenüber",
        "ein Vorschlag für Rhythmus und Format – von dir oder deinem Gegenüber"),
    "{mentor} or {mentee} proposes cadence and mode": (
        "ein Vorschlag für Rhythmus und Format von {mentor} oder {mentee}", None),
    "{who} agrees to the cadence": ("Zustimmung von {who} zum Rhythmus", None),
    "you agree to the cadence": ("Ihre Zustimmung zum Rhythmus", "deine Zustimmung zum Rhythmus"),
    "Still missing for the kick-off:": ("Für den Kick-off fehlt noch:", None),
    "Your tandem is active! Goals: {goals}. You meet every {days} days for {minutes} minutes "
    "({mode}). Enjoy learning from each other.": (
        "Ihr Tandem ist gestartet! Ziele: {goals}. Sie treffen sich alle {days} Tage für "
        "{minutes} Minuten ({mode}). Viel Freude beim gemeinsamen Lernen!",
        "Euer Tandem ist gestartet! Ziele: {goals}. Ihr trefft euch alle {days} Tage für "
        "{minutes} Minuten ({mode}). Viel Spaß beim gemeinsamen Lernen!"),
    "Everything is agreed: your tandem is now active.": (
        "Alles ist vereinbart: Ihr Tandem ist jetzt gestartet.",
        "Alles ist vereinbart: Euer Tandem ist jetzt gestartet."),
    "Thank you: your agreement to the ground rules is noted.": (
        "Danke, Ihre Zustimmung zu den Spielregeln ist vermerkt.",
        "Danke, deine Zustimmung zu den Spielregeln ist vermerkt."),
    "Thank you: you agreed to every {days} days, {minutes} minutes, {mode}.": (
        "Danke, Sie haben zugestimmt: alle {days} Tage, {minutes} Minuten, {mode}.",
        "Danke, du hast zugestimmt: alle {days} Tage, {minutes} Minuten, {mode}."),
    "What should the mentee be able to do after the program? One to three goals, in a "
    "sentence each.": (
        "Was möchte die Person in der Mentee-Rolle nach dem Programm können? Ein bis drei Ziele, "
        "jeweils in einem Satz.", None),
    "Goal {n}": ("Ziel {n}", None),
    "Save goals": ("Ziele speichern", None),
    "Cancel": ("Abbrechen", None),
    "How often and how long do you meet, and how? Your partner will be asked to agree.": (
        "Wie oft, wie lange und in welcher Form treffen Sie sich? Ihr Gegenüber wird dann um "
        "Zustimmung gebeten.",
        "Wie oft, wie lange und in welcher Form trefft ihr euch? Dein Gegenüber wird dann um "
        "Zustimmung gebeten."),
    "Every how many days (7–31)": ("Abstand in Tagen (7–31)", None),
    "Minutes per session (30–120)": ("Minuten pro Treffen (30–120)", None),
    "Mode": ("Format", None),
    "Propose": ("Vorschlagen", None),
    "Please keep a goal under {n} characters.": (
        "Bitte formulieren Sie jedes Ziel mit weniger als {n} Zeichen.",
        "Bitte formuliere jedes Ziel mit weniger als {n} Zeichen."),
    "Please write at least one learning goal.": (
        "Bitte tragen Sie mindestens ein Lernziel ein.",
        "Bitte trage mindestens ein Lernziel ein."),
    "{who} set your tandem's learning goals:": (
        "{who} hat die Lernziele für Ihr Tandem festgehalten:",
        "{who} hat die Lernziele für euer Tandem festgehalten:"),
    "Saved. Your learning goals: {goals}": (
        "Gespeichert. Ihre Lernziele: {goals}", "Gespeichert. Eure Lernziele: {goals}"),
    "Please give a number of days from 7 to 31.": (
        "Bitte geben Sie eine Zahl zwischen 7 und 31 Tagen an.",
        "Bitte gib eine Zahl zwischen 7 und 31 Tagen an."),
    "Please give a number of minutes from 30 to 120.": (
        "Bitte geben Sie eine Zahl zwischen 30 und 120 Minuten an.",
        "Bitte gib eine Zahl zwischen 30 und 120 Minuten an."),
    "Please choose how you meet.": (
        "Bitte wählen Sie aus, wie Sie sich treffen.", "Bitte wähle aus, wie ihr euch trefft."),
    "Cadence proposal": ("Vorschlag für den Rhythmus", None),
    "{who} proposes to meet every {days} days for {minutes} minutes ({mode}).": (
        "{who} schlägt vor, sich alle {days} Tage für {minutes} Minuten zu treffen ({mode}).",
        "{who} schlägt vor, dass ihr euch alle {days} Tage für {minutes} Minuten trefft "
        "({mode})."),
    "Agree": ("Zustimmen", None),
    "Propose something else": ("Etwas anderes vorschlagen", None),
    "Noted: every {days} days, {minutes} minutes, {mode}.": (
        "Notiert: alle {days} Tage, {minutes} Minuten, {mode}.", None),
    "Your tandem #{id} with **{partner}** is active: every {days} days, {minutes} minutes "
    "({mode}). Goals: {goals}": (
        "Ihr Tandem #{id} mit **{partner}** läuft: alle {days} Tage, {minutes} Minuten "
        "({mode}). Ziele: {goals}",
        "Dein Tandem #{id} mit **{partner}** läuft: alle {days} Tage, {minutes} Minuten "
        "({mode}). Ziele: {goals}"),
    "Your tandem #{id} with **{partner}** is in its kick-off. Still missing:": (
        "Ihr Tandem #{id} mit **{partner}** ist im Kick-off. Noch offen:",
        "Dein Tandem #{id} mit **{partner}** ist im Kick-off. Noch offen:"),
    # match wording
    "shared topics: {topics}": ("gemeinsame Themen: {topics}", None),
    "different departments": ("verschiedene Abteilungen", None),
    "languages: {languages}": ("Sprachen: {languages}", None),
    "{hours} h shared working time": ("{hours} Std. gemeinsame Arbeitszeit", None),
    "mentor {gap} level(s) more junior": ("Stufenabstand zur Mentorenrolle: {gap}", None),
    "on a break": ("pausiert", None),
    "nobody is signed up in the other role": (
        "in der anderen Rolle ist niemand angemeldet", None),
    "{n} possible partner(s), all paired with someone who fits better": (
        "mögliche Gegenüber: {n}, alle schon mit jemandem gepaart, der besser passt", None),
    "no mentor offers {topics} in {languages}": (
        "niemand in der Mentorenrolle bietet {topics} auf {languages} an", None),
    "no mentee wants {topics} in {languages}": (
        "niemand in der Mentee-Rolle sucht {topics} auf {languages}", None),
    "nobody in the other role speaks {languages}": (
        "niemand in der anderen Rolle spricht {languages}", None),
    "no mentor is at least {gap} level(s) more junior": (
        "niemand in der Mentorenrolle steht weit genug darunter (nötiger Stufenabstand: "
        "{gap})", None),
    "no mentee is at least {gap} level(s) more senior": (
        "niemand in der Mentee-Rolle steht weit genug darüber (nötiger Stufenabstand: "
        "{gap})", None),
    "every candidate is in their reporting line": (
        "alle infrage kommenden Personen sind in der eigenen Berichtslinie", None),
    "every candidate has a conflict of interest (team, cost centre or exclusion list)": (
        "bei allen infrage kommenden Personen gibt es einen Interessenkonflikt (Team, "
        "Kostenstelle oder Ausschlussliste)", None),
    "Nobody in the other role currently shares your topics ({topics}) in your languages.": (
        "Zurzeit gibt es in der anderen Rolle niemanden mit Ihren Themen ({topics}) in Ihren "
        "Sprachen.",
        "Zurzeit gibt es in der anderen Rolle niemanden mit deinen Themen ({topics}) in deinen "
        "Sprachen."),
    "Nobody in the other role currently shares one of your languages.": (
        "Zurzeit spricht niemand in der anderen Rolle eine Ihrer Sprachen.",
        "Zurzeit spricht niemand in der anderen Rolle eine deiner Sprachen."),
    "In reverse mentoring the mentor is the more junior one, and no fitting level pairing was "
    "possible this time.": (
        "Beim Reverse Mentoring übernimmt die weniger erfahrene Person die Mentorenrolle – "
        "diesmal ließ sich keine passende Kombination finden.", None),
    "The possible partners work too close to you in the organisation; we never pair people "
    "who report to or depend on each other.": (
        "Die möglichen Gegenüber arbeiten organisatorisch zu nah an Ihnen. Wir bringen nie "
        "Menschen zusammen, die einander unterstellt oder voneinander abhängig sind.",
        "Die möglichen Gegenüber arbeiten organisatorisch zu nah an dir. Wir bringen nie "
        "Menschen zusammen, die einander unterstellt oder voneinander abhängig sind."),
    "There were fewer people in the other role than needed this round.": (
        "In dieser Runde haben sich in der anderen Rolle zu wenige Personen angemeldet.", None),
    "No fitting partner was available this round.": (
        "In dieser Runde war kein passendes Gegenüber verfügbar.", None),
    # matching
    "Sorry, only the program's coordinators can do that. Nothing was changed. Type `help` to "
    "see what you can do.": (
        "Das kann leider nur die Programmkoordination. Es wurde nichts geändert. Mit `help` "
        "sehen Sie, was Sie tun können.",
        "Das kann leider nur die Programmkoordination. Es wurde nichts geändert. Mit `help` "
        "siehst du, was du tun kannst."),
    "No tandem can be proposed right now.": ("Im Moment lässt sich kein Tandem vorschlagen.",
                                             None),
    "{mentor} (mentor) ↔ {mentee} (mentee)": ("{mentor} (Mentor/in) ↔ {mentee} (Mentee)", None),
    "score {score}": ("Passung {score}", None),
    "Approve {n}": ("Nr. {n} freigeben", None),
    "Reject {n}": ("Nr. {n} ablehnen", None),
    "Buttons are shown for the first {n} proposals; use Approve all, or `tandem match "
    "--dry-run` on the server for the full list.": (
        "Schaltflächen gibt es nur für die ersten {n} Vorschläge. Nutzen Sie „Alle freigeben“ "
        "oder für die ganze Liste `tandem match --dry-run` auf dem Server.",
        "Schaltflächen gibt es nur für die ersten {n} Vorschläge. Nutze „Alle freigeben“ oder "
        "für die ganze Liste `tandem match --dry-run` auf dem Server."),
    "**Could not match ({n}):**": ("**Ohne Tandem ({n}):**", None),
    "When you approve, each of them gets a kind private message that no fitting partner was "
    "found this time and that they stay on the waiting list.": (
        "Mit Ihrer Freigabe erhält jede dieser Personen eine freundliche persönliche Nachricht: "
        "dass sich diesmal kein passendes Gegenüber gefunden hat und sie auf der Warteliste "
        "bleibt.",
        "Mit deiner Freigabe erhält jede dieser Personen eine freundliche persönliche Nachricht: "
        "dass sich diesmal kein passendes Gegenüber gefunden hat und sie auf der Warteliste "
        "bleibt."),
    "Approve all": ("Alle freigeben", None),
    "Proposed tandems ({n})": ("Vorgeschlagene Tandems ({n})", None),
    "Thank you for signing up for **{program}**. This round we could not find a fitting "
    "tandem partner for you.": (
        "Danke für Ihre Anmeldung bei **{program}**. In dieser Runde konnten wir leider kein "
        "passendes Gegenüber für Sie finden.",
        "Danke für deine Anmeldung bei **{program}**. In dieser Runde konnten wir leider kein "
        "passendes Gegenüber für dich finden."),
    "You stay on the waiting list and will be considered in the next round. Type `status` any "
    "time.": (
        "Sie bleiben auf der Warteliste und sind in der nächsten Runde wieder dabei. Mit "
        "`status` sehen Sie jederzeit den aktuellen Stand.",
        "Du bleibst auf der Warteliste und bist in der nächsten Runde wieder dabei. Mit "
        "`status` siehst du jederzeit den aktuellen Stand."),
    "These proposals are out of date. Type `match` for fresh ones.": (
        "Diese Vorschläge sind nicht mehr aktuell. Mit `match` erhalten Sie neue.",
        "Diese Vorschläge sind nicht mehr aktuell. Mit `match` bekommst du neue."),
    "This pair was already approved: it is tandem #{id}. Type `tandems` to see all current "
    "tandems.": (
        "Dieses Paar ist bereits freigegeben: Es ist Tandem #{id}. Mit `tandems` sehen Sie alle "
        "laufenden Tandems.",
        "Dieses Paar ist schon freigegeben: Es ist Tandem #{id}. Mit `tandems` siehst du alle "
        "laufenden Tandems."),
    "These proposals were already decided; approved: {ids}. Type `tandems` to see all current "
    "tandems.": (
        "Über diese Vorschläge ist bereits entschieden; freigegeben: {ids}. Mit `tandems` sehen "
        "Sie alle laufenden Tandems.",
        "Über diese Vorschläge ist schon entschieden; freigegeben: {ids}. Mit `tandems` siehst "
        "du alle laufenden Tandems."),
    "That pair is no longer possible (someone paused, left or was matched meanwhile). Type "
    "`match` for fresh proposals.": (
        "Dieses Paar ist nicht mehr möglich (jemand pausiert, ist ausgestiegen oder hat "
        "inzwischen ein Tandem). Mit `match` erhalten Sie neue Vorschläge.",
        "Dieses Paar ist nicht mehr möglich (jemand pausiert, ist ausgestiegen oder hat "
        "inzwischen ein Tandem). Mit `match` bekommst du neue Vorschläge."),
    "Rejected. This pair will not be proposed again. Here are new proposals without it:": (
        "Abgelehnt. Dieses Paar wird nicht noch einmal vorgeschlagen. Hier die neuen "
        "Vorschläge ohne diese Kombination:", None),
    "Approved {n} tandem(s): {ids}. Both partners of each were introduced and the kick-off has "
    "started.": (
        "Freigegebene Tandems: {n} ({ids}). Beide Seiten wurden einander vorgestellt, der "
        "Kick-off läuft.", None),
    "{n} proposal(s) were no longer possible and were skipped.": (
        "Übersprungene Vorschläge (nicht mehr möglich): {n}.", None),
    "{n} person(s) without a partner were told privately that they stay on the waiting "
    "list.": (
        "Ohne Gegenüber: {n} – alle wurden persönlich informiert, dass sie auf der Warteliste "
        "bleiben.", None),
    # membership
    "You are not signed up for **{program}**. Type `join` to sign up.": (
        "Sie sind bei **{program}** nicht angemeldet. Mit `join` melden Sie sich an.",
        "Du bist bei **{program}** nicht angemeldet. Mit `join` meldest du dich an."),
    "**{program}** — you take part as **{role}**.": (
        "**{program}** – Sie nehmen als **{role}** teil.",
        "**{program}** – du nimmst als **{role}** teil."),
    "Topics: {topics}": ("Themen: {topics}", None),
    "You are on a break until {date}. Type `resume` to come back earlier.": (
        "Sie pausieren bis zum {date}. Mit `resume` steigen Sie früher wieder ein.",
        "Du pausierst bis zum {date}. Mit `resume` steigst du früher wieder ein."),
    "You are waiting for a tandem partner. A coordinator will propose one.": (
        "Sie warten noch auf Ihr Gegenüber. Die Programmkoordination schlägt Ihnen jemanden "
        "vor.",
        "Du wartest noch auf dein Gegenüber. Die Programmkoordination schlägt dir jemanden "
        "vor."),
    "Please give the date your break ends, for example `pause 2027-03-31` or `pause "
    "31.03.2027`.": (
        "Bitte geben Sie an, bis wann Ihre Pause dauert, zum Beispiel `pause 31.03.2027`.",
        "Bitte gib an, bis wann deine Pause dauert, zum Beispiel `pause 31.03.2027`."),
    "That date is not in the future. Please choose a day after {today}.": (
        "Dieses Datum liegt nicht in der Zukunft. Bitte wählen Sie einen Tag nach dem {today}.",
        "Dieses Datum liegt nicht in der Zukunft. Bitte wähle einen Tag nach dem {today}."),
    "A break can last at most a year. For longer, `leave` and `join` again later.": (
        "Eine Pause dauert höchstens ein Jahr. Wenn Sie länger aussetzen möchten, melden Sie "
        "sich mit `leave` ab und später mit `join` wieder an.",
        "Eine Pause dauert höchstens ein Jahr. Wenn du länger aussetzen möchtest, melde dich mit "
        "`leave` ab und später mit `join` wieder an."),
    "Your break is noted until {date}. You will not be matched or reminded until then. Type "
    "`resume` to come back earlier.": (
        "Ihre Pause bis zum {date} ist eingetragen. Bis dahin bekommen Sie weder Vorschläge "
        "noch Erinnerungen. Mit `resume` steigen Sie früher wieder ein.",
        "Deine Pause bis zum {date} ist eingetragen. Bis dahin bekommst du weder Vorschläge "
        "noch Erinnerungen. Mit `resume` steigst du früher wieder ein."),
    "You are not on a break, so there is nothing to resume.": (
        "Sie pausieren gerade nicht – es gibt also nichts fortzusetzen.",
        "Du pausierst gerade nicht – es gibt also nichts fortzusetzen."),
    "Welcome back! Your break has ended.": (
        "Willkommen zurück! Ihre Pause ist beendet.",
        "Willkommen zurück! Deine Pause ist beendet."),
    "You have left **{program}**. You will get no more matches or reminders, and your sign-up "
    "answers were deleted. Thank you for taking part! Type `join` if you want to come back.": (
        "Sie haben sich von **{program}** abgemeldet. Sie bekommen keine Vorschläge oder "
        "Erinnerungen mehr, und Ihre Angaben aus der Anmeldung sind gelöscht. Danke fürs "
        "Mitmachen! Mit `join` können Sie jederzeit wieder einsteigen.",
        "Du hast dich von **{program}** abgemeldet. Du bekommst keine Vorschläge oder "
        "Erinnerungen mehr, und deine Angaben aus der Anmeldung sind gelöscht. Danke fürs "
        "Mitmachen! Mit `join` kannst du jederzeit wieder einsteigen."),
    "**Tandem** runs the reverse mentoring program **{program}**. You can use:": (
        "**Tandem** begleitet das Reverse-Mentoring-Programm **{program}**. Das können Sie "
        "tun:",
        "**Tandem** begleitet das Reverse-Mentoring-Programm **{program}**. Das kannst du tun:"),
    "As a coordinator you can also use:": (
        "Als Programmkoordination können Sie außerdem:",
        "Als Programmkoordination kannst du außerdem:"),
    "I don't know `{word}`. You can use:": (
        "`{word}` kenne ich leider nicht. Das können Sie tun:",
        "`{word}` kenne ich leider nicht. Das kannst du tun:"),
    "Your tandem partner has left **{program}**, so your tandem has ended. Thank you for your "
    "time together. You are back on the waiting list and will be considered for a new tandem "
    "in the next round.": (
        "Ihr Gegenüber hat sich von **{program}** abgemeldet, damit ist Ihr Tandem beendet. "
        "Danke für die gemeinsame Zeit! Sie stehen wieder auf der Warteliste und sind in der "
        "nächsten Runde für ein neues Tandem dabei.",
        "Dein Gegenüber hat sich von **{program}** abgemeldet, damit ist dein Tandem beendet. "
        "Danke für die gemeinsame Zeit! Du stehst wieder auf der Warteliste und bist in der "
        "nächsten Runde für ein neues Tandem dabei."),
    "Tandem #{id} ended because a participant left the program. The partner is back on the "
    "waiting list.": (
        "Tandem #{id} ist beendet, weil sich eine der beiden Personen vom Programm abgemeldet "
        "hat. Die andere steht wieder auf der Warteliste.", None),
    # signup
    "Join the program": ("Beim Programm anmelden", None),
    "**{program}** pairs a mentor with a mentee for {months} months. In _reverse_ mentoring "
    "the mentor is usually the more junior colleague. Sessions are every {days} days for "
    "{minutes} minutes.": (
        "**{program}** bildet für {months} Monate Tandems aus Mentor/in und Mentee. Beim "
        "_Reverse_ Mentoring übernimmt meist die jüngere bzw. weniger erfahrene Person die "
        "Mentorenrolle. Die Treffen finden alle {days} Tage statt und dauern {minutes} Minuten.",
        None),
    "Role": ("Rolle", None),
    "Mentor – I share what I know": ("Mentor/in – ich gebe mein Wissen weiter", None),
    "Mentee – I want to learn": ("Mentee – ich möchte dazulernen", None),
    "Topics": ("Themen", None),
    "Mentors: what you can teach. Mentees: what you want to learn.": (
        "Als Mentor/in: was Sie vermitteln können. Als Mentee: was Sie lernen möchten.",
        "Als Mentor/in: was du vermitteln kannst. Als Mentee: was du lernen möchtest."),
    "Department": ("Abteilung", None),
    "e.g. Engineering": ("z. B. Entwicklung", None),
    "Manager": ("Führungskraft", None),
    "So that nobody is matched within their own reporting line.": (
        "Damit niemand mit jemandem aus der eigenen Berichtslinie ein Tandem bildet.", None),
    "Languages": ("Sprachen", None),
    "Time zone": ("Zeitzone", None),
    "Seniority level": ("Karrierestufe", None),
    "Used so that the mentor is the more junior one.": (
        "Damit die weniger erfahrene Person die Mentorenrolle übernimmt.", None),
    "Never pair me with": ("Nicht zusammenbringen mit", None),
    "Optional and private: people you depend on or compete with.": (
        "Freiwillig und vertraulich: Personen, von denen Sie abhängig sind oder mit denen Sie "
        "im Wettbewerb stehen.",
        "Freiwillig und vertraulich: Personen, von denen du abhängig bist oder mit denen du im "
        "Wettbewerb stehst."),
    "Ground rules": ("Spielregeln", None),
    "I take part voluntarily and keep what is said in our sessions confidential.": (
        "Ich mache freiwillig mit und behandle alles, was in unseren Treffen besprochen wird, "
        "vertraulich.", None),
    "Sign up": ("Anmelden", None),
    "Please choose whether you join as mentor or mentee.": (
        "Bitte wählen Sie, ob Sie als Mentor/in oder als Mentee teilnehmen.",
        "Bitte wähle aus, ob du als Mentor/in oder als Mentee teilnimmst."),
    "Please choose at least one topic.": (
        "Bitte wählen Sie mindestens ein Thema aus.", "Bitte wähle mindestens ein Thema aus."),
    "Please choose topics from the list.": (
        "Bitte wählen Sie Themen aus der Liste.", "Bitte wähle Themen aus der Liste."),
    "Please keep this under {n} characters.": (
        "Bitte bleiben Sie unter {n} Zeichen.", "Bitte bleib unter {n} Zeichen."),
    "Please choose languages from the list.": (
        "Bitte wählen Sie Sprachen aus der Liste.", "Bitte wähle Sprachen aus der Liste."),
    "Unknown time zone. Please use a name like Europe/Berlin.": (
        "Diese Zeitzone kenne ich nicht. Bitte geben Sie einen Namen wie Europe/Berlin an.",
        "Diese Zeitzone kenne ich nicht. Bitte gib einen Namen wie Europe/Berlin an."),
    "Please choose a level from the list.": (
        "Bitte wählen Sie eine Stufe aus der Liste.", "Bitte wähle eine Stufe aus der Liste."),
    "Please name at most 20 people.": (
        "Bitte nennen Sie höchstens 20 Personen.", "Bitte nenne höchstens 20 Personen."),
    "Please agree to the ground rules to take part.": (
        "Um teilzunehmen, stimmen Sie bitte den Spielregeln zu.",
        "Um teilzunehmen, stimme bitte den Spielregeln zu."),
    "You are already signed up as **{role}**. Type `status` to see where things stand.": (
        "Sie sind bereits als **{role}** angemeldet. Mit `status` sehen Sie den aktuellen "
        "Stand.",
        "Du bist schon als **{role}** angemeldet. Mit `status` siehst du den aktuellen Stand."),
    "You are already signed up as **{role}**. Nothing was changed.": (
        "Sie sind bereits als **{role}** angemeldet. Es wurde nichts geändert.",
        "Du bist schon als **{role}** angemeldet. Es wurde nichts geändert."),
    "Welcome to **{program}**! You are signed up as **{role}** for: {topics}.\n\nA coordinator "
    "will propose your tandem partner. Type `status` any time, `pause` to take a break or "
    "`leave` to stop.": (
        "Willkommen bei **{program}**! Sie sind als **{role}** angemeldet für: {topics}.\n\n"
        "Die Programmkoordination schlägt Ihnen ein passendes Gegenüber vor. Mit `status` sehen "
        "Sie jederzeit den aktuellen Stand, mit `pause` legen Sie eine Pause ein, mit `leave` "
        "melden Sie sich ab.",
        "Willkommen bei **{program}**! Du bist als **{role}** angemeldet für: {topics}.\n\n"
        "Die Programmkoordination schlägt dir ein passendes Gegenüber vor. Mit `status` siehst "
        "du jederzeit den aktuellen Stand, mit `pause` legst du eine Pause ein, mit `leave` "
        "meldest du dich ab."),
    # tandems
    "There are no tandems yet. Type `match` to propose some.": (
        "Es gibt noch keine Tandems. Mit `match` erhalten Sie Vorschläge.",
        "Es gibt noch keine Tandems. Mit `match` bekommst du Vorschläge."),
    "active, every {days} days ({mode})": ("läuft, alle {days} Tage ({mode})", None),
    "kick-off, missing: {todo}": ("im Kick-off, noch offen: {todo}", None),
    "**Tandems ({n})**": ("**Tandems ({n})**", None),
    "To end one: `dissolve <number>`.": (
        "Ein Tandem beenden: `dissolve <Nummer>`.", None),
    "Please give the number of a current tandem, for example `dissolve 12`. Type `tandems` to "
    "see them.": (
        "Bitte geben Sie die Nummer eines laufenden Tandems an, zum Beispiel `dissolve 12`. Mit "
        "`tandems` sehen Sie alle.",
        "Bitte gib die Nummer eines laufenden Tandems an, zum Beispiel `dissolve 12`. Mit "
        "`tandems` siehst du alle."),
    "The program coordination has ended your tandem in **{program}**. Thank you for the time "
    "you invested. You are back on the waiting list and will be considered for a new tandem "
    "in the next round.": (
        "Die Programmkoordination hat Ihr Tandem bei **{program}** beendet. Danke für die Zeit, "
        "die Sie investiert haben! Sie stehen wieder auf der Warteliste und sind in der "
        "nächsten Runde für ein neues Tandem dabei.",
        "Die Programmkoordination hat dein Tandem bei **{program}** beendet. Danke für die Zeit, "
        "die du investiert hast! Du stehst wieder auf der Warteliste und bist in der nächsten "
        "Runde für ein neues Tandem dabei."),
    "Tandem #{id} ({mentor} ↔ {mentee}) is dissolved. Both were told kindly and are back on "
    "the waiting list; type `match` to re-match them.": (
        "Tandem #{id} ({mentor} ↔ {mentee}) ist aufgelöst. Beide wurden freundlich informiert "
        "und stehen wieder auf der Warteliste; mit `match` schlagen Sie neue Tandems vor.",
        "Tandem #{id} ({mentor} ↔ {mentee}) ist aufgelöst. Beide wurden freundlich informiert "
        "und stehen wieder auf der Warteliste; mit `match` schlägst du neue Tandems vor."),
    "You are not in a tandem right now, so there is nothing to change. Type `status` to see "
    "where you stand.": (
        "Sie sind gerade in keinem Tandem, es gibt also nichts zu ändern. Mit `status` sehen "
        "Sie, wo Sie stehen.",
        "Du bist gerade in keinem Tandem, es gibt also nichts zu ändern. Mit `status` siehst "
        "du, wo du stehst."),
    "This program has no coordinators configured yet; please contact your HR team directly.": (
        "Für dieses Programm ist noch keine Koordination eingetragen. Bitte wenden Sie sich "
        "direkt an Ihr HR-Team.",
        "Für dieses Programm ist noch keine Koordination eingetragen. Bitte wende dich direkt "
        "an dein HR-Team."),
    "**{who}** privately asks for a change to their tandem {ids}. Their partner has not been "
    "told.": (
        "**{who}** wünscht sich vertraulich eine Änderung am Tandem {ids}. Das Gegenüber weiß "
        "davon nichts.", None),
    "Reply to them directly; to end the tandem: `dissolve <number>`.": (
        "Antworten Sie der Person am besten direkt. Das Tandem beenden: `dissolve <Nummer>`.",
        "Antworte der Person am besten direkt. Das Tandem beenden: `dissolve <Nummer>`."),
    "Your request went privately to the program coordinators. Your partner has not been told. "
    "A coordinator will get in touch with you.": (
        "Ihr Wunsch ist vertraulich bei der Programmkoordination angekommen. Ihr Gegenüber weiß "
        "davon nichts. Die Koordination meldet sich bei Ihnen.",
        "Dein Wunsch ist vertraulich bei der Programmkoordination angekommen. Dein Gegenüber "
        "weiß davon nichts. Die Koordination meldet sich bei dir."),
    # undelivered
    "tandem introduction": ("Vorstellung im Tandem", None),
    "tandem is active": ("Tandem gestartet", None),
    "learning goals": ("Lernziele", None),
    "cadence proposal": ("Vorschlag für den Rhythmus", None),
    "tandem ended": ("Tandem beendet", None),
    "partner left": ("Gegenüber abgemeldet", None),
    "change request": ("Änderungswunsch", None),
    "not matched this round": ("in dieser Runde ohne Tandem", None),
    "break ended": ("Pause beendet", None),
    "kick-off reminder": ("Erinnerung an den Kick-off", None),
    "kick-off overdue": ("Kick-off überfällig", None),
    "Console": ("Konsole", None),
    "cannot be reached there (`{code}`): the app may have been removed, the account "
    "deactivated, or the person never wrote to the bot": (
        "dort nicht erreichbar (`{code}`): Vielleicht wurde die App entfernt oder das Konto "
        "deaktiviert, oder die Person hat dem Bot noch nie geschrieben", None),
    "gave up after {n} attempts (last error: `{code}`)": (
        "nach {n} Versuchen aufgegeben (letzter Fehler: `{code}`)", None),
    "To send a message again: `messages retry 12`; to drop it: `messages dismiss 12`. Type "
    "`messages` to see the list.": (
        "Erneut senden: `messages retry 12`; verwerfen: `messages dismiss 12`. Mit `messages` "
        "sehen Sie die Liste.",
        "Erneut senden: `messages retry 12`; verwerfen: `messages dismiss 12`. Mit `messages` "
        "siehst du die Liste."),
    "Every message was delivered or is still on its way; none needs you.": (
        "Alle Nachrichten sind zugestellt oder noch unterwegs – hier ist nichts zu tun.", None),
    "{kind} to {to} ({platform}), {when}: {why}": ("{kind} an {to} ({platform}), {when}: {why}",
                                                   None),
    "**Messages that could not be delivered ({n})**": (
        "**Nicht zugestellte Nachrichten ({n})**", None),
    "The {shown} most recent:": ("Die {shown} neuesten:", None),
    "To send one again: `messages retry <number>`; to drop it: `messages dismiss <number>`. "
    "After {days} days their text is deleted and they can no longer be sent.": (
        "Erneut senden: `messages retry <Nummer>`; verwerfen: `messages dismiss <Nummer>`. "
        "Nach {days} Tagen wird der Text gelöscht, danach lassen sie sich nicht mehr senden.",
        None),
    "Message #{id} is queued again and goes out with the next delivery.": (
        "Nachricht #{id} ist wieder eingereiht und geht mit der nächsten Zustellung raus.",
        None),
    "Message #{id} is dropped and its text deleted.": (
        "Nachricht #{id} ist verworfen, ihr Text gelöscht.", None),
    "Message #{id} is not waiting for you: it was already sent again or dropped, or it never "
    "failed. Type `messages` to see the list.": (
        "Nachricht #{id} wartet nicht auf Sie: Sie wurde schon erneut gesendet oder verworfen, "
        "oder die Zustellung hat nie versagt. Mit `messages` sehen Sie die Liste.",
        "Nachricht #{id} wartet nicht auf dich: Sie wurde schon erneut gesendet oder verworfen, "
        "oder die Zustellung hat nie versagt. Mit `messages` siehst du die Liste."),
    # wording
    "Sorry, something went wrong on my side and nothing was changed. Please try again in a "
    "moment.": (
        "Entschuldigung, bei mir ist etwas schiefgegangen – es wurde nichts geändert. Bitte "
        "versuchen Sie es gleich noch einmal.",
        "Entschuldigung, bei mir ist etwas schiefgegangen – es wurde nichts geändert. Bitte "
        "versuche es gleich noch einmal."),
    "Please fill in this field.": ("Bitte füllen Sie dieses Feld aus.",
                                   "Bitte fülle dieses Feld aus."),
    "Open the form": ("Formular öffnen", None),
    "Your answers were received.": ("Ihre Angaben sind angekommen.",
                                    "Deine Angaben sind angekommen."),
    "mentor": ("Mentor/in", None),
    "mentee": ("Mentee", None),
    "sign up as mentor or mentee": ("als Mentor/in oder Mentee anmelden", None),
    "see where you stand": ("den aktuellen Stand ansehen", None),
    "take a break until a date": ("bis zu einem Datum pausieren", None),
    "end your break early": ("die Pause früher beenden", None),
    "stop taking part (removes you from everything future)": (
        "die Teilnahme beenden (keine Vorschläge und Erinnerungen mehr)", None),
    "privately ask the coordinators to change your tandem": (
        "die Programmkoordination vertraulich um eine Änderung am Tandem bitten", None),
    "show this list": ("diese Übersicht anzeigen", None),
    "propose tandems for everyone waiting": ("Tandems für alle Wartenden vorschlagen", None),
    "list current tandems and what their kick-off misses": (
        "laufende Tandems anzeigen und was im Kick-off noch fehlt", None),
    "end tandem #12; both go back to the waiting list": (
        "Tandem #12 beenden; beide kommen zurück auf die Warteliste", None),
    "messages that could not be delivered; send again or drop": (
        "nicht zugestellte Nachrichten erneut senden oder verwerfen", None),
    # the open question's route (issue 9, part 1.2)
    "I am still waiting for your answer to my question (`cancel` to stop).": (
        "Ich warte noch auf Ihre Antwort auf meine Frage (`abbrechen` zum Beenden).",
        "Ich warte noch auf deine Antwort auf meine Frage (`abbrechen` zum Beenden)."),
    "Stopped. Nothing was sent.": ("Abgebrochen. Es wurde nichts gesendet.", None),
    "What should change? Tell me in one message — only the coordinators will see it. "
    "(`cancel` to stop)": (
        "Was soll sich ändern? Schreiben Sie es mir in einer Nachricht – nur die Koordination "
        "sieht sie. (`abbrechen` zum Beenden)",
        "Was soll sich ändern? Schreib es mir in einer Nachricht – nur die Koordination sieht "
        "sie. (`abbrechen` zum Beenden)"),
    "Please write in one message what should change, or type `cancel` to stop.": (
        "Bitte schreiben Sie in einer Nachricht, was sich ändern soll, oder geben Sie "
        "`abbrechen` ein, um aufzuhören.",
        "Bitte schreib in einer Nachricht, was sich ändern soll, oder gib `abbrechen` ein, "
        "um aufzuhören."),
    # the clicked card's update (issue 9, part 1.4b)
    "That card was already answered; its buttons no longer work. Type `help` to see what you "
    "can do.": (
        "Diese Karte ist bereits beantwortet; ihre Schaltflächen sind nicht mehr aktiv. Mit "
        "`help` sehen Sie, was Sie tun können.",
        "Diese Karte ist schon beantwortet; ihre Schaltflächen sind nicht mehr aktiv. Mit "
        "`help` siehst du, was du tun kannst."),
}

DE = {msgid: sie for msgid, (sie, _du) in TEXTS.items()}
DU = {msgid: du if du is not None else sie for msgid, (sie, du) in TEXTS.items()}
