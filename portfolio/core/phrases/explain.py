"""Sentences of explain: key -> (nl, en), the same {fields} on both sides (see portfolio.core.phrases).

What `portfolio explain` says of an infeasible case (portfolio/explain.py): the head of each conflict, what
a budget of the conflict pays for, each relaxation, and why the actions of a phased plan start when they do.
Setting keys (`rules.max_actions`, `rules.start_in`) and ids are fields: they stay as the case writes them.
"""

SENTENCES: dict[str, tuple[str, str]] = {
    # the summary
    "explain.feasible": ("de case heeft een portefeuille: er valt niets uit te leggen",
                         "the case has a portfolio: nothing to explain"),
    "explain.undecided": ("de solver kon binnen de tijdslimiet niet beslissen of de case een portefeuille "
                          "heeft",
                          "the solver could not decide within the time limit whether the case has a "
                          "portfolio"),
    "explain.starts_head": ("Waarom de acties van het optimale plan starten wanneer ze starten, en niet "
                            "vroeger:",
                            "Why the actions of the optimal plan start when they do, not earlier:"),
    "explain.rules": ("Deze {n} regels kunnen niet allemaal tegelijk gelden:",
                      "These {n} rules cannot all hold at once:"),
    "explain.rule": ("Deze regel kan niet gelden:", "This rule cannot hold:"),
    "explain.conflict_of": ("Knelpunt {n} van {count}. {head}", "Conflict {n} of {count}. {head}"),
    # what a budget of the conflict pays for
    "explain.budget.asked": ("de acties die de andere regels vragen, kosten dit budget {costs}",
                             "the actions the other rules ask for cost it {costs}"),
    "explain.budget.locked": ("verplicht gekozen acties ({actions}) gebruiken al {used}, er blijft {left} "
                              "over",
                              "locked-in actions ({actions}) already use {used}, leaving {left}"),
    "explain.budget.fixed": ("{action} met start in {year} kost dit budget {cost}",
                             "{action} starting in {year} costs it {cost}"),
    "explain.budget.least": ("{action} kost dit budget minstens {cost}, in welk jaar van {years} ze ook "
                             "start",
                             "{action} costs it at least {cost} whichever year of {years} it starts"),
    # relaxations
    "explain.target.alone": ("alleen het jobdoel verlagen helpt niet: ook andere regels botsen",
                             "lowering the jobs target alone does not help: other rules conflict too"),
    "explain.target.lower": ("verlaag het jobdoel van {target} naar hoogstens {lowest} (het meeste dat de "
                             "andere regels toelaten)",
                             "lower the jobs target from {target} to at most {lowest} (the most the other "
                             "rules allow)"),
    "explain.count.alone": ("alleen {setting} verlagen helpt niet: ook andere regels botsen",
                            "lowering {setting} alone does not help: other rules conflict too"),
    "explain.count.lower": ("verlaag {setting} van {need} naar {k}", "lower {setting} from {need} to {k}"),
    "explain.priority.drop": ("tel {barrier} niet langer als prioritaire drempel",
                              "no longer count {barrier} as a priority barrier"),
    "explain.max_actions.alone": ("alleen {setting} verhogen helpt niet: ook andere regels botsen",
                                  "raising {setting} alone does not help: other rules conflict too"),
    "explain.max_actions.raise": ("verhoog {setting} van {was} naar {k} (het kleinste aantal acties dat de "
                                  "andere regels nodig hebben)",
                                  "raise {setting} from {was} to {k} (the fewest actions the other rules "
                                  "need)"),
    "explain.unlock.in": ("maak {action} niet langer verplicht gekozen", "unlock {action} (locked in)"),
    "explain.unlock.out": ("sluit {action} niet langer uit", "unlock {action} (locked out)"),
    "explain.share.alone": ("alleen het aandeel van {group} laten vallen helpt niet: ook andere regels "
                            "botsen",
                            "dropping the share of {group} alone does not help: other rules conflict too"),
    "explain.share.lower": ("verlaag het aandeel van {group} van {share} naar {low}",
                            "lower the share of {group} from {share} to {low}"),
    "explain.share.drop": ("laat het aandeel van {group} ({share}) vallen",
                           "drop the share of {group} ({share})"),
    "explain.start.move": ("start {action} in {year} in plaats van in {was}",
                           "start {action} in {year} instead of {was}"),
    "explain.start.drop": ("laat de vaste start van {action} in {year} ({setting}) vallen: geen ander jaar "
                           "van haar venster helpt",
                           "drop the fixed start of {action} in {year} ({setting}): no other year of its "
                           "window helps"),
    "explain.combined.none": ("geen combinatie van afzonderlijke wijzigingen gevonden; de knelpunten "
                              "hierboven moeten samen opgelost worden",
                              "no combination of single changes found; the conflicts above must be "
                              "resolved together"),
    "explain.combined": ("samen: {steps}", "together: {steps}"),
    "explain.budget.alone": ("alleen meer budget voor {domain} helpt niet: ook andere regels botsen",
                             "more budget for {domain} alone does not help: other rules conflict too"),
    "explain.budget.alone_year": ("alleen meer budget voor {domain} in {year} helpt niet: ook andere regels "
                                  "botsen",
                                  "more budget for {domain} in {year} alone does not help: other rules "
                                  "conflict too"),
    "explain.budget.raise": ("verhoog het budget van {domain} met {extra} tot {new}",
                             "raise the budget of {domain} by {extra} to {new}"),
    "explain.budget.raise_year": ("verhoog het budget van {domain} in {year} met {extra} tot {new}",
                                  "raise the budget of {domain} in {year} by {extra} to {new}"),
    "explain.budget.raise_year_total": ("verhoog het budget van {domain} in {year} met {extra} tot {new} "
                                        "(het totaal stijgt met hetzelfde bedrag)",
                                        "raise the budget of {domain} in {year} by {extra} to {new} (the "
                                        "total grows by the same amount)"),
    "explain.budgets.none": ("geen enkel bedrag aan budget maakt de case haalbaar: de andere regels botsen",
                             "no amount of budget makes the case feasible: the other rules conflict"),
    "explain.budgets.raise": ("verhoog de budgetten samen met {total} in totaal: {each}",
                              "raise the budgets together by {total} in all: {each}"),
    "explain.budgets.raise_years": ("verhoog de budgetten samen met {total} in totaal: {each} (het totale "
                                    "budget van elk domein stijgt met de extra van zijn jaren)",
                                    "raise the budgets together by {total} in all: {each} (each domain's "
                                    "total budget grows by its years' extra)"),
    "explain.budgets.year": ("{domain} in {year} +{extra}", "{domain} in {year} +{extra}"),
    "explain.budgets.horizon": ("{domain} over de hele planperiode +{extra}",
                                "{domain} over the horizon +{extra}"),
    # why the actions of a phased plan start when they do
    "explain.start.line": ("{action} start in {start}, niet in {years}: {why}",
                           "{action} starts in {start}, not {years}: {why}"),
    "explain.start.breaks": ("met start in {year} zou ze deze regel breken: {broken}",
                             "starting in {year} it would break {broken}"),
    "explain.start.more": ("met start in {year} zou ze {jobs} jobs meer geven in {target} (het plan is niet "
                           "bewezen optimaal)",
                           "starting in {year} it would give {jobs} more jobs in {target} (the plan is not "
                           "proven optimal)"),
    "explain.start.fewer": ("met start in {year} zou ze {jobs} jobs minder geven in {target}",
                            "starting in {year} it would give {jobs} fewer jobs in {target}"),
    "explain.start.same": ("met start in {year} zou ze dezelfde jobs geven in {target}",
                           "starting in {year} it would give the same jobs in {target}"),
    "explain.start.ties": ("{ties}: elk zou op zich vroeger kunnen starten binnen elke regel en met "
                           "dezelfde jobs in {target} (gelijkwaardig, de keuze maakt niet uit)",
                           "{ties}: each could start earlier on its own within every rule and with the "
                           "same jobs in {target} (ties, settled either way)"),
    "explain.broken.budget": ("{budget} ({spent} uitgegeven, {allowed} toegelaten)",
                              "{budget} ({spent} spent, {allowed} allowed)"),
    "explain.broken.requires": ("haar vereiste {required} start pas in {year}",
                                "its requirement {required}, which starts in {year}"),
    "explain.broken.other": ("{row} ({value} {sense} {limit} klopt niet)",
                             "{row} ({value} {sense} {limit} does not hold)"),
}
