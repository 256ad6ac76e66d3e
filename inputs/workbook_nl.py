"""The Dutch words of a written workbook's header comments and checks (`init --lang nl`, `export --lang nl`):
the models' English descriptions, column by column and key by key, and the phrases around them."""

from __future__ import annotations

# Sheet -> column -> what the column means, in Dutch; "*" holds the columns every sheet may have.
COLUMNS: dict[str, dict[str, str]] = {
    "*": {
        "description": "vrije tekst",
        "source": "waar de cijfers van de rij vandaan komen",
        "annotations": "uw eigen x_-kolommen: bewaard en getoond, nooit gebruikt in een berekening",
    },
    "domains": {
        "domain": "id van het beleidsdomein, bv. werk",
        "name": "naam zoals getoond",
        "budget_eur": "totaal budget over de hele periode, EUR",
    },
    "budgets": {
        "domain": "een domein van het blad domains",
        "year": "kalenderjaar",
        "budget_eur": "budget van het domein in dat jaar, EUR",
    },
    "groups": {
        "group": "id van de doelgroep, bv. vrouwen_niet_eu",
        "name": "naam zoals getoond",
        "population": "personen in de groep die niet aan het werk zijn",
        "max_extra_jobs": "hoogstens zoveel extra jobs (personen) kan het hele pakket in de groep scheppen",
    },
    "barriers": {
        "barrier": "id van de drempel, bv. zorgtaken",
        "name": "naam zoals getoond",
        "priority": "prioritaire drempels moeten door gekozen acties aangepakt worden",
        "reason": "waarom de drempel wel of niet opgenomen is",
    },
    "actions": {
        "action": "id van de actie",
        "name": "naam zoals getoond",
        "lead_domain": "het domein dat de actie trekt",
        "barriers": "drempels die de actie aanpakt",
        "overlap_group": "acties met dezelfde waarde overlappen: hoogstens één ervan wordt gekozen",
        "requires": "acties die dan ook gekozen moeten worden",
        "earliest_start": "gefaseerd plan: eerste jaar waarin de actie mag starten; leeg: het eerste jaar van de "
                          "periode",
        "latest_start": "gefaseerd plan: laatste jaar waarin de actie mag starten; leeg: earliest_start",
        "ramp": "gefaseerd plan: aandeel van het volle effect na 1, 2, 3 ... jaar looptijd; leeg: 1",
        "proposed_by": "de werkgroep(en) met de actie in hun voorstel (ingevuld door portfolio merge; meerdere "
                       "gescheiden door ';')",
    },
    "costs": {
        "action": "een actie van het blad actions",
        "domain": "het domein dat dit deel betaalt",
        "cost_eur": "kost voor dit domein, EUR",
        "year": "jaar van de uitgave",
        "run_year": "gefaseerd plan: looptijdjaar waarin dit uitgegeven wordt (1: het jaar waarin de actie start)",
    },
    "reach": {
        "action": "een actie van het blad actions",
        "group": "een doelgroep van het blad groups",
        "reach": "personen van de groep die de actie bereikt",
        "effect": "aandeel van de bereikte personen dat aan het werk gaat",
        "effect_low": "onderkant van de marge van het effect",
        "effect_high": "bovenkant van de marge van het effect",
    },
    "synergies": {
        "action_a": "eerste actie",
        "action_b": "tweede actie",
        "group": "doelgroep waarin de wisselwerking zich toont",
        "extra_jobs": "extra jobs als beide gekozen zijn; negatief bij overlap",
    },
    "saturation": {
        "group": "een doelgroep van het blad groups",
        "direct_jobs": "een knikpunt op de jobs van de groep zonder plafond (directe jobs plus synergieën, "
                       "personen)",
        "jobs": "de jobs die bij dat knikpunt tellen (personen)",
    },
}

