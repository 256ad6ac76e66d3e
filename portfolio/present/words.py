"""The terminal's words, in Dutch (nl) and English (en): the titles, headers and sentences of every table the
commands print, beside the report's catalogue (portfolio/reports/labels.py), whose numbers they share."""

from __future__ import annotations

from portfolio.reports.labels import CATALOGUE, Labels

# key -> (nl, en). Texts with {fields} are filled in by Labels.t.
TERMINAL: dict[str, tuple[str, str]] = {
    # words of many tables
    "t.action": ("actie", "action"),
    "t.actions": ("acties", "actions"),
    "t.name": ("naam", "name"),
    "t.domain": ("domein", "domain"),
    "t.group": ("doelgroep", "group"),
    "t.barrier": ("drempel", "barrier"),
    "t.total": ("totaal", "total"),
    "t.status": ("status", "status"),
    "t.jobs": ("jobs", "jobs"),
    "t.cost_eur": ("kost EUR", "cost EUR"),
    "t.gap": ("marge", "gap"),
    "t.in": ("erin", "in"),
    "t.out": ("eruit", "out"),
    "t.none": ("geen", "none"),
    "t.scenario": ("scenario", "scenario"),
    "t.required": ("vereist", "required"),
    "t.carried": (" (overgenomen)", " (carried)"),
    "t.note": ("Opmerking: {note}", "Note: {note}"),
    # status lines on stderr of a command without a portfolio
    "t.infeasible": ("onhaalbaar: geen portefeuille voldoet aan elke regel",
                     "infeasible: no portfolio satisfies every rule"),
    "t.interrupted": ("onderbroken met Ctrl-C: wat getoond wordt is wat de solver gevonden had ({status})",
                      "interrupted by Ctrl-C: what is shown is what the solver had found ({status})"),
    "t.unreached": ("geen portefeuille haalt het doel", "no portfolio reaches the target"),
    "t.unreached_curve": ("geen portefeuille haalt een doel van de curve",
                          "no portfolio reaches any target of the curve"),
    # validate
    "t.valid": ("geldig", "valid"),
    "t.counts": ("{domains} domeinen, {groups} doelgroepen, {barriers} drempels ({priority} prioritair), "
                 "{actions} acties, {costs} kostenrijen, {reach} bereikrijen, {synergies} synergieën "
                 "({negative} negatief), {overlaps} overlapgroepen, {requires} vereist-koppelingen",
                 "{domains} domains, {groups} groups, {barriers} barriers ({priority} priority), {actions} "
                 "actions, {costs} cost rows, {reach} reach rows, {synergies} synergies ({negative} "
                 "negative), {overlaps} overlap groups, {requires} requires links"),
    "t.candidates_budget": ("Kost van de kandidaten tegenover het budget per domein (EUR)",
                            "Candidate cost vs budget per domain (EUR)"),
    "t.candidates_budget.caption": ("kandidaten / budget", "candidates / budget"),
    "t.coverage": ("Prioritaire drempels: de kandidaat-acties die elk aanpakken",
                   "Priority barriers: candidate actions addressing each"),
    "t.candidates": ("kandidaten", "candidates"),
    "t.all_candidates": ("Alle kandidaten samen: {jobs} directe jobs; de groepsplafonds laten er hoogstens "
                         "{caps} toe.",
                         "All candidates together: {jobs} direct jobs; group caps allow at most {caps}."),
    "t.baseline": ("Werkzaamheidsgraad nu {rate} ({employed} van {population}); doel {target}: {jobs} jobs "
                   "nodig om het te halen.",
                   "Baseline employment rate {rate} ({employed} of {population}); target {target}: {jobs} "
                   "jobs needed to reach it."),
    "t.windows": ("Startvensters en opbouw (de jobs tellen in {year})",
                  "Start windows and ramps (jobs count in {year})"),
    "t.windows.caption": ("kost van de kandidaten per jaar hierboven: elke actie gestart in haar vroegste "
                          "startjaar; opbouw: aandeel van het volle effect na 1, 2, ... jaar",
                          "candidate cost per year above: each action started at its earliest start; ramp: "
                          "share of the full effect after 1, 2, ... years of running"),
    "t.may_start": ("kan starten", "may start"),
    "t.ramp": ("opbouw", "ramp"),
    # explain
    "t.not_minimal": ("(een controle liep uit de tijd: de verzameling kan een regel bevatten die niet nodig "
                      "is voor het conflict)",
                      "(a check ran out of time: the set may hold a rule that is not needed for the "
                      "conflict)"),
    "t.relaxations": ("Wat de case haalbaar zou maken:", "What would make the case feasible:"),
    "t.feasible_alone": ("maakt de case haalbaar", "makes the case feasible"),
    "t.not_enough": ("op zich niet genoeg", "not enough on its own"),
    # check
    "t.check": ("{warnings} waarschuwing(en), {overlaps} waarschijnlijke overlap(pen) tussen voorstellen van "
                "werkgroepen",
                "{warnings} warning(s), {overlaps} probable overlap(s) between working groups' proposals"),
    "t.strict": ("{count} waarschuwing(en) in {case} behandeld als fouten (--strict); {after}",
                 "{count} warning(s) in {case} treated as errors (--strict); {after}"),
    "t.strict.bundled": ("de meegeleverde case", "the bundled case"),
    "t.strict.validate": ("los ze op, of laat --strict weg.", "fix them, or leave out --strict."),
    "t.strict.solve": ("er werd niets opgelost.", "nothing was solved."),
    "t.overlaps": ("Waarschijnlijke overlap, sterkste eerst", "Probable overlaps, strongest first"),
    "t.overlaps.caption": ("sterkte: gelijkenis van de namen + aandeel gedeelde drempels + aandeel gedeelde "
                           "doelgroepen (0-3)",
                           "strength: name similarity + share of barriers in common + share of groups in "
                           "common (0-3)"),
    "t.lead_domains": ("trekkers", "lead domains"),
    "t.names_alike": ("namen gelijk", "names alike"),
    "t.same_barriers": ("zelfde drempels", "same barriers"),
    "t.same_groups": ("zelfde doelgroepen", "same groups"),
    "t.strength": ("sterkte", "strength"),
    "t.overlaps.advice": ("Per paar: één maatregel -> geef beide dezelfde overlap_group (actions.csv); beide "
                          "gewenst maar deels dezelfde mensen -> een rij in synergies.csv per gedeelde "
                          "doelgroep; verschillende maatregelen -> niets wijzigen.",
                          "For each pair: one measure -> give both the same overlap_group (actions.csv); "
                          "both wanted but partly the same people -> a synergies.csv row per shared group; "
                          "different measures -> no change."),
    # solve
    "t.st.optimal": ("optimaal", "optimal"),
    "t.st.feasible": ("haalbaar", "feasible"),
    "t.st.infeasible": ("onhaalbaar", "infeasible"),
    "t.st.no_solution": ("geen oplossing", "no_solution"),
    "t.st.interrupted": ("onderbroken", "interrupted"),
    "t.obj.max_jobs": ("zoveel mogelijk jobs", "max_jobs"),
    "t.obj.min_cost": ("laagste kost", "min_cost"),
    "t.chosen": ("Gekozen acties ({n} van {m})", "Chosen actions ({n} of {m})"),
    "t.chosen.caption": ("jobs: direct bereik x effect van de actie, vóór groepsplafonds en synergieën",
                         "jobs: direct reach x effect of the action, before group caps and synergies"),
    "t.chosen.caption_start": ("; start: het jaar waarin ze start (ze loopt tot het einde van de "
                               "planperiode)",
                               "; start: the year it starts (it runs to the end of the horizon)"),
    "t.lead_domain": ("trekker", "lead domain"),
    "t.start": ("start", "start"),
    "t.jobs_per_meur": ("jobs per EUR 1 mln", "jobs per EUR 1M"),
    "t.spend": ("Uitgaven tegenover budget per domein (EUR)", "Spend vs budget per domain (EUR)"),
    "t.spend.caption": ("uitgaven / budget", "spend / budget"),
    "t.spend.caption_after": ("; na {year}: wat de starts vastleggen voor latere jaren (op geen budget)",
                              "; after {year}: what the starts commit to later years (charged to no budget)"),
    "t.after": ("na {year}", "after {year}"),
    "t.in_target_year": (" in {year} (het doeljaar)", " in {year} (the target year)"),
    "t.group_jobs": ("Extra jobs per doelgroep", "Extra jobs per group"),
    "t.group_jobs.caption": ("zonder plafond: directe jobs plus synergieën; jobs = min(plafond, zonder "
                             "plafond)",
                             "uncapped: direct jobs plus synergies; jobs = min(cap, uncapped)"),
    "t.group_jobs.caption_saturated": (
        "zonder plafond: directe jobs plus synergieën; verzadiging: wat de curve f van de doelgroep niet "
        "meetelt; jobs = min(plafond, f(zonder plafond))",
        "uncapped: direct jobs plus synergies; saturation: what the group's curve f does not count; "
        "jobs = min(cap, f(uncapped))"),
    "t.saturation": ("verzadiging", "saturation"),
    "t.counts.saturation": (", {curves} doelgroepen met een verzadigingscurve",
                            ", {curves} groups with a saturation curve"),
    "t.uncapped": ("zonder plafond", "uncapped"),
    "t.cap": ("plafond", "cap"),
    "t.covered": ("Gedekte prioritaire drempels", "Priority barriers covered"),
    "t.chosen_actions": ("gekozen acties", "chosen actions"),
    "t.per_job": (" ({cost} per extra job)", " ({cost} per extra job)"),
    "t.totals": ("Extra jobs{when}: {jobs}; totale kost {cost}{per_job}",
                 "Extra jobs{when}: {jobs}; total cost {cost}{per_job}"),
    "t.rates": ("Werkzaamheidsgraad: nu {before}, na het plan {after}, doel {target}; jobs die nog ontbreken "
                "voor het doel: {missing}",
                "Employment rate: before {before}, after {after}, target {target}; jobs still missing to the "
                "target: {missing}"),
    "t.na": ("n.v.t.", "n/a"),
    "t.no_bound": ("geen bewezen", "none proven"),
    "t.status_line": ("Status {status}; marge {gap}; grens {bound}; solver {backend}; tijd {time} s",
                      "Status {status}; gap {gap}; bound {bound}; backend {backend}; time {time} s"),
    "t.years": ("Extra jobs en werkzaamheidsgraad per jaar (doeljaar {year})",
                "Extra jobs and employment rate per year (target year {year})"),
    "t.years.caption": ("jobs: de extra jobs van dat jaar, met opbouw en groepsplafonds; pad: de "
                        "werkzaamheidsgraad op een rechte lijn van de graad vooraf ({before}) naar het doel "
                        "in {year}, en de extra jobs die daarvoor nodig zijn",
                        "jobs: extra jobs present that year, ramps and group caps applied; path: the "
                        "employment "
                        "rate on a straight line from the rate before ({before}) to the target rate in "
                        "{year}, and the extra jobs it needs"),
    "t.years.caption_no_path": ("jobs: de extra jobs van dat jaar, met opbouw en groepsplafonds; geen "
                                "uitgangssituatie, dus geen pad",
                                "jobs: extra jobs present that year, ramps and group caps applied; no "
                                "baseline, so no path"),
    "t.year": ("jaar", "year"),
    "t.rate": ("graad", "rate"),
    "t.path_rate": ("graad op het pad", "path rate"),
    "t.path_jobs": ("jobs op het pad", "path jobs"),
    "t.short": ("tekort op het pad", "short of path"),
    "t.chosen_by": ("Gekozen: {words}", "Chosen: {words}"),
    "t.ran": ("Gerekend op {threads} {unit}{asked}, startwaarde {seed}, tijdslimiet {limit} s, marge {gap}",
              "Ran on {threads} {unit}{asked}, seed {seed}, time limit {limit} s, gap {gap}"),
    "t.thread": ("thread", "thread"),
    "t.threads": ("threads", "threads"),
    "t.asked": (" ({n} gevraagd)", " ({n} asked)"),
    "t.bound_from": ("; grens van {source}", "; bound from {source}"),
    "t.scaling": ("Schaal naar gehele getallen: {how}, {step}{rounded}",
                  "Integer scaling: {how}, {step}{rounded}"),
    "t.scaling.exact": ("exact", "exact"),
    "t.scaling.rounded": ("afgerond", "rounded"),
    "t.scaling.step": ("jobs geteld in stappen van {step}", "jobs counted in steps of {step}"),
    "t.scaling.no_jobs": ("geen kolommen voor jobs", "no jobs columns"),
    "t.scaling.which": ("; afgerond: {items}", "; rounded: {items}"),
    "t.rerun": ("Opnieuw gerekend: {why}", "Rerun: {why}"),
    "t.importance": ("Vervangingskost van elke gekozen actie", "Replacement cost of each chosen action"),
    "t.importance.caption": ("uitgesloten, de rest exact opnieuw gekozen; ",
                             "locked out, the rest re-optimised exactly; "),
    "t.importance.cost": ("extra kost van de goedkoopste portefeuille zonder haar",
                          "extra cost of the cheapest portfolio without it"),
    "t.importance.jobs": ("jobs verloren tegenover de portefeuille", "jobs lost against the portfolio"),
    "t.extra_cost": ("extra kost EUR", "extra cost EUR"),
    "t.jobs_lost": ("jobs verloren", "jobs lost"),
    "t.status_without": ("status zonder haar", "status without it"),
    "t.locked_in": (" (vastgezet)", " (locked in)"),
    # sweeps
    "t.whatif": ("Wat als: elk scenario tegenover de basis", "What if: each scenario against the base"),
    "t.change": ("verschil", "change"),
    "t.change_eur": ("verschil EUR", "change EUR"),
    "t.rate_after": ("graad na", "rate after"),
    "t.base": ("basis", "base"),
    "t.spend_change": ("Verschil in uitgaven per domein tegenover de basis (EUR)",
                       "Spend change per domain against the base (EUR)"),
    "t.target_year_jobs": ("Jobs in het doeljaar: het basisplan en dat van het scenario",
                           "Jobs in the target year: the base plan and the scenario's"),
    "t.target_year": ("doeljaar", "target year"),
    "t.base_plan": ("basisplan", "base plan"),
    "t.scenario_plan": ("plan van het scenario", "scenario plan"),
    "t.moved_starts": ("Startjaren die verschillen van het basisplan (-: niet gekozen)",
                       "Start years that differ from the base plan (-: not chosen)"),
    "t.budget_of": ("budget van {domain}", "budget of {domain}"),
    "t.total_budget": ("totale budget", "total budget"),
    "t.frontier": ("Budgetgrens ({what})", "Budget frontier ({what})"),
    "t.frontier.caption": ("overgenomen: de portefeuille van een kleiner budget was beter dan wat de solver "
                           "op tijd vond, en wordt gebruikt",
                           "carried: a smaller budget's portfolio was better than what the solver found in "
                           "time, and is used"),
    "t.scale": ("schaal", "scale"),
    "t.budget_eur": ("budget EUR", "budget EUR"),
    "t.in_year": (" in {year}", " in {year}"),
    "t.marginal": ("Waarde van {step} meer of minder per domein{when}",
                   "Value of {step} more or less per domain{when}"),
    "t.marginal.caption": ("basis: {status}, {jobs} jobs; elk cijfer is het verschil van twee exacte "
                           "oplossingen; volgende stap: het kleinste extra bedrag dat een job oplevert",
                           "base: {status}, {jobs} jobs; each figure is the difference of two exact solves; "
                           "next step: the least extra amount that buys any job"),
    "t.status_pm": ("status +/-", "status +/-"),
    "t.next_step": ("volgende stap EUR", "next step EUR"),
    "t.its_jobs": ("haar jobs", "its jobs"),
    "t.next_step_note": ("{domain} ({name}): volgende stap {note}", "{domain} ({name}): next step {note}"),
    "t.more": ("meer", "more"),
    "t.less": ("minder", "less"),
    "t.starts_move": ("{domain}: met de stap {side} verschuiven de starts: {starts}",
                      "{domain}: with the step {side}, starts move: {starts}"),
    "t.targets": ("Doelen: de goedkoopste portefeuille die elk haalt, of het tekort",
                  "Targets: the cheapest portfolio that reaches each, or the shortfall"),
    "t.targets.below": ("jobs nodig 0: de uitgangssituatie haalt het doel al; de kost is wat de regels "
                        "vragen",
                        "jobs needed 0: the baseline already reaches the target; the cost is what the rules "
                        "ask for"),
    "t.targets.unreachable": ("onhaalbaar: jobs en graad zijn die van de portefeuille met de meeste jobs",
                              "unreachable: jobs and rate are those of the portfolio with the most jobs"),
    "t.target_rate": ("doelgraad", "target rate"),
    "t.jobs_needed": ("jobs nodig", "jobs needed"),
    "t.reachable": ("haalbaar", "reachable"),
    "t.jobs_short": ("jobs tekort", "jobs short"),
    "t.rate_reached": ("graad gehaald", "rate reached"),
    "t.undecided": ("onbeslist", "undecided"),
    # robust, alternatives
    "t.frequency": ("Selectiefrequentie over {solved} opgeloste trekkingen ({dist}, {correlation}, "
                    "startwaarde {seed})",
                    "Selection frequency over {solved} solved samples ({dist}, {correlation}, seed {seed})"),
    "t.frequency.caption": ("1: in de optimale portefeuille van elke trekking (kern); 0: van geen enkele",
                            "1: in the optimal portfolio of every sample (core); 0: of none"),
    "t.nominal": ("nominaal", "nominal"),
    "t.frequency_col": ("frequentie", "frequency"),
    "t.nominal_line": ("Nominale portefeuille ({actions} acties, {jobs} jobs bij de centrale effecten) over "
                       "{samples} trekkingen: gemiddeld {mean}, P5 {p5}, P50 {p50}, P95 {p95} (van {low} tot "
                       "{high}); ze haalt {target} jobs in {share} van de trekkingen.",
                       "Nominal portfolio ({actions} actions, {jobs} jobs at the central effects) over "
                       "{samples} "
                       "samples: mean {mean}, P5 {p5}, P50 {p50}, P95 {p95} (from {low} to {high}); it "
                       "reaches {target} jobs in {share} of the samples."),
    "t.not_proven": ("niet bewezen optimaal", "not proven optimal"),
    "t.no_portfolio": ("zonder portefeuille", "without a portfolio"),
    "t.failed": ("mislukt", "failed"),
    "t.solved": ("{solved} van {samples} trekkingen exact opgelost",
                 "Solved {solved} of {samples} samples exactly"),
    "t.not_solved": ("Trekkingen niet opgelost: het slechtste geval heeft ze niet nodig (--solve-samples geeft de "
                     "selectiefrequenties)",
                     "Samples not solved: the worst case needs none (add --solve-samples for the selection "
                     "frequencies)"),
    "t.worst_case": ("slechtste geval, gamma {gamma}", "worst case, gamma {gamma}"),
    "t.robust": ("Robuuste portefeuille ({measure}) naast de nominale",
                 "Robust portfolio ({measure}) beside the "
                 "nominal one"),
    "t.robust.caption": ("gegarandeerd: jobs die tellen zolang hoogstens {gamma} bereikrijen op effect_low "
                         "vallen; CVaR: gemiddelde jobs van de slechtste trekkingen",
                         "guaranteed: jobs counted whenever at most {gamma} reach rows fall to effect_low; "
                         "CVaR: mean jobs of the worst samples"),
    "t.central_jobs": ("jobs bij de centrale effecten", "jobs at the central effects"),
    "t.guaranteed": ("gegarandeerde jobs (gamma {gamma})", "guaranteed jobs (gamma {gamma})"),
    "t.cvar": ("CVaR-jobs (alpha {alpha})", "CVaR jobs (alpha {alpha})"),
    "t.p5_samples": ("P5 over de trekkingen", "P5 over the samples"),
    "t.mean_samples": ("gemiddelde over de trekkingen", "mean over the samples"),
    "t.robust_diff": ("In de robuuste portefeuille, niet in de nominale: {added}; weggelaten: {removed}",
                      "In the robust portfolio, not the nominal: {added}; left out: {removed}"),
    "t.gap_part": (", marge {gap}", ", gap {gap}"),
    "t.robust_status": ("Status {status}{gap}; solver {backend}; tijd {time} s",
                        "Status {status}{gap}; backend {backend}; time {time} s"),
    "t.within": ("binnen {share} van het optimum", "within {share} of the optimum"),
    "t.best_k": ("de {k} beste", "the {k} best"),
    "t.alternatives": ("Andere portefeuilles: {what}", "Alternative portfolios: {what}"),
    "t.alternatives.caption": ("erin/eruit: acties die ze heeft en de beste niet, en acties van de beste "
                               "die ze weglaat",
                               "in/out: actions it holds that the best does not, and actions of the best it "
                               "leaves out"),
    "t.rank": ("rang", "rank"),
    "t.moved": ("verschoven", "moved"),
    "t.differs.plan": ("een actie of een startjaar", "an action or a start year"),
    "t.differs.actions": ("een actie (elk met haar beste startjaren)",
                          "an action (each with its best start years)"),
    "t.plans": ("Elke portefeuille is een plan: ze verschilt van de vorige in {differs}; verschoven: acties "
                "van de beste die ze in een ander jaar start (en wanneer).",
                "Each portfolio is a plan: it differs from those before it in {differs}; moved: actions of "
                "the best it starts in another year (and when)."),
    "t.exhausted.within": ("Geen andere portefeuille ligt zo dicht.", "No other portfolio lies that close."),
    "t.exhausted": ("Geen andere portefeuille voldoet aan de regels.",
                    "No other portfolio satisfies the rules."),

    # monitor
    "t.progress": ("{case}: voortgang tot en met {year}: {track}", "{case}: progress up to {year}: {track}"),
    "t.forecast": ("Jobs in {year}: verwacht {forecast} (P5-P95 {p5} - {p95}, {samples} trekkingen van de "
                   "effecten) tegenover {planned} gepland",
                   "Jobs in {year}: forecast {forecast} (P5-P95 {p5} - {p95}, {samples} samples of the "
                   "effects) against {planned} planned"),
    "t.forecast_rate": ("Werkzaamheidsgraad in {year}: verwacht {forecast} (P5-P95 {p5} - {p95}) tegenover "
                        "{planned} gepland; doel {target}",
                        "Employment rate in {year}: forecast {forecast} (P5-P95 {p5} - {p95}) against "
                        "{planned} planned; target {target}"),
    "t.progress_actions": ("Acties: gepland tegenover gerealiseerd", "Actions: planned against realised"),
    "t.starts": ("start gepland/echt/verwacht", "start plan/real/forecast"),
    "t.spend_plan": ("uitgaven gepland EUR", "spend plan EUR"),
    "t.spend_real": ("uitgaven echt EUR", "spend real EUR"),
    "t.jobs_plan": ("jobs gepland", "jobs plan"),
    "t.jobs_forecast": ("jobs verwacht", "jobs forecast"),
    "t.flags": ("signalen", "flags"),
    "t.domains": ("Domeinen", "Domains"),
    "t.domains.caption": ("jobs: directe jobs van de acties die het domein trekt, vóór de plafonds",
                          "jobs: direct jobs of the actions the domain leads, before caps"),
    "t.spend_plan_d": ("uitgaven gepland", "spend plan"),
    "t.spend_real_d": ("uitgaven echt", "spend real"),
    "t.committed": ("vastgelegd", "committed"),
    "t.budget": ("budget", "budget"),
    "t.rule": ("Regel: {rule}.", "Rule: {rule}."),
    # replan
    "t.kept": ("Behouden zoals gestart vóór {year} ({n}): ", "Kept as started before {year} ({n}): "),
    "t.replan": ("Herplanning vanaf {year}: wijzigingen aan het plan",
                 "Re-plan from {year}: changes to the plan"),
    "t.starts_in": (", start in {year}", ", starts {year}"),
    "t.start_moved": ("start verschoven {old} -> {new}", "start moved {old} -> {new}"),
    "t.no_changes": ("Geen wijzigingen aan de acties of hun start.",
                     "No changes to the actions or their starts."),
    "t.carry_unknown": ("Verder met het oude plan: het noemt acties die deze case niet meer heeft.",
                        "Carrying on with the old plan: it names actions this case no longer has."),
    "t.carry_broken": ("Verder met het oude plan kan niet meer: het breekt {rules}.",
                       "Carrying on with the old plan is no longer possible: it breaks {rules}."),
    "t.jobs_gained": ("Jobs: {jobs} met de herplanning tegenover {before} als het oude plan doorloopt "
                      "({gained}).",
                      "Jobs: {jobs} with the re-plan against {before} carrying on ({gained})."),

}


class TerminalLabels(Labels):
    """The report's labels and the terminal's words of one language, with the report's number formats."""

    catalogue = {**CATALOGUE, **TERMINAL}

    def state(self, status) -> str:
        """A solve's status (a Status or its value) in words; a value without words as it is."""
        value = getattr(status, "value", status)
        return self.catalogue.get(f"t.st.{value}", (value, value))[self._index]

    def signed(self, value: float, decimals: int = 0) -> str:
        """A change with its sign: '+1,234.5' (en), '+1.234,5' (nl), '-3'."""
        text = self.num(value, decimals)
        return text if text.startswith("-") else "+" + text

    def local(self, text: str) -> str:
        """A number written the English way ('1,234.5') as this language writes it."""
        return text.replace(",", "\0").replace(".", ",").replace("\0", ".") if self.lang == "nl" else text
