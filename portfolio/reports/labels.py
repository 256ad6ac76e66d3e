"""The one catalogue of report labels, in Dutch (nl) and English (en), and numbers written the way each reads them.

The case's own texts (names, descriptions) are never translated; only these labels are.
"""

from __future__ import annotations

import math

from portfolio.core.phrases import say
from portfolio.reports.reasons import Reason

LANGS = ("nl", "en")

# key -> (nl, en). Texts with {fields} are filled in by Labels.t.
CATALOGUE: dict[str, tuple[str, str]] = {
    # titles and sections
    "report": ("Actieplan drempels naar werk", "Action plan: barriers to work"),
    "summary": ("Samenvatting", "Summary"),
    "action_plan": ("Actieplan", "Action plan"),
    "domains": ("Beleidsdomeinen", "Policy domains"),
    "candidates": ("Alle kandidaat-acties", "All candidate actions"),
    "groups": ("Doelgroepen", "Target groups"),
    "charts": ("Grafieken", "Charts"),
    "contents": ("Inhoud", "Contents"),
    "files_note": ("Gemaakt met `portfolio report`; alle cijfers zijn herberekend uit de case en de gekozen acties.",
                   "Made with `portfolio report`; every figure is recomputed from the case and the chosen actions."),
    # summary
    "status": ("Status", "Status"),
    "status.note": ("Herkomst van de status", "Where the status comes from"),
    "status.optimal": ("optimaal (bewezen)", "optimal (proven)"),
    "status.feasible": ("haalbaar, niet bewezen optimaal", "feasible, not proven optimal"),
    "status.infeasible": ("onhaalbaar: geen portefeuille voldoet aan alle regels",
                          "infeasible: no portfolio meets every rule"),
    "status.no_solution": ("geen oplossing gevonden binnen de tijdslimiet", "no solution found within the time limit"),
    "objective": ("Doelstelling", "Objective"),
    "objective.max_jobs": ("zoveel mogelijk extra jobs binnen de budgetten", "most extra jobs within the budgets"),
    "objective.min_cost": ("laagste kost die het jobdoel haalt", "lowest cost that reaches the jobs target"),
    "gap": ("Ruimte voor verbetering, ten hoogste", "Gap to the proven bound"),
    "gap.none": ("onbekend: geen grens bewezen", "no bound proven"),
    "backend": ("Solver", "Solver"),
    "auto.choice": ("automatisch gekozen voor {actions} acties {shape}",
                    "chosen automatically for {actions} actions {shape}"),
    "auto.shape": ("met {features}", "with {features}"),
    "auto.shape.none": ("zonder minimumaandelen of synergieën", "without minimum shares or synergies"),
    "auto.feature.equity": ("minimumaandelen per doelgroep", "minimum shares per group"),
    "auto.feature.synergy": ("synergieën", "synergies"),
    "and": ("en", "and"),
    "race": ("{first} en {second} rekenden tegelijk ({second} vanaf {joined})",
             "{first} and {second} raced ({second} from {joined})"),
    "race.proved": ("{winner} bewees het optimum als eerste, na {wall}, en {loser} werd gestopt",
                    "{winner} proved the optimum first, after {wall}, and {loser} was stopped"),
    "race.none_found": ("geen van beide vond een portefeuille", "neither found a portfolio"),
    "race.best_found": ("geen van beide bewees het optimum; de portefeuille is die van {winner}",
                        "neither proved the optimum; the portfolio is {winner}'s"),
    "seconds": ("{value} s", "{value} s"),
    "chosen_actions": ("Gekozen acties", "Chosen actions"),
    "n_of_m": ("{n} van {m}", "{n} of {m}"),
    "extra_jobs": ("Extra jobs", "Extra jobs"),
    "total_cost": ("Totale kost", "Total cost"),
    "cost_per_job": ("Kost per extra job", "Cost per extra job"),
    "rate_before": ("Werkzaamheidsgraad nu", "Employment rate now"),
    "rate_after": ("Werkzaamheidsgraad na het plan", "Employment rate after the plan"),
    "rate_target": ("Doel", "Target"),
    "jobs_to_target": ("Extra jobs nodig voor het doel", "Extra jobs needed for the target"),
    "jobs_missing": ("Jobs die na het plan nog ontbreken", "Jobs still missing after the plan"),
    "rate_note": ("{employed} werkenden op {population} personen; het doel vraagt {need} extra jobs.",
                  "{employed} employed of {population} persons; the target needs {need} extra jobs."),
    "priority_barriers": ("Prioritaire drempels", "Priority barriers"),
    "covered_by": ("gekozen acties", "chosen actions"),
    "required": ("vereist", "required"),
    "binding": ("Bindende regels", "Binding rules"),
    "binding.none": ("Geen regel zit op zijn grens.", "No rule is at its limit."),
    "binding.budget": ("Budget van {name} over de hele periode: {value} van {limit} besteed",
                       "Budget of {name} over the whole period: {value} of {limit} spent"),
    "binding.budget_year": ("Budget van {name} in {year}: {value} van {limit} besteed",
                            "Budget of {name} in {year}: {value} of {limit} spent"),
    "binding.cap": ("Plafond van {name} bereikt: {value} jobs vóór het plafond, {limit} telt mee",
                    "Cap of {name} reached: {value} jobs before the cap, {limit} counted"),
    "binding.max_actions": ("Maximum aantal acties bereikt: {value} van {limit}",
                            "Maximum number of actions reached: {value} of {limit}"),
    "binding.equity": ("Minimumaandeel van {name} precies gehaald", "Minimum share of {name} met exactly"),
    "binding.target": ("Jobdoel precies gehaald: {value} van {limit}", "Jobs target met exactly: {value} of {limit}"),
    "binding.coverage": ("{name}: {limit} gekozen actie(s), precies het minimum",
                         "{name}: {limit} chosen action(s), exactly the minimum"),
    "binding.participation": ("{name} trekt {limit} gekozen actie(s), precies het minimum",
                              "{name} leads {limit} chosen action(s), exactly the minimum"),
    "no_portfolio": ("Er is geen portefeuille om te rapporteren.", "There is no portfolio to report."),
    "solver_said": ("Uitleg", "Explanation"),
    "why.title": ("Waarom er geen plan is", "Why there is no plan"),
    "why.intro": ("De kleinste groep regels die niet samen kunnen gelden (zoals `portfolio explain` ze vindt), "
                  "en wat de case haalbaar zou maken, elk berekend met een exacte oplossing.",
                  "The smallest set of rules that cannot hold together (as `portfolio explain` finds them), and "
                  "what would make the case feasible, each computed by an exact solve."),
    "why.relaxations": ("Wat de case haalbaar zou maken", "What would make the case feasible"),
    "why.feasible": ("maakt de case haalbaar", "makes the case feasible"),
    "why.not_enough": ("op zich niet genoeg", "not enough on its own"),
    "why.not_minimal": ("Een controle liep uit de tijd: de groep kan een regel bevatten die niet nodig is voor het "
                        "conflict.",
                        "A check ran out of time: the set may hold a rule that is not needed for the conflict."),
    # the action plan
    "plan_intro": ("De gekozen acties per prioritaire drempel, met het trekkende domein, de partners die mee "
                   "financieren, de kost per jaar en de verwachte extra jobs per doelgroep.",
                   "The chosen actions per priority barrier, with the lead domain, the partners that co-finance, "
                   "the cost per year and the expected extra jobs per target group."),
    "no_priority": ("Acties zonder prioritaire drempel", "Actions addressing no priority barrier"),
    "also_here": ("Pakken deze drempel ook aan (beschreven bij een eerdere drempel): {actions}",
                  "Also address this barrier (described under an earlier barrier): {actions}"),
    "lead": ("Trekker", "Lead domain"),
    "partners": ("Partners (cofinanciering)", "Partners (co-financing)"),
    "partners.none": ("geen: het trekkende domein betaalt alles", "none: the lead domain pays everything"),
    "cost_per_year": ("Kost per jaar", "Cost per year"),
    "cost": ("Kost", "Cost"),
    "barrier": ("Drempel", "Barrier"),
    "barriers": ("Drempels", "Barriers"),
    "requires": ("Vereist", "Requires"),
    "expected_jobs": ("Verwachte extra jobs", "Expected extra jobs"),
    "range": ("bandbreedte", "range"),
    "range.none": ("geen bandbreedte opgegeven", "no range given"),
    "synergies": ("Synergieën", "Synergies"),
    "synergy.applies": ("telt mee", "applies"),
    "synergy.off": ("telt niet mee: {other} is niet gekozen", "does not apply: {other} is not chosen"),
    "jobs_note": ("Directe jobs: bereik x effect, vóór groepsplafonds en synergieën; de bandbreedte volgt uit "
                  "effect_low en effect_high.",
                  "Direct jobs: reach x effect, before group caps and synergies; the range comes from "
                  "effect_low and effect_high."),
    "total": ("Totaal", "Total"),
    "whole_period": ("Hele periode", "Whole period"),
    # the domain pages
    "domain_intro": ("Wat {name} in het plan trekt, mee financiert en besteedt.",
                     "What {name} leads, co-finances and spends in the plan."),
    "leads_title": ("Acties die het domein trekt (verantwoordelijkheden)", "Actions it leads (its responsibilities)"),
    "leads.none": ("Het domein trekt geen gekozen actie.", "The domain leads no chosen action."),
    "wg.title": ("Werkgroepen: wat werd er van hun voorstellen", "Working groups: what became of their proposals"),
    "wg.intro": ("Per werkgroep elk voorstel: in het plan (met het startjaar), of waarom niet; en de "
                 "waarschijnlijke overlap met voorstellen van andere werkgroepen.",
                 "For each working group every proposal: in the plan (with its start year), or why not; and its "
                 "probable overlaps with other groups' proposals."),
    "wg.count": ("{chosen} van {total} voorstellen in het plan", "{chosen} of {total} proposals in the plan"),
    "wg.overlaps": ("Waarschijnlijke overlap met andere werkgroepen", "Probable overlaps with other groups"),
    "wg.no_overlaps": ("Geen waarschijnlijke overlap met andere werkgroepen.",
                       "No probable overlap with other groups' proposals."),
    "wg.overlap": ("{a} ({a_name}) en {b} ({b_name})", "{a} ({a_name}) and {b} ({b_name})"),
    "cofinance_title": ("Acties die het domein mee financiert", "Actions it co-finances"),
    "cofinance.none": ("Het domein financiert geen actie van een ander domein mee.",
                       "The domain co-finances no action of another domain."),
    "spend_title": ("Uitgaven tegenover budget", "Spend against budget"),
    "limit_note": ("Gemarkeerd: minder dan een cent over (de regel bindt).",
                   "Highlighted: less than a cent left (the rule binds)."),
    "jobs_group_title": ("Jobs van zijn acties per doelgroep", "Jobs from its actions per target group"),
    "jobs_barrier_title": ("Jobs van zijn acties per drempel", "Jobs from its actions per barrier"),
    "domain_jobs_note": ("Directe jobs van de acties die het domein trekt, vóór groepsplafonds en synergieën; een "
                         "actie die meerdere drempels aanpakt, telt bij elke drempel.",
                         "Direct jobs of the actions the domain leads, before group caps and synergies; an action "
                         "addressing several barriers counts for each."),
    "with": ("Samen met", "With"),
    "share": ("Aandeel", "Share"),
    "its_part": ("Eigen deel", "Its part"),
    # table columns
    "col.action": ("Actie", "Action"),
    "col.name": ("Naam", "Name"),
    "col.chosen": ("Gekozen", "Chosen"),
    "col.lead_domain": ("Trekker (id)", "Lead domain (id)"),
    "col.lead_domain_name": ("Trekker", "Lead domain"),
    "col.barriers": ("Drempels", "Barriers"),
    "col.cost_eur": ("Kost (EUR)", "Cost (EUR)"),
    "col.jobs": ("Jobs", "Jobs"),
    "col.jobs_low": ("Jobs (laag)", "Jobs (low)"),
    "col.jobs_high": ("Jobs (hoog)", "Jobs (high)"),
    "col.jobs_per_meur": ("Jobs per EUR 1 mln", "Jobs per EUR 1M"),
    "col.reason_code": ("Redencode", "Reason code"),
    "col.reason": ("Reden (niet gekozen)", "Reason (not chosen)"),
    "col.domain": ("Domein (id)", "Domain (id)"),
    "col.domain_name": ("Domein", "Domain"),
    "col.year": ("Jaar", "Year"),
    "col.spend_eur": ("Uitgaven (EUR)", "Spend (EUR)"),
    "col.budget_eur": ("Budget (EUR)", "Budget (EUR)"),
    "col.left_eur": ("Nog beschikbaar (EUR)", "Left (EUR)"),
    "col.group": ("Doelgroep (id)", "Group (id)"),
    "col.group_name": ("Doelgroep", "Group"),
    "col.jobs_uncapped": ("Jobs vóór plafond", "Jobs before cap"),
    "col.saturation_loss": ("Verzadigingsverlies", "Saturation loss"),
    "col.cap": ("Plafond", "Cap"),
    "col.population": ("Populatie", "Population"),
    "col.item": ("Onderwerp", "Item"),
    "col.value": ("Waarde", "Value"),
    "col.unit": ("Eenheid", "Unit"),
    "unit.EUR": ("EUR", "EUR"),
    "unit.jobs": ("jobs (personen)", "jobs (persons)"),
    "unit.share": ("%", "%"),
    "unit.count": ("aantal", "count"),
    "unit.": ("", ""),
    "year": ("Jaar", "Year"),
    "spend": ("Uitgaven", "Spend"),
    "budget": ("Budget", "Budget"),
    "left": ("Nog beschikbaar", "Left"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "free": ("gratis", "free"),
    # sheets (31 characters at most)
    "sheet.summary": ("Samenvatting", "Summary"),
    "sheet.actions": ("Acties", "Actions"),
    "sheet.domain_spend": ("Uitgaven per domein", "Domain spend"),
    "sheet.group_jobs": ("Jobs per doelgroep", "Group jobs"),
    # charts
    "chart.spend": ("Uitgaven tegenover budget per domein en jaar", "Spend against budget per domain and year"),
    "chart.jobs": ("Extra jobs per doelgroep tegenover het plafond", "Extra jobs per target group against the cap"),
    "chart.rate": ("Werkzaamheidsgraad: nu, na het plan en het doel", "Employment rate: now, after the plan, target"),
    "axis.meur": ("miljoen EUR", "EUR million"),
    "axis.jobs": ("extra jobs (personen)", "extra jobs (persons)"),
    "axis.rate": ("werkzaamheidsgraad (%); de as begint niet bij 0", "employment rate (%); the axis does not start at 0"),
    "legend.spend": ("Uitgaven", "Spend"),
    "legend.budget": ("Budget", "Budget"),
    "legend.jobs": ("Extra jobs (meegeteld)", "Extra jobs (counted)"),
    "legend.cap": ("Plafond", "Cap"),
    "rate.now": ("Nu", "Now"),
    "rate.after": ("Na het plan", "After the plan"),
    "rate.target": ("Doel {rate}", "Target {rate}"),
    "chart_alt": ("De cijfers van deze grafiek staan ook in de tabellen van dit rapport.",
                  "The figures of this chart are also in the tables of this report."),
    # a phased plan (spec 4.1)
    "target_year": ("Doeljaar (de jobs van dat jaar tellen)", "Target year (its jobs count)"),
    "horizon": ("Planperiode (budgetjaren)", "Horizon (budget years)"),
    "extra_jobs_in": ("Extra jobs in {year}", "Extra jobs in {year}"),
    "start_in": ("Start in {year}", "Starting in {year}"),
    "start_year": ("Startjaar", "Start year"),
    "plan_intro_phased": ("De gekozen acties per startjaar en trekkend domein, met de partners die "
                          "mee financieren, de kost per kalenderjaar, de opbouw van het effect en de "
                          "verwachte extra jobs per doelgroep.",
                          "The chosen actions by start year and lead domain, with the partners that "
                          "co-finance, the cost per calendar year, the build-up of the effect and the "
                          "expected extra jobs per target group."),
    "col.window": ("Startvenster", "Start window"),
    "start": ("Start", "Start"),
    "start.fact": ("{year} (kan starten in {window}); loopt tot het einde van de planperiode",
                   "{year} (may start in {window}); runs to the end of the horizon"),
    "ramp": ("Opbouw van het effect", "Build-up of the effect"),
    "ramp.fact": ("{shares} van het volle effect na 1, 2, ... jaar; in {year}: {jobs} jobs",
                  "{shares} of the full effect after 1, 2, ... years; in {year}: {jobs} jobs"),
    "after_horizon": ("Na {year}", "After {year}"),
    "after_horizon.row": ("Na {year} (vastgelegd, op geen budget)", "After {year} (committed, on no budget)"),
    "after_horizon_total": ("Vastgelegd na de planperiode", "Committed after the horizon"),
    "spend_years_title": ("Uitgaven per domein en jaar tegenover het budget",
                          "Spend per domain and year against the budget"),
    "spend_years_note": ("Uitgaven / budget per kalenderjaar; na {year}: wat de gekozen starts vastleggen "
                         "voor latere jaren (op geen budget van de planperiode).",
                         "Spend / budget per calendar year; after {year}: what the chosen starts commit to "
                         "later years (charged to no budget of the horizon)."),
    "years_title": ("Extra jobs en werkzaamheidsgraad per jaar", "Extra jobs and employment rate per year"),
    "years_note": ("Jobs: de extra jobs van dat jaar, met de opbouw van elke actie en de "
                   "groepsplafonds. Pad: de werkzaamheidsgraad op een rechte lijn van de graad nu "
                   "({before}, in {start}) naar het doel ({target}) in {year}, en de extra jobs die daarvoor "
                   "nodig zijn.",
                   "Jobs: the extra jobs present that year, each action's build-up and the group caps "
                   "applied. Path: the employment rate on a straight line from the rate now ({before}, in "
                   "{start}) to the target ({target}) in {year}, and the extra jobs it needs."),
    "years_note.no_path": ("Jobs: de extra jobs van dat jaar, met de opbouw van elke actie en de "
                           "groepsplafonds. Zonder baseline is er geen pad naar een doelgraad.",
                           "Jobs: the extra jobs present that year, each action's build-up and the group "
                           "caps applied. Without a baseline there is no path to a target rate."),
    "col.jobs_year": ("Extra jobs", "Extra jobs"),
    "col.employment_rate": ("Werkzaamheidsgraad", "Employment rate"),
    "col.path_rate": ("Pad: graad", "Path: rate"),
    "col.path_jobs": ("Pad: jobs", "Path: jobs"),
    "col.short_jobs": ("Tekort op het pad", "Short of the path"),
    "col.start_year": ("Startjaar", "Start year"),
    "col.earliest_start": ("Vroegste start", "Earliest start"),
    "col.latest_start": ("Laatste start", "Latest start"),
    "col.ramp": ("Opbouw", "Ramp"),
    "col.jobs_in_target_year": ("Jobs in het doeljaar", "Jobs in the target year"),
    "col.after_horizon_eur": ("Na de planperiode (EUR)", "After the horizon (EUR)"),
    "unit.year": ("jaar", "year"),
    "timeline": ("Tijdlijn", "Timeline"),
    "timeline_note": ("Elke gekozen actie loopt van haar startjaar tot het einde van de planperiode; de "
                      "cijfers zijn het aandeel van het volle effect in dat jaar.",
                      "Each chosen action runs from its start year to the end of the horizon; the figures "
                      "are the share of its full effect present that year."),
    "sheet.timeline": ("Tijdlijn", "Timeline"),
    "sheet.jobs_by_year": ("Jobs per jaar", "Jobs per year"),
    "chart.timeline": ("Tijdlijn: welke actie loopt wanneer, per domein",
                       "Timeline: which action runs when, per domain"),
    "chart.years": ("Extra jobs per jaar tegenover het pad naar het doel",
                    "Extra jobs per year against the path to the target"),
    "legend.share": ("kleur: aandeel van het volle effect (licht: opbouw, donker: vol)",
                     "shade: share of the full effect (light: building up, dark: full)"),
    "legend.jobs_year": ("Extra jobs dat jaar", "Extra jobs that year"),
    "legend.path": ("Pad naar het doel", "Path to the target"),
    "axis.year": ("jaar", "year"),
    "reason.start": ("{reason} (bij start in {year}; elk mogelijk startjaar botst)",
                     "{reason} (starting in {year}; every start year it may have fails)"),
    # the terminal
    "terminal.domain": ("{name}: uitgaven tegenover budget en acties", "{name}: spend against budget and actions"),
    "role": ("Rol", "Role"),
    "role.lead": ("trekker", "lead"),
    "role.partner": ("partner", "partner"),
    "cost_to_domain": ("Kost voor het domein", "Cost to the domain"),
    # why an action is not chosen
    "reason.locked_out": ("uitgesloten door de regels (locked_out)", "locked out by the rules (locked_out)"),
    "reason.overlap": ("overlapt met gekozen actie {other} ({other_name}; overlapgroep {overlap_group})",
                       "overlaps with chosen action {other} ({other_name}; overlap group {overlap_group})"),
    "reason.requires": ("vereist actie {other} ({other_name}), die niet gekozen is",
                        "needs action {other} ({other_name}), which is not chosen"),
    "reason.budget": ("past niet in wat er overblijft van het budget van {domain_name} {scope}: kost {cost}, "
                      "er blijft {left} over",
                      "does not fit the remaining budget of {domain_name} {scope}: costs {cost}, {left} left"),
    "reason.budget_whole": ("kost {domain_name} {scope} {cost}, meer dan het hele budget van {budget}",
                            "costs {domain_name} {scope} {cost}, more than its whole budget of {budget}"),
    "reason.ratio": ("minder jobs per EUR 1 mln ({ratio}) dan elke gekozen actie die {domain_name} {scope} betaalt "
                     "en die ze zou verdringen (minstens {displaced}); kost {cost}, er blijft {left} over",
                     "fewer jobs per EUR 1M ({ratio}) than every chosen action paid by {domain_name} {scope} that it "
                     "would displace (at least {displaced}); costs {cost}, {left} left"),
    "reason.max_actions": ("het plan telt al het maximum van {limit} acties",
                           "the plan already holds the maximum of {limit} actions"),
    "reason.equity": ("zou het aandeel van {group_name} onder het minimum van {share} brengen",
                      "would bring the share of {group_name} below its minimum of {share}"),
    "reason.rule": ("zou regel {rule} breken", "would break rule {rule}"),
    "reason.no_gain": ("voegt geen extra jobs toe (plafond bereikt: {groups})",
                       "adds no extra jobs (cap reached: {groups})"),
    "reason.no_gain_synergy": ("voegt geen extra jobs toe (synergieën nemen weg wat ze toevoegt)",
                               "adds no extra jobs (its synergies take away what it adds)"),
    "reason.not_needed": ("niet nodig: het jobdoel wordt zonder haar kost ({cost}) gehaald",
                          "not needed: the jobs target is met without its cost ({cost})"),
    "scope.year": ("in {year}", "in {year}"),
    "scope.total": ("over de hele periode", "over the whole period"),
    # the uncertainty section (report --robust N)
    "uncertainty": ("Onzekerheid", "Uncertainty"),
    "uncertainty.title": ("Hoe vaak elke actie optimaal is, en wat een gekozen actie waard is",
                          "How often each action is optimal, and what a chosen action is worth"),
    "uncertainty.intro": ("{samples} trekkingen van de effecten binnen hun bandbreedte (effect_low tot effect_high; "
                          "{dist}, {correlation}, startwaarde van het toeval {seed}), elk exact opgelost. "
                          "Frequentie: het aandeel van de trekkingen waarin de actie in de optimale portefeuille zit (1: altijd, 0: nooit). "
                          "Vervangingskost: de jobs die het plan verliest als de actie wordt uitgesloten en de rest "
                          "opnieuw exact wordt gekozen.",
                          "{samples} draws of the effects within their ranges (effect_low to effect_high; {dist}, "
                          "{correlation}, seed {seed}), each solved exactly. Frequency: the share of the draws whose "
                          "optimal portfolio holds the action (1: always, 0: never). Replacement cost: the jobs the "
                          "plan loses when the action is locked out and the rest chosen again, exactly."),
    "uncertainty.range": ("Bij {samples} trekkingen geeft dit plan gemiddeld {mean} extra jobs (P5 {p5}, P50 {p50}, "
                          "P95 {p95}); het haalt {target} jobs in {share} van de trekkingen.",
                          "Over {samples} draws this plan gives {mean} extra jobs on average (P5 {p5}, P50 {p50}, "
                          "P95 {p95}); it reaches {target} jobs in {share} of the draws."),
    "uncertainty.indispensable": ("onmisbaar", "indispensable"),
    "uncertainty.dist.uniform": ("uniform", "uniform"),
    "uncertainty.dist.triangular": ("driehoeksverdeling rond het effect", "triangular around the effect"),
    "uncertainty.dist.pert": ("PERT rond het effect", "PERT around the effect"),
    "uncertainty.correlation.independent": ("elke rij apart", "each row on its own"),
    "uncertainty.correlation.per-action": ("één trekking per actie", "one draw per action"),
    "uncertainty.correlation.per-barrier": ("één trekking per drempel", "one draw per barrier"),
    "uncertainty.chart.frequency": ("aandeel van de trekkingen waarin de actie optimaal is",
                                    "share of the draws in which the action is optimal"),
    "uncertainty.chart.chosen": ("in het plan", "in the plan"),
    "uncertainty.chart.other": ("niet in het plan", "not in the plan"),
    "uncertainty.chart.jobs": ("extra jobs van het plan", "extra jobs of the plan"),
    "uncertainty.chart.samples": ("trekkingen", "draws"),
    "uncertainty.chart.central": ("bij de centrale effecten", "at the central effects"),
    "uncertainty.chart.title.frequency": ("Hoe vaak elke actie optimaal is", "How often each action is optimal"),
    "uncertainty.chart.title.jobs": ("Extra jobs van het plan over de trekkingen",
                                     "Extra jobs of the plan over the draws"),
    "col.frequency": ("Frequentie", "Frequency"),
    "col.jobs_lost": ("Vervangingskost (jobs)", "Replacement cost (jobs)"),
    "col.indispensable": ("Onmisbaar", "Indispensable"),
    "sheet.uncertainty": ("Onzekerheid", "Uncertainty"),
    # the progress report (portfolio monitor --out DIR)
    "progress.title": ("Voortgangsrapport", "Progress report"),
    "progress.heading": ("Voortgang tot en met {year}", "Progress up to {year}"),
    "progress.as_of": ("Voortgang tot en met", "Progress up to"),
    "progress.track": ("Stand van het plan", "Standing of the plan"),
    "track.on_track": ("op schema", "on track"),
    "track.at_risk": ("risico", "at risk"),
    "track.off_track": ("niet op schema", "off track"),
    "progress.rule_title": ("Regel", "Rule"),
    "progress.rule": ("niet op schema: de verwachte jobs in het doeljaar liggen onder {off} van die van het "
                      "plan, of de uitgaven van een domein tot nu plus wat het plan nog vastlegt, "
                      "overschrijden zijn budget; risico: de verwachting ligt onder {on} van die van het "
                      "plan, of een actie is vertraagd, gestopt of meer dan {tolerance} boven haar geplande "
                      "uitgaven; anders op schema",
                      "off track: the forecast of jobs in the target year is below {off} of the plan's, or "
                      "a domain's spend so far plus what the plan still commits exceeds its budget; at "
                      "risk: the forecast is below {on} of the plan's, or an action is delayed, stopped or "
                      "over its planned spend by more than {tolerance}; on track otherwise"),
    "progress.planned_jobs": ("Geplande extra jobs in het doeljaar", "Planned extra jobs in the target year"),
    "progress.forecast_jobs": ("Verwachte extra jobs in het doeljaar",
                               "Forecast extra jobs in the target year"),
    "progress.p5": ("Verwachting, P5", "Forecast, P5"),
    "progress.p95": ("Verwachting, P95", "Forecast, P95"),
    "progress.samples": ("Trekkingen van de effecten achter de band", "Draws of the effects behind the band"),
    "progress.band": ("P5–P95: {low} tot {high} ({samples} trekkingen van de effecten binnen hun "
                      "bandbreedte)",
                      "P5–P95: {low} to {high} ({samples} draws of the effects within their ranges)"),
    "progress.against_plan": ("gepland: {planned}", "planned: {planned}"),
    "progress.rate.planned": ("Werkzaamheidsgraad in het doeljaar volgens het plan",
                              "Employment rate in the target year as planned"),
    "progress.rate.forecast": ("Verwachte werkzaamheidsgraad in het doeljaar",
                               "Forecast employment rate in the target year"),
    "progress.rate.forecast_p5": ("Verwachte werkzaamheidsgraad, P5", "Forecast employment rate, P5"),
    "progress.rate.forecast_p95": ("Verwachte werkzaamheidsgraad, P95", "Forecast employment rate, P95"),
    "progress.rate.target": ("Doel voor de werkzaamheidsgraad", "Target employment rate"),
    "progress.flagged": ("Acties met een signaal", "Actions flagged"),
    "progress.flagged_title": ("Acties met een signaal", "Flagged actions"),
    "progress.none_flagged": ("Geen enkele actie heeft een signaal.", "No action is flagged."),
    "progress.forecast_title": ("Verwachting voor {year}", "Forecast for {year}"),
    "progress.forecast_note": ("De verwachting houdt het plan aan, maar laat elke actie starten wanneer ze "
                               "echt startte (een actie die nog niet startte, ten vroegste volgend jaar), "
                               "laat gestopte acties weg en leest het effect af uit de waargenomen "
                               "uitstroom waar de voortgang die geeft; de jobs tellen zoals in het plan "
                               "(opbouw, synergieën, plafonds).",
                               "The forecast keeps the plan but starts each action when it really started "
                               "(one not started yet next year at the earliest), drops stopped actions and "
                               "reads the effect from the observed outflow where the progress gives it; "
                               "jobs count as in the plan (ramps, synergies, caps)."),
    "progress.spend_title": ("Geplande tegenover gerealiseerde uitgaven per jaar",
                             "Planned against realised spend per year"),
    "progress.spend_note": ("Gerealiseerd: wat de voortgang meldt tot en met {year}; latere jaren tonen "
                            "alleen het plan.",
                            "Realised: what the progress reports up to {year}; later years show the plan "
                            "only."),
    "progress.domains_title": ("Per beleidsdomein", "Per policy domain"),
    "progress.actions_title": ("Acties die het domein trekt", "Actions the domain leads"),
    "progress.actions_all": ("Alle acties van het plan", "All actions of the plan"),
    "progress.no_actions": ("Het domein trekt geen actie van het plan.",
                            "The domain leads no action of the plan."),
    "progress.why": ("Waarom", "Why"),
    "progress.why.over_budget": ("de uitgaven tot nu plus wat het plan nog vastlegt, overschrijden het "
                                 "budget",
                                 "spend so far plus what the plan still commits exceeds the budget"),
    "progress.why.jobs_short": ("de verwachte jobs liggen onder de drempel van het plan",
                                "forecast jobs below the plan's threshold"),
    "progress.why.at_risk": ("verwachting onder het plan, of een actie vertraagd, gestopt of boven haar "
                             "uitgaven",
                             "forecast below plan, or an action delayed, stopped or over its spend"),
    "progress.why.as_planned": ("verwachting zoals gepland, geen actie vertraagd, gestopt of boven haar "
                                "uitgaven",
                                "forecast as planned, no action delayed, stopped or over its spend"),
    "progress.files_note": ("Gemaakt met `portfolio monitor`; elk cijfer komt uit de monitoring van het "
                            "plan (monitor.json).",
                            "Made with `portfolio monitor`; every figure comes from the monitoring of the "
                            "plan (monitor.json)."),
    "progress.notes": ("Opmerkingen", "Notes"),
    "progress.status.started": ("gestart", "started"),
    "progress.status.delayed": ("vertraagd", "delayed"),
    "progress.status.stopped": ("gestopt", "stopped"),
    "progress.status.not_started": ("nog niet gestart", "not started"),
    "progress.status.no_report": ("geen rapportering", "no report"),
    "flag.overspend": ("overschrijding", "overspend"),
    "flag.underspend": ("onderbesteding", "underspend"),
    "flag.delay": ("vertraging", "delay"),
    "flag.stopped": ("gestopt", "stopped"),
    "flag.no_report": ("geen rapportering", "no report"),
    "flag.observed_effect": ("waargenomen effect", "observed effect"),
    "progress.col.action": ("Actie", "Action"),
    "progress.col.name": ("Naam", "Name"),
    "progress.col.lead_domain": ("Trekker (id)", "Lead domain (id)"),
    "progress.col.domain": ("Domein (id)", "Domain (id)"),
    "progress.col.status": ("Status", "Status"),
    "progress.col.planned_start": ("Geplande start", "Planned start"),
    "progress.col.actual_start": ("Echte start", "Actual start"),
    "progress.col.forecast_start": ("Start in de verwachting", "Forecast start"),
    "progress.col.delay_years": ("Vertraging (jaar)", "Delay (years)"),
    "progress.col.planned_spend_eur": ("Gepland tot nu (EUR)", "Planned so far (EUR)"),
    "progress.col.spend_eur": ("Gerealiseerd (EUR)", "Realised (EUR)"),
    "progress.col.reached": ("Bereikt (personen)", "Reached (persons)"),
    "progress.col.planned_jobs": ("Jobs gepland", "Jobs planned"),
    "progress.col.forecast_jobs": ("Jobs verwacht", "Jobs forecast"),
    "progress.col.flags": ("Signalen", "Flags"),
    "progress.col.track": ("Stand", "Standing"),
    "progress.col.reason": ("Waarom", "Why"),
    "progress.col.committed_eur": ("Uitgegeven plus vastgelegd (EUR)", "Spent plus committed (EUR)"),
    "progress.col.budget_eur": ("Budget (EUR)", "Budget (EUR)"),
    "progress.col.year": ("Jaar", "Year"),
    "progress.col.planned_eur": ("Gepland (EUR)", "Planned (EUR)"),
    "progress.col.item": ("Onderwerp", "Item"),
    "progress.col.value": ("Waarde", "Value"),
    "progress.col.unit": ("Eenheid", "Unit"),
    "progress.sheet.summary": ("Samenvatting", "Summary"),
    "progress.sheet.actions": ("Acties", "Actions"),
    "progress.sheet.domains": ("Domeinen", "Domains"),
    "progress.sheet.spend": ("Uitgaven per jaar", "Spend per year"),
    "progress.chart.spend": ("Geplande en gerealiseerde uitgaven per domein en jaar",
                             "Planned and realised spend per domain and year"),
    "progress.chart.forecast": ("Extra jobs in het doeljaar: gepland en verwacht, met de P5–P95-band",
                                "Extra jobs in the target year: planned and forecast, with the P5–P95 band"),
    "progress.legend.planned": ("Gepland", "Planned"),
    "progress.legend.realised": ("Gerealiseerd", "Realised"),
    "progress.legend.forecast": ("Verwacht", "Forecast"),
    "progress.legend.band": ("P5–P95", "P5–P95"),
    "progress.axis.rate": ("werkzaamheidsgraad (%)", "employment rate (%)"),
    # REPA (issues 22.8, 23.4): the summary policy, its technical annex, and the what-if work in the report
    "lead.best": ("Het beste plan binnen deze regels kiest {n} van de {m} acties en levert ongeveer "
                  "{jobs} extra jobs op{when}, voor {cost}.",
                  "The best plan within these rules chooses {n} of the {m} actions and gives about {jobs} "
                  "extra jobs{when}, for {cost}."),
    "lead.feasible": ("Een plan binnen deze regels kiest {n} van de {m} acties en levert ongeveer {jobs} "
                      "extra jobs op{when}, voor {cost}. Het is niet bewezen dat geen beter plan bestaat "
                      "(zie de technische bijlage).",
                      "A plan within these rules chooses {n} of the {m} actions and gives about {jobs} "
                      "extra jobs{when}, for {cost}. It is not proven that no better plan exists (see the "
                      "technical annex)."),
    "lead.when": (" in {year}", " in {year}"),
    "lead.band": ("Met elk effect binnen zijn bandbreedte (effect_low tot effect_high) ligt dat aantal "
                  "tussen P5 {p5} en P95 {p95}: {n} trekkingen van de effecten (startwaarde van het "
                  "toeval {seed}), telkens voor hetzelfde plan.",
                  "With each effect within its range (effect_low to effect_high) that number lies between "
                  "P5 {p5} and P95 {p95}: {n} draws of the effects (seed {seed}), each for the same plan."),
    "lead.band.flat": ("De case geeft geen bandbreedte voor de effecten van dit plan, dus P5 en P95 "
                       "vallen samen.",
                       "The case gives no ranges for the effects of this plan, so P5 and P95 coincide."),
    "lead.rate": ("De werkzaamheidsgraad gaat van {before} naar {after} ({points} procentpunt); het doel "
                  "is {target}.",
                  "The employment rate goes from {before} to {after} ({points} percentage point); the "
                  "target is {target}."),
    "definition": ("Een extra job is netto: iemand die ongeveer twee jaar na de start van een actie werkt "
                   "en zonder de actie niet zou werken (wie toch werk vond, is afgetrokken). De raming is "
                   "partieel evenwicht: verdringing van andere werkzoekenden is niet meegerekend.",
                   "An extra job is net: a person at work about two years after an action starts who "
                   "would not be without it (those who would have found work anyway are taken off). The "
                   "estimate is partial equilibrium: displacement of other job seekers is ignored."),
    "illustrative": ("De budgetten van {domains} zijn illustratief: de case noemt ze zelf een aanname "
                     "(kolom source), geen toegezegd bedrag.",
                     "The budgets of {domains} are illustrative: the case itself calls them an assumption "
                     "(its source column), not a committed amount."),
    "key_figures": ("Kerncijfers", "Key figures"),
    "verdict.optimal": ("het beste plan binnen deze regels", "the best plan within these rules"),
    "verdict.feasible": ("een plan binnen deze regels, niet bewezen het beste",
                         "a plan within these rules, not proven the best"),
    "verdict.infeasible": ("geen plan: geen portefeuille voldoet aan alle regels",
                           "no plan: no portfolio meets every rule"),
    "verdict.no_solution": ("geen plan gevonden binnen de tijdslimiet",
                            "no plan found within the time limit"),
    "about": ("ongeveer {jobs}", "about {jobs}"),
    "band.row": ("Bandbreedte van de extra jobs (P5–P95)", "Range of the extra jobs (P5–P95)"),
    "band.value": ("{p5} tot {p95}", "{p5} to {p95}"),
    "shares.title": ("Wat de minimumaandelen kosten", "What the minimum shares cost"),
    "shares.jobs": ("Het minimumaandeel van {name} ({share} van alle extra jobs) kost {cost} jobs: "
                    "{without} zonder, {with_} met het aandeel.",
                    "The minimum share of {name} ({share} of all extra jobs) costs {cost} jobs: {without} "
                    "without it, {with_} with it."),
    "shares.eur": ("Het minimumaandeel van {name} ({share} van alle extra jobs) kost {cost}: {without} "
                   "zonder, {with_} met het aandeel.",
                   "The minimum share of {name} ({share} of all extra jobs) costs {cost}: {without} "
                   "without it, {with_} with it."),
    "shares.free": ("Het minimumaandeel van {name} ({share} van alle extra jobs) kost niets.",
                    "The minimum share of {name} ({share} of all extra jobs) costs nothing."),
    "shares.note": ("Elk aandeel apart weggelaten, de andere behouden; beide plannen zijn de beste binnen "
                    "hun regels.",
                    "Each share left out on its own, the others kept; both plans are the best within "
                    "their rules."),
    "annex": ("Technische bijlage", "Technical annex"),
    "annex.intro": ("Hoe het plan berekend is en wat daarover bewezen is.",
                    "How the plan was computed and what is proven about it."),
    "annex.jobs_exact": ("Extra jobs, onafgerond", "Extra jobs, unrounded"),
    "annex.objective_value": ("Waarde van de doelstelling", "Objective value"),
    "annex.bound": ("Bewezen grens", "Proven bound"),
    "annex.time": ("Rekentijd", "Solve time"),
    "annex.seconds": ("{s} s", "{s} s"),
    "annex.band": ("Bandbreedte: {n} trekkingen (startwaarde van het toeval {seed}) van elk effect uit "
                   "een driehoeksverdeling tussen effect_low en effect_high met de top bij effect, rijen "
                   "onafhankelijk, zoals de robuustheidsstudie trekt; het gekozen plan telt in elke "
                   "trekking met de plafonds en synergieën van de case. Mediaan (P50): {p50}.",
                   "Range: {n} draws (seed {seed}) of each effect from a triangular distribution between "
                   "effect_low and effect_high peaking at effect, rows independent, as the robust study "
                   "draws them; the chosen plan is counted in each draw with the case's caps and "
                   "synergies. Median (P50): {p50}."),
    "scen.title": ("Scenario's naast het basisplan", "Scenarios beside the base plan"),
    "scen.intro": ("Het basisplan en elk scenario opgelost met dezelfde regels, zoals `portfolio whatif` "
                   "doet; de verschillen gelden tegenover het basisplan.",
                   "The base plan and each scenario solved under the same rules, as `portfolio whatif` "
                   "does; the changes are against the base plan."),
    "scen.base": ("basisplan", "base plan"),
    "scen.col.scenario": ("Scenario", "Scenario"),
    "scen.col.status": ("Status", "Status"),
    "scen.col.jobs": ("Extra jobs", "Extra jobs"),
    "scen.col.jobs_change": ("Verschil in jobs", "Change in jobs"),
    "scen.col.cost_eur": ("Kost", "Cost"),
    "scen.col.cost_change_eur": ("Verschil in kost", "Change in cost"),
    "scen.col.rate_after": ("Werkzaamheidsgraad na", "Employment rate after"),
    "scen.col.added": ("Acties erbij", "Actions in"),
    "scen.col.removed": ("Acties eruit", "Actions out"),
    "scen.col.target_year": ("Doeljaar", "Target year"),
    "scen.col.base_jobs_in_target_year": ("Basisplan in het doeljaar", "Base plan in the target year"),
    "scen.col.start_changes": ("Andere startjaren", "Other start years"),
    "scen.col.spend": ("Verschil in uitgaven: {name}", "Change in spend: {name}"),
    "scen.spend": ("Verschil in uitgaven per domein tegenover het basisplan",
                   "Change in spend per domain against the base plan"),
    "scen.starts": ("Startjaren die verschillen van het basisplan (–: niet gekozen)",
                    "Start years that differ from the base plan (–: not chosen)"),
    "scen.target_jobs": ("Jobs in het doeljaar van elk scenario: basisplan en scenarioplan",
                         "Jobs in each scenario's target year: the base plan and the scenario's"),
    "scen.scenario_plan": ("Scenarioplan", "Scenario plan"),
    "scen.start": ("{action}: {base} → {scenario}", "{action}: {base} → {scenario}"),
    "scen.none": ("geen", "none"),
    "scen.chart": ("Extra jobs en kost per scenario", "Extra jobs and cost per scenario"),
    "scen.chart.jobs": ("extra jobs", "extra jobs"),
    "scen.chart.cost": ("kost (€ mln)", "cost (EUR million)"),
    "curves.title": ("Budgetgrens en doelcurve", "Budget frontier and target curve"),
    "frontier.title": ("Meeste extra jobs per budget", "Most extra jobs per budget"),
    "frontier.intro": ("Alle budgetten geschaald (totalen en jaren), elk punt exact opgelost zoals "
                       "`portfolio frontier`; overgenomen: het plan van een kleiner budget was beter dan "
                       "wat de solver op tijd vond.",
                       "Every budget scaled (totals and years), each point solved exactly as `portfolio "
                       "frontier` does; carried: a smaller budget's plan was better than what the solver "
                       "found in time."),
    "frontier.col.scale": ("Schaal", "Scale"),
    "frontier.col.budget_eur": ("Totaal budget", "Total budget"),
    "frontier.col.jobs": ("Extra jobs", "Extra jobs"),
    "frontier.col.cost_eur": ("Kost", "Cost"),
    "frontier.col.status": ("Status", "Status"),
    "frontier.col.actions": ("Acties", "Actions"),
    "frontier.carried": ("overgenomen", "carried"),
    "frontier.x": ("totaal budget (€ mln)", "total budget (EUR million)"),
    "frontier.y": ("extra jobs", "extra jobs"),
    "frontier.current": ("huidig budget", "current budget"),
    "targets.title": ("Goedkoopste kost per doel voor de werkzaamheidsgraad",
                      "Cheapest cost per target employment rate"),
    "targets.intro": ("Per doel de goedkoopste portefeuille die het haalt, zoals `portfolio target "
                      "--curve`; onhaalbaar: binnen de budgetten en regels haalt geen portefeuille het "
                      "doel.",
                      "For each target the cheapest portfolio that reaches it, as `portfolio target "
                      "--curve`; unreachable: no portfolio within the budgets and rules reaches the "
                      "target."),
    "targets.col.rate": ("Doel", "Target"),
    "targets.col.jobs_target": ("Nodige extra jobs", "Extra jobs needed"),
    "targets.col.reachable": ("Haalbaar", "Reachable"),
    "targets.col.cost_eur": ("Goedkoopste kost", "Cheapest cost"),
    "targets.col.shortfall_jobs": ("Tekort aan jobs", "Jobs short"),
    "targets.col.status": ("Status", "Status"),
    "targets.undecided": ("onbeslist", "undecided"),
    "targets.x": ("doel voor de werkzaamheidsgraad (%)", "target employment rate (%)"),
    "targets.y": ("goedkoopste kost (€ mln)", "cheapest cost (EUR million)"),
    "targets.unreachable": ("onhaalbaar binnen de budgetten en regels",
                            "unreachable within the budgets and rules"),
    "targets.not_decided": ("onbeslist (solver gestopt)", "undecided (solver stopped)"),
    "sheet.scenarios": ("Scenario's", "Scenarios"),
    "sheet.frontier": ("Budgetgrens", "Budget frontier"),
    "sheet.target_curve": ("Doelcurve", "Target curve"),
}


class Labels:
    """The labels of one language, and numbers written as that language reads them.

    `money_decimals` is 0 when every amount of the case is in whole euros, else 2 (cents).
    """

    catalogue = CATALOGUE

    def __init__(self, lang: str = "nl", money_decimals: int = 0):
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
        self.lang = lang
        self.money_decimals = money_decimals
        self._index = LANGS.index(lang)

    def __getitem__(self, key: str) -> str:
        return self.catalogue[key][self._index]

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"no label {key!r}") from None

    def t(self, key: str, **fields) -> str:
        """The label `key` with its {fields} filled in."""
        return self[key].format(**fields)

    # numbers ------------------------------------------------------------------------------------

    def num(self, value: float, decimals: int = 0) -> str:
        """1234567.5 -> '1.234.567,5' (nl) or '1,234,567.5' (en)."""
        text = f"{value:,.{decimals}f}"
        if text.startswith("-") and not text.strip("-0.,"):  # a rounded zero has no sign
            text = text[1:]
        if self.lang == "nl":
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text

    def eur(self, value: float) -> str:
        """An amount of money, to the cent when the case has cents."""
        return f"EUR {self.num(value, self.money_decimals)}" if self.lang == "en" else \
            f"€ {self.num(value, self.money_decimals)}"

    def meur(self, value: float) -> str:
        """An amount in millions, for charts: '€ 14,90 mln' / 'EUR 14.90M'."""
        return f"€ {self.num(value / 1e6, 2)} mln" if self.lang == "nl" else f"EUR {self.num(value / 1e6, 2)}M"

    def jobs(self, value: float | None) -> str:
        return "" if value is None else self.num(value, 1)

    def ratio(self, value: float | None) -> str:
        return self.free if value is None else self.num(value, 1)

    def shares(self, ramp) -> str:
        """A ramp as the shares of the full effect: '20 % · 60 % · 100 %'."""
        return " · ".join(self.pct(x, 0) for x in ramp)

    def years(self, years) -> str:
        """Start years: '2026-2028', or the one year."""
        return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"

    def pct(self, share: float, decimals: int = 3) -> str:
        """0.768649 -> '76,865 %' (nl) or '76.865%' (en)."""
        return f"{self.num(share * 100, decimals)} %" if self.lang == "nl" else f"{self.num(share * 100, decimals)}%"

    def about(self, jobs: float, digits: int = 3) -> str:
        """Jobs to `digits` significant figures, never to a fraction of a person: 3049.8 -> '3.050'."""
        if jobs == 0 or not math.isfinite(jobs):
            return self.num(jobs)
        return self.num(round(jobs, min(0, digits - 1 - math.floor(math.log10(abs(jobs))))))

    def whole_jobs(self, value: float) -> str:
        """Jobs still needed, rounded up to whole persons (never below 0)."""
        return self.num(max(0, math.ceil(value - 1e-9)), 0)

    # texts built from data ----------------------------------------------------------------------

    def say(self, value) -> str:
        """A sentence of the library (a models.phrase.Phrase, or plain text) in this language."""
        return say(value, self.lang)

    def status_text(self, status: str) -> str:
        return self[f"status.{status}"]

    def scope(self, year: int | None) -> str:
        return self.t("scope.year", year=year) if year is not None else self["scope.total"]

    def solver_choice(self, r) -> str:
        """Why the solver ran, in words, from the facts of a ReportData (auto's choice and its race); '' when
        the backend was named, or the facts are missing (a solution file written before they were kept)."""
        if r.auto is None:
            return ""
        features = [self[f"auto.feature.{f}"] for f in r.auto.features]
        shape = (self.t("auto.shape", features=f" {self['and']} ".join(features)) if features
                 else self["auto.shape.none"])
        words = self.t("auto.choice", actions=r.auto.actions, shape=shape)
        if r.race is not None:
            race = r.race
            loser = race.second if race.winner == race.first else race.first
            outcome = self.t(f"race.{race.outcome}", winner=race.winner, loser=loser,
                             wall=self.t("seconds", value=self.num(race.wall_s, 2)))
            joined = self.t("seconds", value=self.num(race.second_from_s, 2))
            race_words = self.t("race", first=race.first, second=race.second, joined=joined)
            words += f"; {race_words}: {outcome}"
        return words

    def binding_text(self, b) -> str:
        """A rule at its limit (a data.Binding), in words with its figures."""
        name = b.subject.name if b.subject is not None else ""
        if b.kind == "budget":
            key = "binding.budget_year" if b.year is not None else "binding.budget"
            return self.t(key, name=name, year=b.year, value=self.eur(b.value), limit=self.eur(b.limit))
        if b.kind in ("cap", "target"):
            return self.t(f"binding.{b.kind}", name=name, value=self.jobs(b.value), limit=self.jobs(b.limit))
        return self.t(f"binding.{b.kind}", name=name, value=self.num(b.value), limit=self.num(b.limit))

    def reason(self, r: Reason | None) -> str:
        """Why an action is not chosen, in words; '' when no reason could be determined."""
        if r is None:
            return ""
        fields = r.model_dump()
        if r.code in ("budget", "budget_whole", "ratio"):
            fields.update(scope=self.scope(r.year), cost=self.eur(r.cost_eur), left=self.eur(r.left_eur),
                          budget=self.eur(r.budget_eur), ratio=self.ratio(r.jobs_per_meur),
                          displaced=self.ratio(r.displaced_jobs_per_meur))
        elif r.code == "max_actions":
            fields.update(limit=self.num(r.limit))
        elif r.code == "equity":
            fields.update(share=self.pct(r.limit, 1))
        elif r.code == "not_needed":
            fields.update(cost=self.eur(r.cost_eur))
        elif r.code == "no_gain":
            if not r.capped_groups:
                return self["reason.no_gain_synergy"]
            fields.update(groups=", ".join(r.capped_groups))
        text = self.t(f"reason.{r.code}", **fields)
        return text if r.start_year is None else self.t("reason.start", reason=text, year=r.start_year)
