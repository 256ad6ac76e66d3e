"""Sentences of the warnings: key -> (nl, en), the same {fields} on both sides (see portfolio.core.phrases)."""

SENTENCES: dict[str, tuple[str, str]] = {
    # how a warning is printed: file:row:column: warning: message (hint)
    "warn.line": ("waarschuwing: {message} ({hint})", "warning: {message} ({hint})"),
    # year_budgets_exceed_total
    "warn.year_budgets_exceed_total": (
        "de budgetten per jaar van {domain} in budgets.csv tellen op tot {summed} ({each}), {excess} meer "
        "dan het totale budget van {total}; beide grenzen gelden, dus het totaal bindt eerst, en het budget "
        "van één jaar verhogen verandert niets zolang dat zo is",
        "the budgets per year of {domain} in budgets.csv add up to {summed} ({each}), {excess} more than "
        "its total budget of {total}; both limits apply, so the total binds first, and raising one year's "
        "budget changes nothing while it does",
    ),
    "warn.year_budgets_exceed_total.hint": (
        "kloppen de jaarbudgetten, zet dan budget_eur van {domain} op {summed} in domains.csv; verlaag "
        "anders de rijen in budgets.csv tot ze samen {total} zijn",
        "if the yearly budgets are right, set budget_eur of {domain} to {summed} in domains.csv; otherwise "
        "lower its rows in budgets.csv until they add up to {total}",
    ),
    "warn.year_budget": ("{year}: {budget}", "{year}: {budget}"),
    # what a set of actions costs against a budget, and which budget to raise
    "warn.over.year": (
        "{spend} ten laste van {domain} in {year}, meer dan het budget van {budget}",
        "{domain} {spend} in {year}, more than its budget of {budget}",
    ),
    "warn.over.horizon": (
        "{spend} ten laste van {domain} over de hele periode, meer dan het budget van {budget}",
        "{domain} {spend} over the horizon, more than its budget of {budget}",
    ),
    "warn.raise.one": ("verhoog dat budget ({file} regel {row})", "raise that budget ({file} line {row})"),
    "warn.raise.several": ("verhoog die budgetten ({places})", "raise those budgets ({places})"),
    "warn.place.year": ("{file} regel {row} voor {domain} {year}", "{file} line {row} for {domain} {year}"),
    "warn.place.horizon": (
        "{file} regel {row} voor {domain} over de hele periode",
        "{file} line {row} for {domain} over the horizon",
    ),
    # chains of requires and locks
    "warn.chain": ("{action} vereist {required}", "{action} requires {required}"),
    "warn.chain.further": ("{chain}, dat {required} vereist", "{chain}, which requires {required}"),
    "warn.locked_in": ("{action} (verplicht gekozen)", "{action} (locked in)"),
    "warn.locked_in.through": ("{action} (verplicht gekozen: {chain})", "{action} (locked in: {chain})"),
    "warn.together": ("samen met {parts},", "together with {parts},"),
    "warn.on_its_own": ("op zichzelf", "on its own"),
    "warn.together.required": (
        "de acties die het vereist ({actions})",
        "the actions it requires ({actions})",
    ),
    "warn.together.locked_in": (
        "de {count} verplicht gekozen actie(s) (en wat die vereisen)",
        "the {count} locked-in action(s) (and what they require)",
    ),
    # actions that can never be chosen
    "warn.never_chosen": (
        "{action} kan nooit gekozen worden: {reason}",
        "{action} can never be chosen: {reason}",
    ),
    "warn.action_over_budget": ("het kost {over}", "it costs {over}"),
    "warn.action_over_budget.hint": (
        "verlaag de kost van {action}, {raise_budget}, of sluit {action} verplicht uit als het niet "
        "betaalbaar is",
        "lower the cost of {action}, {raise_budget}, or lock {action} out if it cannot be afforded",
    ),
    "warn.action_over_budget.every_start": (
        "elk startjaar van het startvenster overschrijdt een budget: {each}",
        "every start year of its window breaks a budget: {each}",
    ),
    "warn.action_over_budget.starting_in": (
        "met startjaar {year} kost het {over}",
        "starting in {year} it costs {over}",
    ),
    "warn.action_over_budget.every_start.hint": (
        "verlaag de kost van {action}, verhoog die budgetten (budgets.csv), verruim het startvenster "
        "(latest_start in actions.csv), of sluit {action} verplicht uit als het niet betaalbaar is",
        "lower the cost of {action}, raise those budgets (budgets.csv), widen its start window "
        "(latest_start in actions.csv), or lock {action} out if it cannot be afforded",
    ),
    "warn.action_requires_locked_out": (
        "{chain}, dat verplicht uitgesloten is",
        "{chain}, which is locked out",
    ),
    "warn.action_requires_locked_out.hint": (
        "hef de uitsluiting van {action} op (rules.locked_out in case.yaml) of laat de vereiste vallen",
        "unlock {action} (rules.locked_out in case.yaml) or drop the requirement",
    ),
    "warn.action_requires_later_start": (
        "het moet uiterlijk in {last} starten, maar {chain}, dat ten vroegste in {first} start",
        "it must start by {last} but {chain}, which starts in {first} at the earliest",
    ),
    "warn.action_requires_later_start.never": (
        "het moet uiterlijk in {last} starten, maar {chain}, dat in geen enkel jaar kan starten dat de "
        "eigen vereisten toelaten",
        "it must start by {last} but {chain}, which cannot start in any year its own requirements allow",
    ),
    "warn.action_requires_later_start.not_all": (
        "het moet uiterlijk in {last} starten, en wat het vereist kan niet allemaal tegen dan starten",
        "it must start by {last}, and what it requires cannot all start by then",
    ),
    "warn.action_requires_later_start.hint": (
        "laat {action} later starten (latest_start in actions.csv), laat wat het vereist vroeger starten "
        "(earliest_start), of laat de vereiste vallen",
        "let {action} start later (latest_start in actions.csv), let what it requires start earlier "
        "(earliest_start), or drop the requirement",
    ),
    "warn.action_overlaps_locked_in": (
        "het zit in overlapgroep {group} (overlap_group) samen met {rival}, en uit een overlapgroep wordt "
        "hoogstens één actie gekozen",
        "it shares overlap_group {group} with {rival}, and at most one action of a group is chosen",
    ),
    "warn.action_overlaps_locked_in.hint": (
        "haal {action} uit overlapgroep {group} als beide gekozen mogen worden, of sluit {action} verplicht "
        "uit",
        "take {action} out of overlap group {group} if both may be chosen, or lock {action} out",
    ),
    "warn.action_requires_overlap": (
        "het heeft zowel {one} als {other} nodig, die in dezelfde overlapgroep {group} (overlap_group) "
        "zitten ({how})",
        "it needs both {one} and {other}, which share overlap_group {group} ({how})",
    ),
    "warn.action_requires_overlap.hint": (
        "laat een van de vereisten vallen, of haal {one} of {other} uit overlapgroep {group}",
        "drop one of the requirements, or take {one} or {other} out of overlap group {group}",
    ),
    "warn.action_over_budget_together": ("{together} kost het {over}", "{together} it costs {over}"),
    "warn.action_over_budget_together.hint": (
        "{raise_budget}, maak deze acties goedkoper, of laat een vereiste of een vergrendeling vallen",
        "{raise_budget}, make these actions cheaper, or drop a requirement or a lock",
    ),
    "warn.action_exceeds_max_actions": (
        "{together} komt het op {count} actie(s), meer dan max_actions {most}",
        "{together} it makes {count} actions, more than max_actions {most}",
    ),
    "warn.action_exceeds_max_actions.hint": (
        "verhoog rules.max_actions in case.yaml, of laat een vereiste of een vergrendeling vallen",
        "raise rules.max_actions in case.yaml, or drop a requirement or a lock",
    ),
    # numbers that hurt a solver
    "warn.coefficient_range.costs": (
        "de kosten lopen uiteen met een factor {factor}, meer dan de {limit} die solvers uit elkaar houden: "
        "de kleinste, {smallest}, is {small} EUR, de grootste, {largest} ({file} regel {row}), {large} EUR; "
        "daarnaast kan de solver de kleinste niet van 0 onderscheiden",
        "the costs span a factor {factor}, more than the {limit} solvers hold apart: the smallest, "
        "{smallest}, is {small} EUR, the largest, {largest} ({file} line {row}), {large} EUR; next to it "
        "the solver cannot tell the smallest from 0",
    ),
    "warn.coefficient_range.jobs": (
        "de jobs lopen uiteen met een factor {factor}, meer dan de {limit} die solvers uit elkaar houden: "
        "de kleinste, {smallest}, is {small} jobs, de grootste, {largest} ({file} regel {row}), {large} "
        "jobs; daarnaast kan de solver de kleinste niet van 0 onderscheiden",
        "the jobs span a factor {factor}, more than the {limit} solvers hold apart: the smallest, "
        "{smallest}, is {small} jobs, the largest, {largest} ({file} line {row}), {large} jobs; next to it "
        "the solver cannot tell the smallest from 0",
    ),
    "warn.coefficient_range.costs.hint": (
        "controleer de eenheid van beide (kosten in EUR, niet in duizenden of miljoenen); is de kleinste "
        "bedoeld als verwaarloosbaar, schrijf dan 0",
        "check the unit of both (costs in EUR, not thousands or millions); if the smallest is meant to be "
        "negligible, write 0",
    ),
    "warn.coefficient_range.jobs.hint": (
        "controleer de eenheid van beide (jobs in jobs, niet in duizenden of miljoenen); is de kleinste "
        "bedoeld als verwaarloosbaar, schrijf dan 0",
        "check the unit of both (jobs in jobs, not thousands or millions); if the smallest is meant to be "
        "negligible, write 0",
    ),
    "warn.cost_of": ("kost van {action} voor {domain}", "cost of {action} to {domain}"),
    "warn.jobs_of": (
        "jobs van {action} in {group} (reach x effect)",
        "jobs of {action} in {group} (reach x effect)",
    ),
    "warn.synergy_of": ("synergie van {a} en {b} in {group}", "synergy of {a} and {b} in {group}"),
    "warn.too_many_decimals": (
        "{value} heeft meer dan {decimals} decimalen nodig{more}; de cpsat-backend rekent in stappen van "
        "hoogstens 10^-{decimals}, rondt het af en noemt zijn antwoord dan nooit optimaal",
        "{value} needs more than {decimals} decimals{more}; the cpsat backend counts in steps of at most "
        "10^-{decimals} and rounds it, and then never calls its answer optimal",
    ),
    "warn.too_many_decimals.more": (" (en nog {count} in deze kolom)", " (and {count} more in this column)"),
    "warn.too_many_decimals.reach": (
        "reach x effect = {reach} x {effect} = {jobs} jobs",
        "reach x effect = {reach} x {effect} = {jobs} jobs",
    ),
    "warn.too_many_decimals.slope": (
        "de helling {slope} van de curve van doelgroep {group} tot dit punt ({jobs} - {jobs_before} jobs op "
        "{direct} - {direct_before} directe jobs)",
        "the slope {slope} of group {group}'s curve up to this point ({jobs} - {jobs_before} jobs over "
        "{direct} - {direct_before} direct jobs)",
    ),
    "warn.too_many_decimals.hint": (
        "rond af op centen voor geld en op hoogstens 6 decimalen van een job; het resultaat van een formule "
        "kan ROUND nodig hebben",
        "round to cents for money and to at most 6 decimals of a job (a formula's result may need ROUND)",
    ),
    # the cost of an equity share
    "warn.share.jobs": ("{count} jobs", "{count} jobs"),
    "warn.share": (
        "het aandeel van doelgroep {group} ({name}: minstens {share} van alle extra jobs) kost "
        "{cost}{target} ({without_share} zonder dat aandeel, {with_share} ermee{kept}){spread}",
        "the share of group {group} ({name}: at least {share} of all extra jobs) costs {cost}{target} "
        "({without_share} without it, {with_share} with it{kept}){spread}",
    ),
    "warn.share.target": (" om het jobdoel van {target} te halen", " to reach the jobs target of {target}"),
    "warn.share.kept": ("; de andere aandelen behouden", "; the other shares kept"),
    "warn.share.spread": (
        "; binnen de bewezen marges van de solvers ligt dat tussen {low} en {high}",
        "; within the solvers' proven gaps it lies between {low} and {high}",
    ),
    "warn.share.hint": (
        "behoud het als dat aandeel {cost} waard is; verlaag of schrap anders "
        "rules.min_group_share.{group}; een whatif-scenario met rules: {{min_group_share: {{{group}: "
        "...}}}} toont de jobs bij een ander aandeel",
        "keep it if that share is worth {cost}; otherwise lower or remove rules.min_group_share.{group}; a "
        "whatif scenario with rules: {{min_group_share: {{{group}: ...}}}} shows the jobs at another share",
    ),
    # probable overlaps between working groups' proposals
    "warn.overlap": (
        "{a} '{a_name}' (trekker {a_domain}) en {b} '{b_name}' (trekker {b_domain}): namen {alike} gelijk; "
        "{barriers}; {groups}; geen gemeenschappelijke overlapgroep, geen rij in synergies.csv, geen van "
        "beide vereist de andere",
        "{a} '{a_name}' (lead {a_domain}) and {b} '{b_name}' (lead {b_domain}): names {alike} alike; "
        "{barriers}; {groups}; no common overlap group, no synergy row, neither requires the other",
    ),
    "warn.overlap.barriers.same": ("beide pakken precies {shared} aan", "both address exactly {shared}"),
    "warn.overlap.barriers": ("beide pakken {shared} aan", "both address {shared}"),
    "warn.overlap.groups.same": ("beide bereiken precies {shared}", "both reach exactly {shared}"),
    "warn.overlap.groups": ("beide bereiken {shared}", "both reach {shared}"),
    "warn.overlap.only": ("alleen {action} ook {others}", "only {action} also {others}"),
    "warn.overlap.hint": (
        "zijn {a} en {b} één maatregel, geef beide dan dezelfde overlap_group in actions.csv, zodat "
        "hoogstens één gekozen wordt; zijn beide gewenst en bereiken ze deels dezelfde mensen, voeg dan per "
        "gedeelde doelgroep een rij toe aan synergies.csv (negatieve extra_jobs voor mensen die dubbel "
        "geteld worden); zijn het verschillende maatregelen, dan hoeft er niets te veranderen",
        "if {a} and {b} are one measure, give both the same overlap_group in actions.csv so at most one is "
        "chosen; if both are wanted and they reach partly the same people, add a synergies.csv row per "
        "shared group (negative extra_jobs for people counted twice); if they are different measures, "
        "nothing needs to change",
    ),
}
