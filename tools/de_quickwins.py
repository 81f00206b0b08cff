"""German texts of the quick wins (issue 12, quick wins 1–4): msgid → (Sie text, du text or
None when it addresses nobody)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str | None]] = {
    # the channel post and its credit line
    "**Quick win** from the reverse mentoring program {program}": (
        "**Quick Win** aus dem Reverse-Mentoring-Programm {program}", None),
    "{first} and {last}": ("{first} und {last}", None),
    "the program team": ("das Programmteam", None),
    "a tandem from {departments}": ("ein Tandem aus {departments}", None),
    "a tandem": ("ein Tandem", None),
    "{names} and a tandem partner from {departments}": (
        "{names} und eine Tandempartnerin oder ein Tandempartner aus {departments}", None),
    "{names} and their tandem partner": (
        "{names} und die Tandempartnerin oder der Tandempartner", None),
    "{names} and tandem partners from {departments}": (
        "{names} und Tandempartner/innen aus {departments}", None),
    "{names} and their tandem partners": ("{names} und die Tandempartner/innen", None),
    # approving
    "{who} proposes a quick win": ("{who} schlägt einen Quick Win vor", None),
    "{who} changed the quick win": ("{who} hat den Quick Win geändert", None),
    "Topic: {topic}": ("Thema: {topic}", None),
    "It is posted to the program's quick-wins channel only when everyone in your tandem has "
    "approved this exact text. Whether your name appears is your own choice; without names it "
    "says: “{anonymous}”.": (
        "Er erscheint im Quick-Wins-Kanal des Programms erst, wenn alle in Ihrem Tandem genau "
        "diesem Text zugestimmt haben. Ob Ihr Name dabeisteht, entscheiden Sie selbst; ohne "
        "Namen heißt es: „{anonymous}“.",
        "Er erscheint im Quick-Wins-Kanal des Programms erst, wenn alle in deinem Tandem genau "
        "diesem Text zugestimmt haben. Ob dein Name dabeisteht, entscheidest du selbst; ohne "
        "Namen heißt es: „{anonymous}“."),
    "Approve with my name": ("Zustimmen, mit meinem Namen", None),
    "Approve without my name": ("Zustimmen, ohne meinen Namen", None),
    "Edit": ("Ändern", None),
    "Withdraw": ("Zurückziehen", None),
    "Your quick win": ("Ihr Quick Win", "Dein Quick Win"),
    "Waiting for {people} to approve this exact text. Nothing is posted before.": (
        "Wartet darauf, dass {people} genau diesem Text zustimmt. Vorher wird nichts "
        "veröffentlicht.", None),
    "Waiting for {people} to approve this exact text.": (
        "Wartet darauf, dass {people} genau diesem Text zustimmt.", None),
    "The text was changed meanwhile, so your approval would not be for what is posted. The "
    "current version:": (
        "Der Text wurde inzwischen geändert, Ihre Zustimmung gälte also nicht dem, was "
        "veröffentlicht wird. Die aktuelle Fassung:",
        "Der Text wurde inzwischen geändert, deine Zustimmung gälte also nicht dem, was "
        "veröffentlicht wird. Die aktuelle Fassung:"),
    "You approved it, with your name.": ("Sie haben zugestimmt, mit Ihrem Namen.",
                                         "Du hast zugestimmt, mit deinem Namen."),
    "You approved it, without your name.": ("Sie haben zugestimmt, ohne Ihren Namen.",
                                            "Du hast zugestimmt, ohne deinen Namen."),
    "Everyone approved the quick win. A coordinator has a last look before it is posted.": (
        "Alle haben dem Quick Win zugestimmt. Vor der Veröffentlichung sieht ihn sich noch "
        "jemand aus der Koordination an.", None),
    "Everyone approved the quick win: it is being posted to the program's quick-wins "
    "channel.": (
        "Alle haben dem Quick Win zugestimmt: Er wird im Quick-Wins-Kanal des Programms "
        "veröffentlicht.", None),
    "Nothing in the text changed.": ("Am Text hat sich nichts geändert.", None),
    "Changed. The new text goes to {people} for approval; nothing is posted before.": (
        "Geändert. Der neue Text geht an {people} zur Zustimmung; vorher wird nichts "
        "veröffentlicht.", None),
    # withdrawing
    "Withdraw this quick win?": ("Diesen Quick Win zurückziehen?", None),
    "Everyone in your tandem is told, and nothing is posted.": (
        "Alle in Ihrem Tandem erfahren es, und nichts wird veröffentlicht.",
        "Alle in deinem Tandem erfahren es, und nichts wird veröffentlicht."),
    "Yes, withdraw it": ("Ja, zurückziehen", None),
    "Keep it": ("Behalten", None),
    "Nothing changed: the quick win stays as it is.": (
        "Nichts geändert: Der Quick Win bleibt, wie er ist.", None),
    "{who} withdrew the quick win “{text}” — nothing was posted.": (
        "{who} hat den Quick Win „{text}“ zurückgezogen – es wurde nichts veröffentlicht.",
        None),
    "A tandem withdrew its quick win “{text}” — nothing was posted.": (
        "Ein Tandem hat seinen Quick Win „{text}“ zurückgezogen – es wurde nichts "
        "veröffentlicht.", None),
    "Withdrawn: nothing was posted, and the others in your tandem are told.": (
        "Zurückgezogen: Es wurde nichts veröffentlicht, und die anderen in Ihrem Tandem "
        "erfahren es.",
        "Zurückgezogen: Es wurde nichts veröffentlicht, und die anderen in deinem Tandem "
        "erfahren es."),
    # states
    "This quick win was withdrawn: nothing was posted.": (
        "Dieser Quick Win wurde zurückgezogen: Es wurde nichts veröffentlicht.", None),
    "Everyone approved this quick win; it waits for a coordinator's decision.": (
        "Alle haben diesem Quick Win zugestimmt; er wartet auf die Entscheidung der "
        "Koordination.", None),
    "The coordinators are holding this quick win back for now.": (
        "Die Koordination hält diesen Quick Win vorerst zurück.", None),
    "This quick win is already approved and on its way to the quick-wins channel.": (
        "Diesem Quick Win wurde schon zugestimmt; er ist auf dem Weg in den "
        "Quick-Wins-Kanal.", None),
    "This quick win is approved, but the channel did not take it yet: the coordinators are "
    "told how to fix it.": (
        "Diesem Quick Win wurde zugestimmt, aber der Kanal hat ihn noch nicht angenommen: Die "
        "Koordination erfährt, wie sich das beheben lässt.", None),
    "This quick win is already posted in the quick-wins channel.": (
        "Dieser Quick Win ist schon im Quick-Wins-Kanal veröffentlicht.", None),
    "Nothing changed.": ("Nichts geändert.", None),
    # the form
    "Please write your quick win in one or two sentences.": (
        "Bitte beschreiben Sie Ihren Quick Win in ein oder zwei Sätzen.",
        "Bitte beschreib deinen Quick Win in ein oder zwei Sätzen."),
    "That is {n} characters; a quick win fits in {most}. Please shorten it to one or two "
    "sentences.": (
        "Das sind {n} Zeichen; ein Quick Win passt in {most}. Bitte kürzen Sie ihn auf ein "
        "oder zwei Sätze.",
        "Das sind {n} Zeichen; ein Quick Win passt in {most}. Bitte kürz ihn auf ein oder "
        "zwei Sätze."),
    "Please choose one of the listed topics, or none.": (
        "Bitte wählen Sie eines der genannten Themen oder keines.",
        "Bitte wähl eines der genannten Themen oder keines."),
    "Your quick win: one or two sentences (up to {n} characters)": (
        "Ihr Quick Win: ein oder zwei Sätze (bis zu {n} Zeichen)",
        "Dein Quick Win: ein oder zwei Sätze (bis zu {n} Zeichen)"),
    "Posted exactly as written, once everyone in your tandem approved it.": (
        "Wird genau so veröffentlicht, sobald alle in Ihrem Tandem zugestimmt haben.",
        "Wird genau so veröffentlicht, sobald alle in deinem Tandem zugestimmt haben."),
    "Posted exactly as written.": ("Wird genau so veröffentlicht.", None),
    "Topic (optional)": ("Thema (optional)", None),
    "Show my name with it?": ("Meinen Namen dazuschreiben?", None),
    "Yes, show my name": ("Ja, mit meinem Namen", None),
    "No, leave my name out": ("Nein, ohne meinen Namen", None),
    "Posted to the program's quick-wins channel right away, in the program's language.": (
        "Wird sofort im Quick-Wins-Kanal des Programms veröffentlicht, in der Sprache des "
        "Programms.", None),
    "Share what worked. Your partner approves the exact text before anything is posted, and "
    "each of you decides whether your name appears.": (
        "Teilen Sie, was gut funktioniert hat. Ihr Tandem stimmt genau diesem Text zu, bevor "
        "etwas veröffentlicht wird, und jede und jeder entscheidet selbst, ob der eigene Name "
        "dabeisteht.",
        "Teil, was gut funktioniert hat. Dein Tandem stimmt genau diesem Text zu, bevor etwas "
        "veröffentlicht wird, und jede und jeder entscheidet selbst, ob der eigene Name "
        "dabeisteht."),
    "Change the quick win": ("Quick Win ändern", None),
    "Share a quick win": ("Quick Win teilen", None),
    "Share": ("Teilen", None),
    # whose, where
    "This quick win belongs to a tandem you are not part of, or it is gone. Type `wins` to "
    "see the program's quick wins.": (
        "Dieser Quick Win gehört zu einem Tandem, in dem Sie nicht sind, oder es gibt ihn "
        "nicht mehr. Mit `wins` sehen Sie die Quick Wins des Programms.",
        "Dieser Quick Win gehört zu einem Tandem, in dem du nicht bist, oder es gibt ihn "
        "nicht mehr. Mit `wins` siehst du die Quick Wins des Programms."),
    "This program has no quick-wins channel yet, so quick wins cannot be shared. The "
    "coordinators can set one up (`[quick_wins]` in the program file).": (
        "Dieses Programm hat noch keinen Quick-Wins-Kanal, daher lassen sich noch keine Quick "
        "Wins teilen. Die Koordination kann einen einrichten (`[quick_wins]` in der "
        "Programmdatei).", None),
    "You can share a quick win once your tandem is active. Type `status` to see where you "
    "stand.": (
        "Einen Quick Win können Sie teilen, sobald Ihr Tandem aktiv ist. Mit `status` sehen "
        "Sie, wo Sie stehen.",
        "Einen Quick Win kannst du teilen, sobald dein Tandem aktiv ist. Mit `status` siehst "
        "du, wo du stehst."),
    "Which tandem is it from?": ("Aus welchem Tandem stammt er?", None),
    "Someone in your tandem changed it meanwhile, so your changes were not saved. The "
    "current version:": (
        "Jemand in Ihrem Tandem hat ihn inzwischen geändert, daher wurden Ihre Änderungen "
        "nicht gespeichert. Die aktuelle Fassung:",
        "Jemand in deinem Tandem hat ihn inzwischen geändert, daher wurden deine Änderungen "
        "nicht gespeichert. Die aktuelle Fassung:"),
    # coordinators
    "A quick win to post?": ("Einen Quick Win veröffentlichen?", None),
    "Everyone in the tandem approved this text. It is posted to the quick-wins channel only "
    "when a coordinator says **Post**.": (
        "Alle im Tandem haben diesem Text zugestimmt. Im Quick-Wins-Kanal erscheint er erst, "
        "wenn jemand aus der Koordination **Veröffentlichen** wählt.", None),
    "Post": ("Veröffentlichen", None),
    "Hold": ("Zurückhalten", None),
    "That quick win is no longer there. Type `wins` to see the others.": (
        "Diesen Quick Win gibt es nicht mehr. Mit `wins` sehen Sie die anderen.",
        "Diesen Quick Win gibt es nicht mehr. Mit `wins` siehst du die anderen."),
    "The tandem changed the text meanwhile; it comes back to you once they approved the new "
    "one.": (
        "Das Tandem hat den Text inzwischen geändert; er kommt wieder zu Ihnen, sobald es dem "
        "neuen zugestimmt hat.",
        "Das Tandem hat den Text inzwischen geändert; er kommt wieder zu dir, sobald es dem "
        "neuen zugestimmt hat."),
    "A coordinator approved your quick win: it is being posted to the program's quick-wins "
    "channel.": (
        "Die Koordination hat Ihrem Quick Win zugestimmt: Er wird im Quick-Wins-Kanal des "
        "Programms veröffentlicht.",
        "Die Koordination hat deinem Quick Win zugestimmt: Er wird im Quick-Wins-Kanal des "
        "Programms veröffentlicht."),
    "Posted: the quick win is on its way to the quick-wins channel, and the tandem is told.": (
        "Veröffentlicht: Der Quick Win ist auf dem Weg in den Quick-Wins-Kanal, und das Tandem "
        "erfährt es.", None),
    "The coordinators are holding your quick win back for now: nothing was posted. If you "
    "change it, they look at it again.": (
        "Die Koordination hält Ihren Quick Win vorerst zurück: Es wurde nichts veröffentlicht. "
        "Wenn Sie ihn ändern, sieht sie ihn sich noch einmal an.",
        "Die Koordination hält deinen Quick Win vorerst zurück: Es wurde nichts "
        "veröffentlicht. Wenn du ihn änderst, sieht sie ihn sich noch einmal an."),
    "Held: nothing is posted, and the tandem is told. You can still post it from `wins`.": (
        "Zurückgehalten: Nichts wird veröffentlicht, und das Tandem erfährt es. Über `wins` "
        "können Sie ihn später noch veröffentlichen.",
        "Zurückgehalten: Nichts wird veröffentlicht, und das Tandem erfährt es. Über `wins` "
        "kannst du ihn später noch veröffentlichen."),
    "Your quick win is on its way to the program's quick-wins channel.": (
        "Ihr Quick Win ist auf dem Weg in den Quick-Wins-Kanal des Programms.",
        "Dein Quick Win ist auf dem Weg in den Quick-Wins-Kanal des Programms."),
    # a refused post
    "A quick win could not be posted yet": (
        "Ein Quick Win konnte noch nicht veröffentlicht werden", None),
    "Nothing is lost: the quick win waits until it can be posted.": (
        "Nichts geht verloren: Der Quick Win wartet, bis er veröffentlicht werden kann.", None),
    "Retry": ("Erneut versuchen", None),
    "Trying again: the quick win is on its way to the quick-wins channel.": (
        "Neuer Versuch: Der Quick Win ist auf dem Weg in den Quick-Wins-Kanal.", None),
    "Tandem is not a member of the Slack channel `{channel}` (`[quick_wins] slack`), or "
    "there is no such channel, so it cannot post there. To fix it, open that channel in Slack "
    "and type `/invite @Tandem` (or correct the id), then press **Retry**.": (
        "Tandem ist nicht Mitglied des Slack-Kanals `{channel}` (`[quick_wins] slack`), oder "
        "es gibt diesen Kanal nicht, daher kann Tandem dort nicht schreiben. Öffnen Sie dazu "
        "den Kanal in Slack und geben Sie `/invite @Tandem` ein (oder korrigieren Sie die "
        "ID); wählen Sie dann **Erneut versuchen**.",
        "Tandem ist nicht Mitglied des Slack-Kanals `{channel}` (`[quick_wins] slack`), oder "
        "es gibt diesen Kanal nicht, daher kann Tandem dort nicht schreiben. Öffne dazu den "
        "Kanal in Slack und gib `/invite @Tandem` ein (oder korrigier die ID); wähl dann "
        "**Erneut versuchen**."),
    "The Slack channel `{channel}` is archived. Unarchive it, or set another channel as "
    "`[quick_wins] slack`, then press **Retry**.": (
        "Der Slack-Kanal `{channel}` ist archiviert. Holen Sie ihn aus dem Archiv oder tragen "
        "Sie einen anderen Kanal als `[quick_wins] slack` ein; wählen Sie dann **Erneut "
        "versuchen**.",
        "Der Slack-Kanal `{channel}` ist archiviert. Hol ihn aus dem Archiv oder trag einen "
        "anderen Kanal als `[quick_wins] slack` ein; wähl dann **Erneut versuchen**."),
    "Tandem cannot post in the Teams channel `{channel}` (`[quick_wins] teams`). To fix it, "
    "add the Tandem app to that channel's team; if it is not the team's General channel, "
    "also @mention Tandem there once. Then press **Retry**.": (
        "Tandem kann im Teams-Kanal `{channel}` (`[quick_wins] teams`) nicht schreiben. Fügen "
        "Sie dazu die Tandem-App dem Team dieses Kanals hinzu; ist es nicht der Kanal "
        "„Allgemein“, erwähnen Sie Tandem dort außerdem einmal mit @. Wählen Sie dann "
        "**Erneut versuchen**.",
        "Tandem kann im Teams-Kanal `{channel}` (`[quick_wins] teams`) nicht schreiben. Füg "
        "dazu die Tandem-App dem Team dieses Kanals hinzu; ist es nicht der Kanal "
        "„Allgemein“, erwähne Tandem dort außerdem einmal mit @. Wähl dann **Erneut "
        "versuchen**."),
    "{platform} did not take the post to `{channel}` (`{code}`). Press **Retry** to try "
    "again; if it keeps failing, check `[quick_wins]` in the program file.": (
        "{platform} hat den Beitrag für `{channel}` nicht angenommen (`{code}`). Wählen Sie "
        "**Erneut versuchen**; klappt es weiterhin nicht, prüfen Sie `[quick_wins]` in der "
        "Programmdatei.",
        "{platform} hat den Beitrag für `{channel}` nicht angenommen (`{code}`). Wähl "
        "**Erneut versuchen**; klappt es weiterhin nicht, prüf `[quick_wins]` in der "
        "Programmdatei."),
    # `wins` and the digest
    "{date}: “{text}” — {credit}": ("{date}: „{text}“ – {credit}", None),
    "“{text}” — {credit}": ("„{text}“ – {credit}", None),
    "No quick win has been posted yet. Share yours with `win`.": (
        "Noch wurde kein Quick Win veröffentlicht. Teilen Sie Ihren mit `win`.",
        "Noch wurde kein Quick Win veröffentlicht. Teil deinen mit `win`."),
    "Your tandem's drafts:": ("Entwürfe Ihres Tandems:", "Entwürfe deines Tandems:"),
    "Show #{id}": ("#{id} zeigen", None),
    "Post #{id}": ("#{id} veröffentlichen", None),
    "Hold #{id}": ("#{id} zurückhalten", None),
    "Retry #{id}": ("#{id} erneut versuchen", None),
    "Quick wins of {program}": ("Quick Wins von {program}", None),
    "waiting for approval": ("wartet auf Zustimmung", None),
    "waiting for a coordinator": ("wartet auf die Koordination", None),
    "held by the coordinators": ("von der Koordination zurückgehalten", None),
    "#{id} ({state}): “{text}”": ("#{id} ({state}): „{text}“", None),
    "**#{id}** waits for your decision:": ("**#{id}** wartet auf Ihre Entscheidung:",
                                          "**#{id}** wartet auf deine Entscheidung:"),
    "**#{id}** is held:": ("**#{id}** ist zurückgehalten:", None),
    "**#{id}** could not be posted yet (see the message about it):": (
        "**#{id}** konnte noch nicht veröffentlicht werden (siehe die Nachricht dazu):", None),
    "Posted that week: {n}": ("In dieser Woche veröffentlicht: {n}", None),
    "No quick win was posted that week.": (
        "In dieser Woche wurde kein Quick Win veröffentlicht.", None),
    "Waiting for a coordinator's decision: {n}. Type `wins` to post or hold them.": (
        "Warten auf eine Entscheidung der Koordination: {n}. Mit `wins` veröffentlichen oder "
        "halten Sie sie zurück.",
        "Warten auf eine Entscheidung der Koordination: {n}. Mit `wins` veröffentlichst du "
        "sie oder hältst sie zurück."),
    "Could not be posted yet: {n}. Type `wins` to see why and retry.": (
        "Noch nicht veröffentlicht: {n}. Mit `wins` sehen Sie, warum, und versuchen es erneut.",
        "Noch nicht veröffentlicht: {n}. Mit `wins` siehst du, warum, und versuchst es "
        "erneut."),
    "Quick wins of the week of {date}": ("Quick Wins der Woche vom {date}", None),
    # kinds of queued messages, in `messages`
    "quick win in the channel": ("Quick Win im Kanal", None),
    "quick win to approve": ("Quick Win zur Zustimmung", None),
    "quick win not posted": ("Quick Win nicht veröffentlicht", None),
    "quick wins of the week": ("Quick Wins der Woche", None),
    # after a good retro, and help
    "Share a quick win?": ("Einen Quick Win teilen?", None),
    "Glad the session went well! If something worked that others in the program could learn "
    "from, share it as a quick win: your partner approves the text first, and each of you "
    "decides whether your name appears.": (
        "Schön, dass das Treffen gut lief! Wenn etwas funktioniert hat, von dem andere im "
        "Programm lernen können, teilen Sie es als Quick Win: Ihr Tandem stimmt dem Text "
        "zuerst zu, und jede und jeder entscheidet selbst, ob der eigene Name dabeisteht.",
        "Schön, dass das Treffen gut lief! Wenn etwas funktioniert hat, von dem andere im "
        "Programm lernen können, teil es als Quick Win: Dein Tandem stimmt dem Text zuerst "
        "zu, und jede und jeder entscheidet selbst, ob der eigene Name dabeisteht."),
    "share a quick win of your tandem in the program's channel, once you all approved it": (
        "einen Quick Win Ihres Tandems im Kanal des Programms teilen, sobald alle zugestimmt "
        "haben",
        "einen Quick Win deines Tandems im Kanal des Programms teilen, sobald alle zugestimmt "
        "haben"),
    "post a quick win to the program's channel yourself": (
        "selbst einen Quick Win im Kanal des Programms veröffentlichen", None),
    "the program's quick wins": ("die Quick Wins des Programms", None),
}

DE = {k: s for k, (s, _d) in TEXTS.items() if s}
DU = {k: d if d is not None else s for k, (s, d) in TEXTS.items() if s}
