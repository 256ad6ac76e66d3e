"""Sentences of rules: key -> (nl, en), the same {fields} on both sides (see portfolio.core.phrases).

Each rule of portfolio/rules/ says one instance of itself (`describe`) and what makes it impossible before
solving (`conflicts`). Row names, setting keys (`locked_in`, `rules.start_in`, `max_actions`) and ids are
fields: they stay as the case files write them.
"""

SENTENCES: dict[str, tuple[str, str]] = {
    "rule.also": ("{fact}; {more}", "{fact}; {more}"),  # a fact and what follows from it, `; `-separated
    # budget
    "rule.budget": ("{domain} mag over de hele planperiode hoogstens {limit} uitgeven",
                    "{domain} may spend at most {limit} over the horizon"),
    "rule.budget.year": ("{domain} mag in {year} hoogstens {limit} uitgeven",
                         "{domain} may spend at most {limit} in {year}"),
    "rule.budget.locked": ("{row} en {lock}: de verplicht gekozen acties kosten {used}, het budget bedraagt "
                           "{limit}",
                           "{row} and {lock}: locked-in actions cost {used}, budget is {limit}"),
    "rule.budget.of_year": ("het budget {year} van {domain}", "the {year} budget of {domain}"),
    "rule.budget.of_horizon": ("het budget van {domain} over de hele planperiode",
                               "the budget of {domain} over the horizon"),
    "rule.budget.never": ("{action} kan in geen enkel jaar van de planperiode starten binnen {budget}",
                          "{action} cannot start in any year of the horizon within {budget}"),
    "rule.budget.not_before": ("{action} kan niet vóór {year} starten binnen {budget}",
                               "{action} cannot start before {year} within {budget}"),
    "rule.budget.not_in": ("{action} kan niet in {years} starten binnen {budget}",
                           "{action} cannot start in {years} within {budget}"),
    "rule.budget.fixed": ("{row} en {why}: {action} met start in {year} haalt {used} uit {budget}, meer dan "
                          "de {limit} die er is",
                          "{row} and {why}: {action} starting in {year} costs {budget} {used}, more than "
                          "its {limit}"),
    "rule.budget.fixed_together": ("{row} en {why}: {starts} halen samen {used} uit {budget}, meer dan de "
                                   "{limit} die er is",
                                   "{row} and {why}: {starts} cost {budget} together {used}, more than its "
                                   "{limit}"),
    "rule.budget.fixed_start": ("{action} met start in {year} ({cost})",
                                "{action} starting in {year} ({cost})"),
    "rule.budget.no_start": ("{rule} en {lock}: {action} is verplicht gekozen, maar geen startjaar in haar "
                             "venster past in de budgetten: {years}",
                             "{rule} and {lock}: {action} is locked in, but no start in its window fits "
                             "the budgets: {years}"),
    "rule.budget.no_start_year": ("met start in {year} vraagt ze {need} uit {budget} ({left} over)",
                                  "starting in {year} it needs {need} of {budget} ({left} left)"),
    # overlap
    "rule.overlap": ("overlapgroep '{group}': hoogstens één van {actions} mag gekozen worden",
                     "overlap group '{group}': at most one of {actions} may be chosen"),
    "rule.overlap.locked": ("{row} en {lock}: {n} verplicht gekozen acties zitten in dezelfde overlapgroep "
                            "'{group}'",
                            "{row} and {lock}: {n} locked-in actions share overlap group '{group}'"),
    # requires
    "rule.requires": ("{action} kan alleen gekozen worden samen met {required}",
                      "{action} can only be chosen together with {required}"),
    "rule.requires.phased": ("{action} kan pas starten als {required} gestart is (in hetzelfde jaar of "
                             "eerder)",
                             "{action} can only start once {required} has started (in the same year or "
                             "earlier)"),
    "rule.requires.phased_by": ("{action} kan pas uiterlijk in {year} starten als {required} dan gestart is "
                                "(in hetzelfde jaar of eerder)",
                                "{action} can only start by {year} once {required} has started (in the "
                                "same year or earlier)"),
    "rule.requires.too_late": ("{required} start ten vroegste in {first}, dus {action} kan niet uiterlijk "
                               "in {year} starten",
                               "{required} starts in {first} at the earliest, so {action} cannot start by "
                               "{year}"),
    "rule.requires.locked_out": ("{row} en {lock}: '{action}' is verplicht gekozen maar vereist het "
                                 "uitgesloten '{required}'",
                                 "{row} and {lock}: '{action}' is locked in but requires locked-out "
                                 "'{required}'"),
    "rule.requires.late_in": ("{row} en {why}: {action} kan niet in {year} starten: ze vereist {required}, "
                              "dat ten vroegste in {first} start",
                              "{row} and {why}: {action} cannot start in {year}: it requires {required}, "
                              "which starts in {first} at the earliest"),
    "rule.requires.late_by": ("{row} en {why}: {action} kan niet uiterlijk in {year} starten, haar laatste "
                              "startjaar: ze vereist {required}, dat ten vroegste in {first} start",
                              "{row} and {why}: {action} cannot start by {year}, its latest start: it "
                              "requires {required}, which starts in {first} at the earliest"),
    "rule.requires.never_in": ("{row} en {why}: {action} kan niet in {year} starten: ze vereist {required}, "
                               "dat in geen enkel jaar kan starten dat zijn eigen vereisten toelaten",
                               "{row} and {why}: {action} cannot start in {year}: it requires {required}, "
                               "which cannot start in any year its own requirements allow"),
    "rule.requires.never_by": ("{row} en {why}: {action} kan niet uiterlijk in {year} starten, haar laatste "
                               "startjaar: ze vereist {required}, dat in geen enkel jaar kan starten dat "
                               "zijn eigen vereisten toelaten",
                               "{row} and {why}: {action} cannot start by {year}, its latest start: it "
                               "requires {required}, which cannot start in any year its own requirements "
                               "allow"),
    # coverage and participation
    "rule.coverage": ("prioritaire drempel {barrier} heeft {need} gekozen actie(s) nodig die haar aanpakken "
                      "(kandidaten: {members})",
                      "priority barrier {barrier} needs {need} chosen action(s) addressing it (candidates: "
                      "{members})"),
    "rule.coverage.none": ("prioritaire drempel {barrier} heeft {need} gekozen actie(s) nodig die haar "
                           "aanpakken (kandidaten: geen)",
                           "priority barrier {barrier} needs {need} chosen action(s) addressing it "
                           "(candidates: none)"),
    "rule.coverage.short": ("{row}: prioritaire drempel '{barrier}' heeft {need} gekozen acties nodig, maar "
                            "slechts {usable} bruikbare acties zonder overlap pakken haar aan",
                            "{row}: priority barrier '{barrier}' needs {need} chosen actions but only "
                            "{usable} usable actions without overlap address it"),
    "rule.participation": ("{domain} moet {need} gekozen actie(s) trekken (het trekt: {members})",
                           "{domain} must lead {need} chosen action(s) (it leads: {members})"),
    "rule.participation.none": ("{domain} moet {need} gekozen actie(s) trekken (het trekt: geen)",
                                "{domain} must lead {need} chosen action(s) (it leads: none)"),
    "rule.participation.short": ("{row}: domein '{domain}' moet {need} gekozen acties trekken, maar trekt "
                                 "slechts {usable} bruikbare acties zonder overlap",
                                 "{row}: domain '{domain}' must lead {need} chosen actions but leads only "
                                 "{usable} usable actions without overlap"),
    # max_actions
    "rule.max_actions": ("de portefeuille mag hoogstens {n} acties bevatten",
                         "the portfolio may hold at most {n} actions"),
    "rule.max_actions.locked": ("{rule} en {lock}: {n} acties zijn verplicht gekozen, {rule} is {most}",
                                "{rule} and {lock}: {n} actions are locked in, {rule} is {most}"),
    # equity
    "rule.equity": ("{group} moet minstens {share} van alle extra jobs krijgen",
                    "{group} must get at least {share} of all extra jobs"),
    # locks
    "rule.locks.in": ("{action} is verplicht gekozen: ze moet gekozen worden",
                      "{action} is locked in: it must be chosen"),
    "rule.locks.out": ("{action} is uitgesloten: ze mag niet gekozen worden",
                       "{action} is locked out: it must not be chosen"),
    # start_in
    "rule.start_in": ("{action} moet starten in {year} ({setting})",
                      "{action} must start in {year} ({setting})"),
    "rule.start_in.locked_out": ("{row} en {lock}: '{action}' moet starten in {year} maar is uitgesloten",
                                 "{row} and {lock}: '{action}' must start in {year} but is locked out"),
    # target
    "rule.target": ("de portefeuille moet minstens {jobs} extra jobs opleveren",
                    "the portfolio must create at least {jobs} extra jobs"),
    "rule.target.caps": ("{setting}: het doel van {target} jobs is meer dan de som van de {cap} van de "
                         "doelgroepen ({most})",
                         "{setting}: the target of {target} jobs exceeds the sum of the groups' {cap} "
                         "({most})"),
    "rule.target.curves": ("{setting}: het doel van {target} jobs is meer dan de som van de {cap} van de "
                           "doelgroepen en van de laatste punten van hun verzadigingscurves ({most})",
                           "{setting}: the target of {target} jobs exceeds the sum of the groups' {cap}, "
                           "and the last points of their saturation curves ({most})"),
}
