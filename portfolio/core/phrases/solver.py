"""Sentences of solver: key -> (nl, en), the same {fields} on both sides (see portfolio.core.phrases).

`solver.status.*` are the solvers' own status words (HiGHS's model status, CBC's result line, CP-SAT's and
SCIP's status names): their English side is the solver's text exactly, so `said` finds them in a solver's
answer; a text not listed stays the solver's own words.
"""

from __future__ import annotations

from models.phrase import Phrase, phrase

SENTENCES: dict[str, tuple[str, str]] = {
    # what a solver said: "HiGHS: Time limit reached"
    "solver.said": ("{solver}: {words}", "{solver}: {words}"),
    "solver.not_confirmed": ("{said} (niet bevestigd)", "{said} (not confirmed)"),
    "solver.confirmed": ("optimum van {solver} bevestigd door {confirmer}",
                         "{solver}'s optimum confirmed by {confirmer}"),
    "solver.confirmer_better": (
        "{solver} noemde {claimed} optimaal; {confirmer} vond {found} en bewees dat optimaal: de "
        "portefeuille is die van {confirmer}",
        "{solver} claimed optimality of {claimed}; {confirmer} found {found} and proved it optimal: the "
        "portfolio is its"),
    "solver.claimed": (
        "{solver} noemde {claimed} optimaal; {why}, dus de portefeuille geldt als gevonden, niet als "
        "bewezen",
        "{solver} claimed optimality of {claimed}; {why}, so the portfolio is reported as found, not "
        "proven"),
    # the second solve of a phased optimum: the plan whose jobs come earliest
    "solver.start_years": (
        "startjaren: van de plannen met deze acties en deze waarde van {objective}, {how} (een tweede "
        "berekening door {backend}, {seconds})",
        "start years: among plans of these actions with this {objective} value, {how} (a second solve by "
        "{backend}, {seconds})"),
    "solver.start_years.earliest": ("het plan waarvan de jobs het vroegst komen",
                                    "the one whose jobs come earliest"),
    "solver.start_years.earlier": (
        "een plan waarvan de jobs vroeger komen (het vroegste niet bewezen in de resterende tijd)",
        "one whose jobs come earlier (the earliest not proven in the time left)"),
    "solver.why.race": ("de andere solver van de race beslist", "the race's other solver decides"),
    "solver.why.missing": ("{confirmer} is niet geïnstalleerd", "{confirmer} is not installed"),
    "solver.why.no_time": ("er was geen tijd meer om het te bevestigen", "no time was left to confirm it"),
    "solver.check_failed": (
        "{solver} noemde {claimed} optimaal; {confirmer} kon het niet nakijken ({error})",
        "{solver} claimed optimality of {claimed}; {confirmer} failed to check it ({error})"),
    "solver.unconfirmed": (
        "{solver} noemde {claimed} optimaal; {confirmer} kon het niet bevestigen ({said}){found}",
        "{solver} claimed optimality of {claimed}; {confirmer} could not confirm it ({said}){found}"),
    "solver.nothing_better": ("{confirmer}: niets beters dan {beyond} bestaat",
                              "{confirmer}: nothing better than {beyond} exists"),
    "solver.confirmer_found": ("; {confirmer} vond {found}", "; {confirmer} found {found}"),
    "solver.on_rounded": ("{said} op een afgerond model ({reasons})",
                          "{said} on a rounded model ({reasons})"),
    "solver.rounded_optimal": ("{said}; optimaal voor het afgeronde model, niet bewezen voor het exacte",
                               "{said}; optimal for the rounded model, not proven for the exact one"),
    "solver.rounded_breaks": (
        "{backend} loste een afgerond model op waarvan het antwoord {broken} overtreedt; kies een andere "
        "solver",
        "{backend} solved a rounded model whose answer breaks {broken}; use another backend"),
    "solver.rounded_infeasible": (
        "{backend} vond zijn afgeronde model onhaalbaar; over het exacte model is niets beslist",
        "{backend} found its rounded model infeasible; the exact model was not decided"),
    "solver.cannot_all_hold": (
        "de regels kunnen niet allemaal tegelijk gelden (geen enkele duidelijke oorzaak gevonden)",
        "the rules cannot all hold at once (no single obvious cause found)"),
    # the points of a target curve (portfolio/sweeps/target.py)
    "solver.target.what": ("{n} acties voor € {cost}, {jobs} extra jobs",
                           "{n} actions for EUR {cost}, {jobs} extra jobs"),
    "solver.target.reached": ("{what} halen het doel{proof}", "{what} reach the target{proof}"),
    "solver.target.proven": (" (de goedkoopste portefeuille, bewezen)", " (the cheapest portfolio, proven)"),
    "solver.target.maybe_cheaper": (" ({status}: misschien bestaat een goedkopere portefeuille)",
                                    " ({status}: a cheaper portfolio may exist)"),
    "solver.target.carried": (
        " (overgenomen van een hoger doel: misschien bestaat een goedkopere portefeuille)",
        " (carried from a higher target: a cheaper portfolio may exist)"),
    "solver.target.baseline_only": (
        "de uitgangssituatie haalt het doel al: er zijn geen extra jobs nodig, en geen regel vraagt een "
        "actie{proof}",
        "the baseline already reaches the target: no extra jobs are needed, and no rule asks for an "
        "action{proof}"),
    "solver.target.baseline_rules": (
        "de uitgangssituatie haalt het doel al: er zijn geen extra jobs nodig; de regels vragen nog "
        "{what}{proof}",
        "the baseline already reaches the target: no extra jobs are needed; the rules still ask for "
        "{what}{proof}"),
    "solver.target.short_best": (
        "binnen de budgetten en regels blijft de beste portefeuille {short} jobs onder het doel van "
        "{target}{proven}",
        "within the budgets and rules the best portfolio is {short} jobs short of the target of "
        "{target}{proven}"),
    "solver.target.short_rate": (
        "binnen de budgetten en regels haalt de werkzaamheidsgraad hoogstens {rate}; {short} jobs onder "
        "het doel van {target}{proven}",
        "within the budgets and rules the rate reaches at most {rate}; {short} jobs short of the target of "
        "{target}{proven}"),
    "solver.target.not_proven": (" (niet bewezen: een limiet van de solver stopte het zoeken)",
                                 " (not proven: a solver limit stopped the search)"),
    "solver.target.no_portfolio": ("geen portefeuille houdt zich aan de regels van de case: {said}",
                                   "no portfolio keeps the case's rules: {said}"),
    "solver.target.carried_note": (
        "overgenomen: de goedkoopste portefeuille van het doel van {target} jobs kost minder dan wat de "
        "solver hier op tijd vond, en haalt ook dit doel",
        "carried: the cheapest portfolio of the target of {target} jobs costs less than what the solver "
        "found in time here, and reaches this target too"),
    "solver.undecided": ("onbeslist: {status}; {said}", "undecided: {status}; {said}"),
    # a solve's status (models.Status) inside a sentence
    # a solution file's claim judged against a solve of the case (portfolio.solution_file.check_claim)
    "solver.claim": ("{name} vermeldt {status} (gevonden door {backend}); {verdict}",
                     "{name} records {status} (found by {backend}); {verdict}"),
    "solver.claim.by": ("een berekening met {backend}", "a solve with {backend}"),
    "solver.claim.found": (
        "{by} vond een portefeuille voor deze case ({objective} {value}): bereken de case opnieuw om ze te "
        "rapporteren",
        "{by} found a portfolio for this case ({objective} {value}): solve the case again to report it"),
    "solver.claim.infeasible": ("onhaalbaar, bewezen voor deze case", "infeasible, proven for this case"),
    "solver.claim.as_recorded": ("zoals vermeld, niet bewezen voor deze case",
                                 "as recorded, not proven for this case"),
    "solver.claim.as_recorded_gap": ("zoals vermeld, niet bewezen voor deze case (marge {gap} tot de grens "
                                     "die {by} bewees)",
                                     "as recorded, not proven for this case (gap {gap} to the bound {by} "
                                     "proved)"),
    "solver.claim.optimal": ("optimaal, bewezen voor deze case door {by} (grens {bound})",
                             "optimal, proven for this case by {by} (bound {bound})"),
    "solver.claim.better": (
        "er bestaat een betere portefeuille voor deze case ({objective} {value} tegenover {recorded} in dit "
        "bestand); marge {gap} tot de grens die {by} bewees",
        "a better portfolio exists for this case ({objective} {value} against this file's {recorded}); gap "
        "{gap} to the bound {by} proved"),
    "solver.state.optimal": ("optimaal", "optimal"),
    "solver.state.feasible": ("haalbaar", "feasible"),
    "solver.state.infeasible": ("onhaalbaar", "infeasible"),
    "solver.state.no_solution": ("geen oplossing", "no_solution"),
    # the next step of a domain's budget (portfolio/sweeps/marginal.py)
    "solver.step.not_computed": ("niet berekend", "not computed"),
    "solver.step.sweep_interrupted": ("niet berekend: de reeks werd onderbroken",
                                      "not computed: the sweep was interrupted"),
    "solver.step.interrupted": ("onderbroken", "interrupted"),
    "solver.step.needs_optimum": (
        "niet berekend: vraagt een bewezen optimum van max_jobs (de basis is {status})",
        "not computed: needs a proven max_jobs optimum (the base is {status})"),
    "solver.step.caps": (
        "geen bedrag helpt: de plafonds van de doelgroepen (max_extra_jobs) laten {caps} extra jobs toe en "
        "de basis haalt {jobs}",
        "no amount helps: the groups' caps (max_extra_jobs) allow {caps} extra jobs and the base reaches "
        "{jobs}"),
    "solver.step.fits": ("geen bedrag helpt: elke actie van het domein past al in zijn budget",
                         "no amount helps: every action of the domain already fits its budget"),
    "solver.step.binding": ("geen bedrag helpt: {why}", "no amount helps: {why}"),
    "solver.step.no_portfolio": ("met ruimte hier heeft de case geen portefeuille ({status})",
                                 "with room here the case has no portfolio ({status})"),
    "solver.step.limits": (
        "met ruimte hier heeft de beste portefeuille nog altijd {jobs} jobs; aan hun grens: {limits}",
        "with room here the best portfolio still has {jobs} jobs; at their limit: {limits}"),
    "solver.step.no_limit": ("geen van de budgetten, plafonds, max_actions, aandelen of overlapgroepen",
                             "none of the budgets, caps, max_actions, shares or overlap groups"),
    "solver.step.proven": ("het kleinste bedrag, bewezen", "the least amount, proven"),
    "solver.step.not_least": ("{status}: niet bewezen het kleinste", "{status}: not proven least"),
    "solver.step.gave": ("{proof}; de berekening met dat budget gaf {status}",
                         "{proof}; the solve at that budget gave {status}"),
    "solver.step.jobs_are": ("{proof}; de jobs zijn {status}", "{proof}; the jobs are {status}"),
    # the solvers' own status words
    "solver.status.highs_optimal": ("optimaal", "Optimal"),
    "solver.status.highs_infeasible": ("onhaalbaar", "Infeasible"),
    "solver.status.highs_unbounded_or_infeasible": ("onhaalbaar of onbegrensd",
                                                    "Primal infeasible or unbounded"),
    "solver.status.highs_time_limit": ("tijdslimiet bereikt", "Time limit reached"),
    "solver.status.highs_interrupt": ("onderbroken door de gebruiker", "Interrupted by user"),
    "solver.status.highs_interrupted": ("onderbroken door HiGHS", "Interrupted by HiGHS"),
    "solver.status.highs_iteration_limit": ("iteratielimiet bereikt", "Iteration limit reached"),
    "solver.status.highs_solution_limit": ("limiet op het aantal oplossingen bereikt",
                                           "Solution limit reached"),
    "solver.status.highs_memory_limit": ("geheugenlimiet bereikt", "Memory limit reached"),
    "solver.status.highs_objective_bound": ("grens op de doelfunctie bereikt", "Bound on objective reached"),
    "solver.status.highs_objective_target": ("doel voor de doelfunctie bereikt",
                                             "Target for objective reached"),
    "solver.status.cbc_optimal": ("optimale oplossing gevonden", "Optimal solution found"),
    "solver.status.cbc_time_limit": ("gestopt op de tijdslimiet", "Stopped on time limit"),
    "solver.status.cbc_iterations_or_time": ("gestopt op de limiet van iteraties of tijd",
                                             "Stopped on iterations or time"),
    "solver.status.cbc_node_limit": ("gestopt op de limiet van knopen", "Stopped on node limit"),
    "solver.status.cbc_solution_limit": ("gestopt op de limiet van oplossingen", "Stopped on solution limit"),
    "solver.status.cbc_ctrl_c": ("gestopt door Ctrl-C", "Stopped on ctrl-c"),
    "solver.status.cbc_infeasible": ("bewezen onhaalbaar", "Problem proven infeasible"),
    "solver.status.cbc_relaxation_infeasible": ("de lineaire relaxatie is onhaalbaar",
                                                "Linear relaxation infeasible"),
    "solver.status.name_optimal": ("optimaal", "OPTIMAL"),
    "solver.status.name_feasible": ("een oplossing, niet bewezen optimaal", "FEASIBLE"),
    "solver.status.name_infeasible": ("onhaalbaar", "INFEASIBLE"),
    "solver.status.name_unknown": ("gestopt zonder oplossing of bewijs", "UNKNOWN"),
    "solver.status.name_not_solved": ("niet opgelost", "NOT_SOLVED"),
}

_WORDS = {en: key for key, (_nl, en) in SENTENCES.items() if key.startswith("solver.status.")}


def state(status) -> Phrase:
    """A solve's status (a models.Status or its value) as a word of a sentence."""
    return phrase(f"solver.state.{getattr(status, 'value', status)}")


def said(text: str) -> Phrase | str:
    """A solver's own answer, "HiGHS: Time limit reached", as a phrase whose status words are said in the
    reader's language; `text` itself when its words are not in the catalogue (said as the solver wrote it)."""
    solver, colon, words = text.partition(": ")
    if not colon or words not in _WORDS:
        return text
    return phrase("solver.said", solver=solver, words=phrase(_WORDS[words]))