# A key of the `case` sheet (the part after `rules.min_group_share.` or `rules.start_in.` left out) -> meaning.
SETTINGS: dict[str, str] = {
    "name": "naam van de case, getoond in de rapporten",
    "objective": "max_jobs (zoveel mogelijk extra jobs) of min_cost (zo goedkoop mogelijk)",
    "jobs_target": "bij min_cost: totaal aantal extra jobs dat bereikt moet worden (personen)",
    "baseline.population": "personen in de leeftijdsgroep (bv. 20-64)",
    "baseline.employed": "personen aan het werk",
    "baseline.target_rate": "beoogde werkzaamheidsgraad, bv. 0.80",
    "target_year": "gefaseerd plan: het jaar waarvan de jobs tellen; standaard het laatste jaar van de periode",
    "rules.min_actions_per_priority_barrier": "gekozen acties die elke prioritaire drempel moeten aanpakken",
    "rules.min_actions_per_domain": "gekozen acties die elk domein moet trekken",
    "rules.max_actions": "hoogstens zoveel acties in het pakket",
    "rules.min_group_share": "doelgroep -> kleinste aandeel van alle extra jobs (0-1)",
    "rules.locked_in": "acties die gekozen moeten worden",
    "rules.locked_out": "acties die niet gekozen mogen worden",
    "rules.start_in": "gefaseerd plan: actie -> jaar; de actie wordt gekozen en start in dat jaar",
    "solver.backend": "de solver die rekent",
    "solver.time_limit_s": "tijdslimiet van de solver, seconden",
    "solver.mip_gap": "relatieve afstand tot de bewezen grens waarbij de solver stopt",
    "solver.threads": "threads van de solver",
    "solver.seed": "startwaarde van de toevalsgenerator",
}

# The phrases around the meanings, by their English key.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "id": "id (1-64 letters, digits, _ . -; no spaces)", "text": "text", "bool": "true or false",
        "whole": "whole number", "number": "number", "numbers": "numbers", "between": "{word} from {low} to {high}",
        "list_of": "list of {what} separated by '{sep}'", "ids": "ids", "required": "required.",
        "optional": "optional: leave empty when not set.", "pick": "Pick an id of the '{target}' sheet from the "
        "drop-down.", "default": "Default: {shown}.", "empty": "empty (not set)",
        "share_error": "{column} is a share: a number from 0 to 1 (0.15 for 15 %).",
        "amount_error": "{column} is a number of at least 0.", "bool_error": "{column} is TRUE or FALSE.",
        "key": "key\nA setting of case.yaml as a dotted key, e.g. rules.max_actions or "
               "rules.min_group_share.<group id>; unknown keys are an error.",
        "value": "value\nEmpty means not set (the default applies). Lists such as rules.locked_in: ids separated "
                 "by '{sep}'.",
        "listed_actions": "Action ids separated by '{sep}'.",
        "group_rows": "One row per group: the group id follows 'rules.min_group_share.', the value is a share "
                      "from 0 to 1.",
        "start_rows": "One row per action: the key is rules.start_in.<action id>, the value is the year (within "
                      "the action's earliest_start to latest_start).",
    },
    "nl": {
        "id": "id (1-64 letters, cijfers, _ . -; geen spaties)", "text": "tekst", "bool": "TRUE of FALSE",
        "whole": "geheel getal", "number": "getal", "numbers": "getallen", "between": "{word} van {low} tot {high}",
        "list_of": "lijst van {what} gescheiden door '{sep}'", "ids": "id's", "required": "verplicht.",
        "optional": "optioneel: leeg laten als het niet geldt.", "pick": "Kies een id van het blad '{target}' "
        "uit de keuzelijst.", "default": "Standaard: {shown}.", "empty": "leeg (niet ingesteld)",
        "share_error": "{column} is een aandeel: een getal van 0 tot 1 (0,15 voor 15 %).",
        "amount_error": "{column} is een getal van minstens 0.", "bool_error": "{column} is TRUE of FALSE.",
        "key": "key\nEen instelling van case.yaml als sleutel met punten, bv. rules.max_actions of "
               "rules.min_group_share.<id van de doelgroep>; een onbekende sleutel is een fout.",
        "value": "value\nLeeg betekent niet ingesteld (de standaardwaarde geldt). Lijsten zoals rules.locked_in: "
                 "id's gescheiden door '{sep}'.",
        "listed_actions": "Id's van acties gescheiden door '{sep}'.",
        "group_rows": "Eén rij per doelgroep: de id van de groep volgt op 'rules.min_group_share.', de waarde "
                      "is een aandeel van 0 tot 1.",
        "start_rows": "Eén rij per actie: de sleutel is rules.start_in.<id van de actie>, de waarde is het jaar "
                      "(tussen earliest_start en latest_start van de actie).",
    },
}
