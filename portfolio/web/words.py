"""The page's own words in Dutch (nl) and English (en); the report's labels (portfolio.reports.labels) give
the rest."""

from __future__ import annotations

from portfolio.reports.labels import LANGS

# key -> (nl, en). Texts with {fields} are filled in by Words.t.
WORDS: dict[str, tuple[str, str]] = {
    "title": ("Portefeuille van acties", "Portfolio of actions"),
    "case": ("De case", "The case"),
    "whatif": ("Wat als", "What if"),
    "compare": ("Scenario's naast elkaar", "Scenarios side by side"),
    "frontier": ("Budgetgrens van een domein", "Budget frontier of a domain"),
    "upload": ("Een case-werkboek laden", "Load a case workbook"),
    "upload.help": ("Een .xlsx-werkboek zoals `portfolio init --xlsx` het maakt, hoogstens {mb} MB.",
                    "An .xlsx workbook as `portfolio init --xlsx` makes it, at most {mb} MB."),
    "upload.button": ("Laden", "Load"),
    "upload.loaded": ("Geladen: {name}", "Loaded: {name}"),
    "upload.bad": ("Het werkboek kan niet gebruikt worden:", "The workbook cannot be used:"),
    "upload.too_big": ("Het bestand is groter dan {mb} MB.", "The file is larger than {mb} MB."),
    "upload.kind": ("Geef een .xlsx-werkboek (of .xlsm).", "Give an .xlsx workbook (or .xlsm)."),
    "upload.none": ("Kies eerst een bestand.", "Choose a file first."),
    "scenario_name": ("Naam van het scenario", "Name of the scenario"),
    "budgets": ("Budget per domein en jaar (EUR)", "Budget per domain and year (EUR)"),
    "budgets.total": ("Budget per domein (EUR)", "Budget per domain (EUR)"),
    "reset": ("Terug naar de case", "Back to the case"),
    "locks": ("Acties vastzetten", "Lock actions"),
    "lock.free": ("vrij", "free"),
    "lock.in": ("zeker erin", "locked in"),
    "lock.out": ("zeker eruit", "locked out"),
    "shares": ("Minimumaandeel van de jobs per doelgroep (%)",
               "Minimum share of the jobs per target group (%)"),
    "rules": ("Regels", "Rules"),
    "max_actions": ("Hoogstens zoveel acties", "At most this many actions"),
    "jobs_target": ("Jobdoel (laagste kost die het haalt)", "Jobs target (lowest cost that reaches it)"),
    "none": ("geen", "none"),
    "solve": ("Oplossen", "Solve"),
    "solving": ("Bezig met oplossen… {s} s", "Solving… {s} s"),
    "solving_n": ("Bezig: {n} van {m} opgelost… {s} s", "Working: {n} of {m} solved… {s} s"),
    "cancel": ("Stoppen", "Cancel"),
    "cancelled": ("Gestopt.", "Cancelled."),
    "failed": ("Het oplossen is mislukt: {error}", "The solve failed: {error}"),
    "bad_scenario": ("Het scenario kan niet gebruikt worden:", "The scenario cannot be used:"),
    "result": ("Resultaat: {name}", "Result: {name}"),
    "against_base": ("tegenover de case", "against the case"),
    "added": ("Erbij", "Added"),
    "removed": ("Eruit", "Removed"),
    "download.report": ("Rapport (html, xlsx, md in een zip)", "Report (html, xlsx, md in a zip)"),
    "download.yaml": ("Scenario als YAML (voor `portfolio whatif`)",
                      "Scenario as YAML (for `portfolio whatif`)"),
    "compare.pick": ("Kies tot vier scenario's", "Choose up to four scenarios"),
    "compare.show": ("Vergelijken", "Compare"),
    "compare.empty": ("Los eerst een scenario op bij ‘Wat als’.", "Solve a scenario under ‘What if’ first."),
    "compare.too_many": ("Hoogstens vier scenario's; de eerste vier worden getoond.",
                         "At most four scenarios; the first four are shown."),
    "compare.diff": ("Vetgedrukt: anders dan de case.", "In bold: different from the case."),
    "base": ("case", "case"),
    "actions_in": ("Acties erbij", "Actions added"),
    "actions_out": ("Acties eruit", "Actions removed"),
    "spend_of": ("Besteed: {name}", "Spent: {name}"),
    "domain": ("Domein", "Domain"),
    "every_domain": ("alle domeinen", "every domain"),
    "scales": ("Schalen van het budget", "Budget scales"),
    "frontier.go": ("Grens berekenen", "Compute the frontier"),
    "frontier.budget": ("Budget (EUR)", "Budget (EUR)"),
    "frontier.x": ("budget van {domain} (€ mln)", "budget of {domain} (EUR million)"),
    "spend_budget": ("Besteed / budget", "Spent / budget"),
    "language": ("Taal", "Language"),
    "token_missing": ("Geen toegang: open de link die `portfolio serve` toonde.",
                      "No access: open the link `portfolio serve` printed."),
}


class Words:
    """The page's words in one language."""

    def __init__(self, lang: str = "nl") -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
        self.lang = lang
        self._index = LANGS.index(lang)

    def __getitem__(self, key: str) -> str:
        return WORDS[key][self._index]

    def t(self, key: str, **fields) -> str:
        """The words `key` with their {fields} filled in."""
        return self[key].format(**fields)
