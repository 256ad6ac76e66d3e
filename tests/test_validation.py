"""Bad inputs: each kind of mistake a planner can make in a case folder is reported as file:row:column.

Every test copies the template case, corrupts one thing, and checks that load_case raises
CaseError with an issue at the right file, line and column whose message says what is wrong.
Line numbers are lines of the file (the header is line 1); case.yaml issues carry the line of
the key and the dotted key as column.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

import inputs
from conftest import (
    add_column,
    append_row,
    assert_issue,
    delete_rows,
    drop_column,
    edit_csv,
    edit_yaml,
    find_issue,
    get_cell,
    issue_strings,
    line_of,
    load_issues,
    read_csv,
    read_yaml,
    rename_column,
    write_csv,
    write_yaml,
)
from models import CaseError, Issue

# The template's case.yaml, line by line (see inputs/cases/template/case.yaml):
#  1 name  2 objective  3 jobs_target  4 baseline  5 population  6 employed  7 target_rate
#  8 rules  9 min_actions_per_priority_barrier  10 min_actions_per_domain  11 max_actions
#  12 min_group_share  13 nieuwkomers  14 locked_in  15 locked_out
#  16 solver  17 backend  18 time_limit_s  19 mip_gap  20 threads  21 seed


def yaml_sub(folder: Path, old: str, new: str) -> None:
    """Replace one exact piece of the template's case.yaml text (keeps every other line in place)."""
    path = folder / "case.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in case.yaml exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def yaml_set(folder: Path, line: int, new: str) -> None:
    """Replace line `line` (1-based) of case.yaml by `new`."""
    path = folder / "case.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")


@dataclass(frozen=True)
class Bad:
    """One kind of bad input: how to corrupt the template and the issue it must give."""

    id: str
    corrupt: Callable[[Path], None]
    file: str
    row: int | None
    column: str | None
    words: tuple[str, ...]


def bad(id, corrupt, file, row, column, *words) -> Bad:
    return Bad(id, corrupt, file, row, column, words)


def _rm(name: str) -> Callable[[Path], None]:
    return lambda d: (d / name).unlink()


def _cell(file: str, row: int, column: str, value) -> Callable[[Path], None]:
    return lambda d: edit_csv(d / file, row, column, value)


def _cells(file: str, *edits) -> Callable[[Path], None]:
    def corrupt(d: Path) -> None:
        for row, column, value in edits:
            edit_csv(d / file, row, column, value)

    return corrupt


def _append(file: str, **values) -> Callable[[Path], None]:
    return lambda d: append_row(d / file, values)


def _both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def corrupt(d: Path) -> None:
        for step in steps:
            step(d)

    return corrupt


def _yaml(old: str, new: str) -> Callable[[Path], None]:
    return lambda d: yaml_sub(d, old, new)


def _yaml_line(line: int, new: str) -> Callable[[Path], None]:
    return lambda d: yaml_set(d, line, new)


BAD_INPUTS: list[Bad] = [
    # --- files -------------------------------------------------------------------------------------
    *[
        bad(f"missing-file-{name}", _rm(name), name, None, None, "missing", "required")
        for name in ("domains.csv", "groups.csv", "barriers.csv", "actions.csv", "costs.csv", "reach.csv")
    ],
    bad("missing-case-yaml", _rm("case.yaml"), "case.yaml", None, None, "missing"),
    bad(
        "misspelled-optional-file",
        lambda d: (d / "synergies.csv").rename(d / "synergy.csv"),
        "synergy.csv", None, None, "did you mean 'synergies.csv'",
    ),
    bad(
        "misspelled-case-yaml",
        lambda d: shutil.copy(d / "case.yaml", d / "case.yml"),
        "case.yml", None, None, "did you mean 'case.yaml'",
    ),
    bad("empty-file", lambda d: (d / "reach.csv").write_bytes(b""), "reach.csv", 1, None, "empty", "header"),
    bad(
        "header-only-required-file",
        lambda d: write_csv(d / "groups.csv", [read_csv(d / "groups.csv")[0]]),
        "groups.csv", None, None, "no rows",
    ),
    bad(
        "non-utf8-file",
        lambda d: (d / "groups.csv").write_bytes(
            (d / "groups.csv").read_text(encoding="utf-8").replace("Alleenstaande", "Alleenstaandé").encode("latin-1")
        ),
        "groups.csv", 3, None, "not utf-8", "0xe9",
    ),
    bad(
        "non-utf8-case-yaml",
        lambda d: (d / "case.yaml").write_bytes(b'objective: max_jobs\nname: "Plan \xe9t\xe9"\n'),
        "case.yaml", 2, None, "not utf-8",
    ),
    # --- columns ----------------------------------------------------------------------------------
    *[
        bad(f"missing-column-{file}-{col}", lambda d, f=file, c=col: drop_column(d / f, c), file, 1, col, "required column", "missing")
        for file, col in (
            ("domains.csv", "budget_eur"),
            ("actions.csv", "barriers"),
            ("reach.csv", "effect"),
            ("costs.csv", "cost_eur"),
            ("barriers.csv", "priority"),
        )
    ],
    bad(
        "unknown-column-did-you-mean",
        lambda d: rename_column(d / "reach.csv", "effect_high", "efect_high"),
        "reach.csv", 1, "efect_high", "unknown column", "did you mean 'effect_high'", "x_",
    ),
    bad(
        "unknown-column-no-close-match",
        lambda d: add_column(d / "domains.csv", "owner", "team"),
        "domains.csv", 1, "owner", "unknown column", "known columns are", "x_",
    ),
    bad(
        "duplicate-column",
        lambda d: add_column(d / "groups.csv", "name", "again"),
        "groups.csv", 1, "name", "twice",
    ),
    bad(
        "column-without-name",
        lambda d: add_column(d / "groups.csv", "", "x"),
        "groups.csv", 1, None, "no name",
    ),
    # --- cells ------------------------------------------------------------------------------------
    bad("empty-required-cell", _cell("groups.csv", 3, "name", ""), "groups.csv", 3, "name", "empty", "required"),
    bad("blank-required-cell", _cell("domains.csv", 4, "budget_eur", "   "), "domains.csv", 4, "budget_eur", "empty"),
    bad("non-number", _cell("costs.csv", 4, "cost_eur", "abc"), "costs.csv", 4, "cost_eur", "'abc'", "not a number"),
    bad(
        "comma-decimal-separator",
        _cell("reach.csv", 5, "effect", "0,1"),
        "reach.csv", 5, "effect", "'0,1'", "not a number", "decimal separator",
    ),
    bad(
        "thousands-separator",
        _cell("domains.csv", 2, "budget_eur", "3,000,000"),
        "domains.csv", 2, "budget_eur", "not a number", "thousands separator",
    ),
    bad("nan-number", _cell("costs.csv", 6, "cost_eur", "nan"), "costs.csv", 6, "cost_eur", "nan", "finite"),
    bad("infinite-number", _cell("domains.csv", 2, "budget_eur", "inf"), "domains.csv", 2, "budget_eur", "inf", "finite"),
    bad("negative-cost", _cell("costs.csv", 14, "cost_eur", "-5000"), "costs.csv", 14, "cost_eur", "-5000", ">= 0"),
    bad("negative-budget", _cell("domains.csv", 3, "budget_eur", "-1"), "domains.csv", 3, "budget_eur", "-1", ">= 0"),
    bad("negative-year-budget", _cell("budgets.csv", 5, "budget_eur", "-10"), "budgets.csv", 5, "budget_eur", "-10", ">= 0"),
    bad("negative-reach", _cell("reach.csv", 2, "reach", "-4"), "reach.csv", 2, "reach", "-4", ">= 0"),
    bad("negative-max-extra-jobs", _cell("groups.csv", 4, "max_extra_jobs", "-1"), "groups.csv", 4, "max_extra_jobs", ">= 0"),
    bad(
        "population-not-whole",
        _cell("groups.csv", 2, "population", "4000.5"),
        "groups.csv", 2, "population", "4000.5", "not a whole number",
    ),
    bad("year-not-whole", _cell("costs.csv", 3, "year", "2027.5"), "costs.csv", 3, "year", "not a whole number"),
    bad("year-out-of-range", _cell("budgets.csv", 2, "year", "26"), "budgets.csv", 2, "year", "26", ">= 1900"),
    bad("id-with-space", _cell("domains.csv", 4, "domain", "mobi liteit"), "domains.csv", 4, "domain", "'mobi liteit'", "not a valid id"),
    bad("id-with-accent", _cell("groups.csv", 4, "group", "jongéren"), "groups.csv", 4, "group", "not a valid id", "accents"),
    bad("id-too-long", _cell("barriers.csv", 5, "barrier", "b" * 65), "barriers.csv", 5, "barrier", "not a valid id", "1-64"),
    bad(
        "bad-id-in-list",
        _cell("actions.csv", 5, "barriers", "integratie_taal;digitale vaardigheden"),
        "actions.csv", 5, "barriers", "'digitale vaardigheden'", "not a valid id",
    ),
    bad("bad-bool-ja", _cell("barriers.csv", 3, "priority", "ja"), "barriers.csv", 3, "priority", "'ja'", "true or false"),
    bad("bad-bool-1", _cell("barriers.csv", 4, "priority", "1"), "barriers.csv", 4, "priority", "'1'", "true or false"),
    bad(
        "row-with-too-many-cells",
        lambda d: write_csv(d / "domains.csv", [r + ["extra"] if i == 2 else r for i, r in enumerate(read_csv(d / "domains.csv"))]),
        "domains.csv", 3, None, "5 cells", "4 columns",
    ),
    # --- duplicate ids ---------------------------------------------------------------------------
    bad("duplicate-domain", _cell("domains.csv", 4, "domain", "werk"), "domains.csv", 4, "domain", "'werk'", "appears again", "line 2"),
    bad("duplicate-group", _cell("groups.csv", 3, "group", "nieuwkomers"), "groups.csv", 3, "group", "'nieuwkomers'", "appears again", "line 2"),
    bad("duplicate-barrier", _cell("barriers.csv", 5, "barrier", "mobiliteit"), "barriers.csv", 5, "barrier", "'mobiliteit'", "appears again", "line 4"),
    bad("duplicate-action", _cell("actions.csv", 9, "action", "T07"), "actions.csv", 9, "action", "'T07'", "appears again", "line 8"),
    # --- actions.csv references -----------------------------------------------------------------------
    bad("unknown-lead-domain", _cell("actions.csv", 3, "lead_domain", "welzyn"), "actions.csv", 3, "lead_domain", "unknown domain 'welzyn'"),
    bad(
        "unknown-barrier-in-list",
        _cell("actions.csv", 5, "barriers", "integratie_taal;digitaal"),
        "actions.csv", 5, "barriers", "unknown barrier 'digitaal'",
    ),
    bad(
        "duplicate-barrier-in-list",
        _cell("actions.csv", 4, "barriers", "zorgtaken;zorgtaken"),
        "actions.csv", 4, "barriers", "'zorgtaken'", "2 times",
    ),
    bad("empty-barriers-list", _cell("actions.csv", 7, "barriers", ""), "actions.csv", 7, "barriers", "empty"),
    bad("separators-only-barriers-list", _cell("actions.csv", 7, "barriers", " ; ;"), "actions.csv", 7, "barriers", "empty", "at least one"),
    bad("unknown-required-action", _cell("actions.csv", 6, "requires", "T99"), "actions.csv", 6, "requires", "unknown action 'T99'"),
    bad("action-requires-itself", _cell("actions.csv", 6, "requires", "T05"), "actions.csv", 6, "requires", "'T05'", "requires itself"),
    bad(
        "requires-same-overlap-group",
        _cell("actions.csv", 3, "requires", "T01"),
        "actions.csv", 3, "requires", "'T01'", "same overlap_group", "'opvang'", "never be chosen",
    ),
    bad("duplicate-required-action", _cell("actions.csv", 6, "requires", "T04;T04"), "actions.csv", 6, "requires", "'T04'", "2 times"),
    bad("bad-overlap-group-id", _cell("actions.csv", 2, "overlap_group", "op vang"), "actions.csv", 2, "overlap_group", "not a valid id"),
    # --- costs.csv -------------------------------------------------------------------------------
    bad("cost-unknown-action", _cell("costs.csv", 3, "action", "T99"), "costs.csv", 3, "action", "unknown action 'T99'"),
    bad("cost-unknown-domain", _cell("costs.csv", 12, "domain", "onderwijs"), "costs.csv", 12, "domain", "unknown domain 'onderwijs'"),
    bad(
        "duplicate-cost-row",
        _cell("costs.csv", 3, "year", "2026"),
        "costs.csv", 3, "domain", "T01/welzijn/2026", "appears again", "line 2",
    ),
    # --- reach.csv -------------------------------------------------------------------------------
    bad("reach-unknown-group", _cell("reach.csv", 9, "group", "jongere"), "reach.csv", 9, "group", "unknown group 'jongere'"),
    bad("reach-unknown-action", _cell("reach.csv", 13, "action", "T88"), "reach.csv", 13, "action", "unknown action 'T88'"),
    bad(
        "reach-above-population",
        _cell("reach.csv", 3, "reach", "3500"),
        "reach.csv", 3, "reach", "3500", "exceeds the population 3000", "'ouders'",
    ),
    bad("effect-above-1", _cell("reach.csv", 6, "effect", "1.5"), "reach.csv", 6, "effect", "1.5", "<= 1"),
    bad("effect-negative", _cell("reach.csv", 6, "effect", "-0.1"), "reach.csv", 6, "effect", ">= 0"),
    bad("effect-high-above-1", _cell("reach.csv", 7, "effect_high", "2"), "reach.csv", 7, "effect_high", "<= 1"),
    bad("effect-low-above-effect", _cell("reach.csv", 2, "effect_low", "0.2"), "reach.csv", 2, "effect_low", "0.2", "above effect 0.15"),
    bad("effect-high-below-effect", _cell("reach.csv", 4, "effect_high", "0.05"), "reach.csv", 4, "effect_high", "0.05", "below effect 0.1"),
    bad(
        "duplicate-reach-row",
        _cells("reach.csv", (5, "action", "T02")),
        "reach.csv", 5, "group", "T02/ouders", "appears again", "line 3",
    ),
    # --- synergies.csv -----------------------------------------------------------------------------
    bad("synergy-with-itself", _cell("synergies.csv", 2, "action_b", "T04"), "synergies.csv", 2, "action_b", "'T04'", "same action"),
    bad(
        "duplicate-synergy-pair",
        _append("synergies.csv", action_a="T04", action_b="T05", group="nieuwkomers", extra_jobs="5"),
        "synergies.csv", 5, "action_b", "T04/T05", "appears again", "line 2",
    ),
    bad(
        "duplicate-synergy-pair-reversed",
        _append("synergies.csv", action_a="T05", action_b="T04", group="nieuwkomers", extra_jobs="5"),
        "synergies.csv", 5, "action_b", "appears again", "line 2",
    ),
    bad(
        "synergy-same-overlap-group",
        _append("synergies.csv", action_a="T01", action_b="T02", group="ouders", extra_jobs="5"),
        "synergies.csv", 5, "action_b", "overlap_group 'opvang'", "never", "both be chosen",
    ),
    bad(
        "negative-synergy-above-smaller-action",
        _cell("synergies.csv", 3, "extra_jobs", "-51"),
        "synergies.csv", 3, "extra_jobs", "-51", "smaller of the two actions", "50",
    ),
    bad("synergy-unknown-action", _cell("synergies.csv", 4, "action_a", "T66"), "synergies.csv", 4, "action_a", "unknown action 'T66'"),
    bad("synergy-unknown-group", _cell("synergies.csv", 4, "group", "jeugd"), "synergies.csv", 4, "group", "unknown group 'jeugd'"),
    # --- budgets.csv and cost years ---------------------------------------------------------------
    bad("cost-year-missing-with-budgets", _cell("costs.csv", 9, "year", ""), "costs.csv", 9, "year", "empty", "budgets.csv", "year"),
    bad("cost-year-without-budget-row", _cell("costs.csv", 16, "year", "2028"), "costs.csv", 16, "year", "2028", "no budget", "'mobiliteit'"),
    bad("budget-unknown-domain", _cell("budgets.csv", 7, "domain", "mobility"), "budgets.csv", 7, "domain", "unknown domain 'mobility'"),
    bad("duplicate-budget-row", _cell("budgets.csv", 3, "year", "2026"), "budgets.csv", 3, "year", "werk/2026", "appears again", "line 2"),
    bad(
        "header-only-budgets-file",
        lambda d: write_csv(d / "budgets.csv", [["domain", "year", "budget_eur"]]),
        "budgets.csv", None, None, "no rows",
    ),
    # --- case.yaml ---------------------------------------------------------------------------------
    bad("yaml-syntax", _yaml_line(10, "  min_actions_per_domain: : 1 ]"), "case.yaml", 10, None, "not valid yaml"),
    bad("yaml-bad-indentation", _yaml_line(18, "    time_limit_s: 60"), "case.yaml", 18, None, "not valid yaml"),
    bad("yaml-not-a-mapping", lambda d: (d / "case.yaml").write_text("- a\n- b\n"), "case.yaml", 1, None, "mapping"),
    bad("yaml-empty-no-name", lambda d: (d / "case.yaml").write_text(""), "case.yaml", None, "name", "missing"),
    bad("yaml-unknown-top-key", _yaml_line(3, "jobs_targt: null"), "case.yaml", 3, "jobs_targt", "unknown key", "did you mean 'jobs_target'"),
    bad(
        "yaml-unknown-nested-key",
        _yaml_line(11, "  max_actionz: 5"),
        "case.yaml", 11, "rules.max_actionz", "unknown key", "did you mean 'max_actions'", "known keys are",
    ),
    bad("yaml-unknown-solver-key", _yaml_line(21, "  sead: 3"), "case.yaml", 21, "solver.sead", "unknown key", "did you mean 'seed'"),
    bad("yaml-unknown-baseline-key", _yaml_line(6, "  employd: 75000"), "case.yaml", 6, "baseline.employd", "unknown key", "did you mean 'employed'"),
    bad("yaml-threads-not-whole", _yaml_line(20, "  threads: 1.5"), "case.yaml", 20, "solver.threads", "1.5", "not a whole number"),
    bad("yaml-max-actions-text", _yaml_line(11, "  max_actions: ten"), "case.yaml", 11, "rules.max_actions", "'ten'", "not a whole number"),
    bad("yaml-negative-time-limit", _yaml_line(18, "  time_limit_s: -5"), "case.yaml", 18, "solver.time_limit_s", "-5", "> 0"),
    bad("yaml-mip-gap-above-1", _yaml_line(19, "  mip_gap: 5"), "case.yaml", 19, "solver.mip_gap", "<= 1"),
    bad("yaml-rules-not-mapping", _yaml("rules:\n  min_actions_per_priority_barrier: 1\n  min_actions_per_domain: 1\n  max_actions: null\n  min_group_share:\n    nieuwkomers: 0.15\n  locked_in: []\n  locked_out: []\n", "rules: 5\n"), "case.yaml", 8, "rules", "mapping"),
    bad("yaml-objective-not-allowed", _yaml_line(2, "objective: max_job"), "case.yaml", 2, "objective", "'max_job'", "max_jobs", "min_cost"),
    bad("yaml-min-cost-without-target", _yaml_line(2, "objective: min_cost"), "case.yaml", 3, "jobs_target", "min_cost"),
    bad("yaml-jobs-target-zero", _yaml_line(3, "jobs_target: 0"), "case.yaml", 3, "jobs_target", "> 0"),
    bad(
        "yaml-share-unknown-group",
        _yaml_line(13, "    nieuwkomerz: 0.15"),
        "case.yaml", 13, "rules.min_group_share.nieuwkomerz", "unknown group 'nieuwkomerz'",
    ),
    bad(
        "yaml-shares-above-1",
        _yaml_line(13, "    nieuwkomers: 0.6\n    ouders: 0.5"),
        "case.yaml", 12, "rules.min_group_share", "1.1", "above 1",
    ),
    bad("yaml-share-above-1", _yaml_line(13, "    nieuwkomers: 1.5"), "case.yaml", 13, "rules.min_group_share.nieuwkomers", "1.5", "<= 1"),
    bad(
        "yaml-share-bad-group-id",
        _yaml_line(13, '    "nieuw komers": 0.15'),
        "case.yaml", 13, "rules.min_group_share.nieuw komers", "not a valid id",
    ),
    bad("yaml-locked-in-unknown", _yaml_line(14, "  locked_in: [T01, T99]"), "case.yaml", 14, "rules.locked_in", "unknown action 'T99'"),
    bad("yaml-locked-out-unknown", _yaml_line(15, "  locked_out: [T0]"), "case.yaml", 15, "rules.locked_out", "unknown action 'T0'"),
    bad(
        "yaml-locked-in-and-out",
        _both(_yaml_line(14, "  locked_in: [T03]"), _yaml_line(15, "  locked_out: [T03]")),
        "case.yaml", 15, "rules.locked_out", "'T03'", "locked in and locked out",
    ),
    bad("yaml-duplicate-locked", _yaml_line(14, "  locked_in: [T03, T03]"), "case.yaml", 14, "rules.locked_in", "'T03'", "2 times"),
    bad("yaml-locked-bad-id", _yaml_line(14, "  locked_in: [T 03]"), "case.yaml", 14, "rules.locked_in.0", "not a valid id"),
    bad(
        "yaml-employed-above-population",
        _yaml_line(6, "  employed: 200000"),
        "case.yaml", 6, "baseline.employed", "200000", "exceeds population 100000",
    ),
    bad("yaml-target-rate-above-1", _yaml_line(7, "  target_rate: 80"), "case.yaml", 7, "baseline.target_rate", "<= 1"),
    bad("yaml-backend-unknown", _yaml_line(17, "  backend: gurobi"), "case.yaml", 17, "solver.backend", "'gurobi'", "highs"),
    bad("yaml-negative-min-actions", _yaml_line(10, "  min_actions_per_domain: -1"), "case.yaml", 10, "rules.min_actions_per_domain", ">= 0"),
]


def test_enough_kinds_of_bad_input():
    assert len({b.id for b in BAD_INPUTS}) == len(BAD_INPUTS), "duplicate ids"
    assert len(BAD_INPUTS) >= 35


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[b.id for b in BAD_INPUTS])
def test_bad_input_is_located(case: Bad, template_dir: Path):
    case.corrupt(template_dir)
    issue = assert_issue(template_dir, case.file, case.row, case.column, *case.words)
    assert issue.message.strip(), "an issue needs a message"


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[b.id for b in BAD_INPUTS])
def test_bad_input_message_is_printable(case: Bad, template_dir: Path):
    """Every issue prints as file[:row][:column]: message, and the CaseError text lists them all."""
    case.corrupt(template_dir)
    with pytest.raises(CaseError) as info:
        inputs.load_case(template_dir)
    text = str(info.value)
    for issue in info.value.issues:
        assert isinstance(issue, Issue)
        assert issue.file and isinstance(issue.file, str)
        assert issue.row is None or (isinstance(issue.row, int) and issue.row >= 1)
        assert str(issue) in text
        assert "None" not in str(issue).split(": ", 1)[0], f"location shows None: {issue}"


# --- accepted input ----------------------------------------------------------------------------


def test_template_loads(template_dir: Path):
    case = inputs.load_case(template_dir)
    assert [a.action for a in case.actions] == [f"T0{i}" for i in range(1, 9)]
    assert case.budgets is not None and len(case.budgets) == 6


def test_x_columns_are_accepted_and_kept(template_dir: Path):
    add_column(template_dir / "reach.csv", "x_study", ["Smith 2020"] + [""] * 11)
    add_column(template_dir / "domains.csv", "x_contact", ["An", "Bo", "Cas"])
    case = inputs.load_case(template_dir)
    assert case.reach[0].annotations == {"x_study": "Smith 2020"}
    assert case.reach[1].annotations == {}  # an empty x_ cell is "not set"
    assert [d.annotations["x_contact"] for d in case.domains] == ["An", "Bo", "Cas"]
    assert case.actions[0].annotations == {"x_owner": "werkgroep zorg"}


def test_description_and_source_columns_are_accepted(template_dir: Path):
    add_column(template_dir / "costs.csv", "source", "begroting 2026")
    add_column(template_dir / "barriers.csv", "description", "uitleg")
    case = inputs.load_case(template_dir)
    assert {c.source for c in case.costs} == {"begroting 2026"}
    assert {b.description for b in case.barriers} == {"uitleg"}


def test_bom_is_accepted(template_dir: Path):
    for name in ("domains.csv", "case.yaml"):
        path = template_dir / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    case = inputs.load_case(template_dir)
    assert case.domains[0].domain == "werk"
    assert case.name == "Template: small example plan"


def test_crlf_line_ends_are_accepted(template_dir: Path):
    path = template_dir / "groups.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert [g.group for g in inputs.load_case(template_dir).groups] == ["nieuwkomers", "ouders", "jongeren"]


def test_column_order_is_free(template_dir: Path, template_case):
    rows = read_csv(template_dir / "costs.csv")
    write_csv(template_dir / "costs.csv", [list(reversed(r)) for r in rows])
    assert inputs.load_case(template_dir) == template_case


def test_bool_in_any_case_is_accepted(template_dir: Path):
    edit_csv(template_dir / "barriers.csv", 2, "priority", "TRUE")
    edit_csv(template_dir / "barriers.csv", 5, "priority", "False")
    case = inputs.load_case(template_dir)
    assert case.barriers[0].priority is True and case.barriers[3].priority is False


def test_optional_files_may_be_left_out(template_dir: Path):
    (template_dir / "synergies.csv").unlink()
    (template_dir / "budgets.csv").unlink()
    delete_rows(template_dir / "costs.csv", year="2027")
    drop_column(template_dir / "costs.csv", "year")
    case = inputs.load_case(template_dir)
    assert case.synergies == () and case.budgets is None


def test_min_cost_with_a_jobs_target_loads(template_dir: Path):
    edit_yaml(template_dir / "case.yaml", "objective", "min_cost")
    edit_yaml(template_dir / "case.yaml", "jobs_target", 120.5)
    case = inputs.load_case(template_dir)
    assert case.objective == "min_cost" and case.jobs_target == 120.5


def test_minimal_case_yaml_takes_the_defaults(template_dir: Path):
    write_yaml(template_dir / "case.yaml", {"name": "Kort"})
    case = inputs.load_case(template_dir)
    assert case.objective == "max_jobs" and case.baseline is None
    assert case.rules.min_actions_per_priority_barrier == 1 and case.rules.max_actions is None
    assert case.solver.backend == "auto" and case.solver.threads == 1


def test_rewritten_case_yaml_is_located_by_its_own_lines(template_dir: Path):
    """Whatever the layout of case.yaml, an issue carries the line where its key is written."""
    data = read_yaml(template_dir / "case.yaml")
    data["solver"]["thread"] = 2
    write_yaml(template_dir / "case.yaml", {"solver": data["solver"], **{k: v for k, v in data.items() if k != "solver"}})
    line = line_of(template_dir / "case.yaml", "  thread: 2")
    assert_issue(template_dir, "case.yaml", line, "solver.thread", "unknown key", "did you mean 'threads'")


# --- every problem at once -----------------------------------------------------------------------


# Each entry: edits (csv file, line, column, value; or "case.yaml", line, None, new line text), then the issues
# expected (file, line, column, words); `exact` when no other issue may appear.
AT_ONCE = {
    "three errors in one file": (
        [("domains.csv", 2, "budget_eur", "-1"), ("domains.csv", 3, "name", ""),
         ("domains.csv", 4, "domain", "mobi liteit")],
        [("domains.csv", 2, "budget_eur", ">= 0"), ("domains.csv", 3, "name", "empty"),
         ("domains.csv", 4, "domain", "not a valid id")],
        True,
    ),
    "three cross-row errors in one file": (
        [("reach.csv", 3, "reach", "3500"), ("reach.csv", 8, "group", "niemand"),
         ("reach.csv", 12, "effect_high", "0.01")],
        [("reach.csv", 3, "reach", "exceeds the population"), ("reach.csv", 8, "group", "unknown group"),
         ("reach.csv", 12, "effect_high", "below effect")],
        True,
    ),
    "errors in several files": (
        [("costs.csv", 5, "cost_eur", "veel"), ("barriers.csv", 2, "priority", "ja"),
         ("case.yaml", 20, None, "  threads: many")],
        [("costs.csv", 5, "cost_eur", "not a number"), ("barriers.csv", 2, "priority", "true or false"),
         ("case.yaml", 20, "solver.threads", "not a whole number")],
        True,
    ),
    "cross-row errors in several files": (
        [("actions.csv", 4, "lead_domain", "nergens"), ("synergies.csv", 4, "group", "niemand"),
         ("budgets.csv", 2, "domain", "elders"), ("case.yaml", 14, None, "  locked_in: [T42]")],
        [("actions.csv", 4, "lead_domain", "unknown domain 'nergens'"),
         ("synergies.csv", 4, "group", "unknown group 'niemand'"),
         ("budgets.csv", 2, "domain", "unknown domain 'elders'"),
         ("case.yaml", 14, "rules.locked_in", "unknown action 'T42'")],
        False,
    ),
}


@pytest.mark.parametrize("name", list(AT_ONCE))
def test_every_problem_is_reported_at_once(template_dir: Path, name: str):
    edits, expected, exact = AT_ONCE[name]
    for file, line, column, value in edits:
        if file == "case.yaml":
            yaml_set(template_dir, line, value)
        else:
            edit_csv(template_dir / file, line, column, value)
    issues = load_issues(template_dir)
    if exact:
        assert len(issues) == len(expected), issues
    for file, line, column, words in expected:
        find_issue(issues, file, line, column, words)


def test_a_renamed_column_is_reported_with_the_other_files_problems(template_dir: Path):
    rename_column(template_dir / "reach.csv", "effect_low", "effect_lo")
    edit_csv(template_dir / "costs.csv", 5, "cost_eur", "veel")
    issues = load_issues(template_dir)
    find_issue(issues, "reach.csv", 1, "effect_lo", "unknown column", "did you mean 'effect_low'")
    find_issue(issues, "costs.csv", 5, "cost_eur", "not a number")


def test_several_problems_in_one_row_are_all_reported(template_dir: Path):
    edit_csv(template_dir / "reach.csv", 2, "reach", "x")
    edit_csv(template_dir / "reach.csv", 2, "effect", "y")
    issues = load_issues(template_dir)
    find_issue(issues, "reach.csv", 2, "reach", "not a number")
    find_issue(issues, "reach.csv", 2, "effect", "not a number")


# --- line numbers are lines of the file -------------------------------------------------------------


def test_line_numbers_count_blank_lines(template_dir: Path):
    path = template_dir / "reach.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "")  # a blank line 4; the old line 4 (T02,nieuwkomers) becomes line 5
    lines.insert(6, ",,,,,")  # an empty row of separators, line 7
    path.write_text("\n".join(lines), encoding="utf-8")
    assert read_csv(path)[4][:2] == ["T02", "nieuwkomers"]
    edit_csv(path, 5, "reach", "5000")  # edits line 5 of the new file (csv lines == file lines here)
    assert_issue(template_dir, "reach.csv", 5, "reach", "5000", "exceeds the population 4000")


def test_line_numbers_after_a_blank_line_for_parse_errors(template_dir: Path):
    path = template_dir / "costs.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(1, "")
    lines[5] = lines[5].replace("700000", "zeven")  # T02,welzijn,700000,2027 now on line 6
    path.write_text("\n".join(lines), encoding="utf-8")
    assert_issue(template_dir, "costs.csv", 6, "cost_eur", "'zeven'", "not a number")


def test_line_numbers_after_a_cell_spanning_lines(template_dir: Path):
    path = template_dir / "groups.csv"
    edit_csv(path, 2, "description", "first line\nsecond line\nthird line")
    text = path.read_text(encoding="utf-8")
    assert text.split("\n")[4].startswith("ouders"), "ouders should now be on line 5"
    edit_csv_text = text.replace("ouders,Alleenstaande ouders,3000", "ouders,Alleenstaande ouders,drie")
    path.write_text(edit_csv_text, encoding="utf-8")
    assert_issue(template_dir, "groups.csv", 5, "population", "'drie'", "not a whole number")


def test_cross_row_line_numbers_after_a_cell_spanning_lines(template_dir: Path):
    path = template_dir / "actions.csv"
    edit_csv(path, 2, "name", "Extra kinderopvang\n(klein)")
    text = path.read_text(encoding="utf-8").replace("T03,Flexibele opvanguren,welzijn", "T03,Flexibele opvanguren,welzyn")
    path.write_text(text, encoding="utf-8")
    assert_issue(template_dir, "actions.csv", 5, "lead_domain", "unknown domain 'welzyn'")


def test_line_numbers_with_blank_lines_in_case_yaml(template_dir: Path):
    text = (template_dir / "case.yaml").read_text(encoding="utf-8")
    text = "# my plan\n\n" + text.replace("  max_actions: null", "  max_actions: veel")
    (template_dir / "case.yaml").write_text(text, encoding="utf-8")
    assert_issue(template_dir, "case.yaml", 13, "rules.max_actions", "not a whole number")


# --- paths -------------------------------------------------------------------------------------------


def test_missing_folder(tmp_path: Path):
    issues = load_issues(tmp_path / "nothing")
    assert len(issues) == 1 and "does not exist" in issues[0].message


def test_missing_workbook(tmp_path: Path):
    issues = load_issues(tmp_path / "nothing.xlsx")
    assert len(issues) == 1 and "does not exist" in issues[0].message


def test_a_file_instead_of_a_folder(tmp_path: Path):
    path = tmp_path / "case.csv"
    path.write_text("a,b\n")
    issues = load_issues(path)
    assert "not a folder" in issues[0].message


def test_issue_format(template_dir: Path):
    """Issues print as file:row:column: message, the value and the rule in the message."""
    edit_csv(template_dir / "costs.csv", 14, "cost_eur", "-5000")
    (line,) = issue_strings(template_dir)
    assert line.startswith("costs.csv:14:cost_eur: ")
    assert "-5000" in line and ">= 0" in line


def test_unchanged_template_cell_helpers(template_dir: Path):
    """The helpers address rows by file line: line 2 is the first data row."""
    assert get_cell(template_dir / "costs.csv", 14, "action") == "T06"
    assert get_cell(template_dir / "reach.csv", 3, "group") == "ouders"


# --- inputs that must not crash or mislead --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('name: x\nrules: &r\n  locked_in: *r\n', id="alias-refers-to-its-own-mapping"),
        pytest.param("name: x\nbaseline: &b [*b]\n", id="alias-refers-to-its-own-list"),
        pytest.param("name: x\nrules: " + "[" * 2000 + "]" * 2000 + "\n", id="nested-2000-deep"),
    ],
)
def test_yaml_that_refers_to_itself_is_a_case_error(template_dir: Path, text: str):
    """A self-referencing alias or absurd nesting is bad input: CaseError, never RecursionError."""
    (template_dir / "case.yaml").write_text(text, encoding="utf-8")
    issues = load_issues(template_dir)
    assert any(i.file == "case.yaml" for i in issues)


def issue_column(issues: list[Issue], row: int) -> str | None:
    """The column of the first issue on `row` (for checks that do not pin the column)."""
    return next((i.column for i in issues if i.row == row), None)


def test_yaml_null_key_is_located_without_none(template_dir: Path):
    yaml_set(template_dir, 3, "~: null")
    issues = load_issues(template_dir)
    issue = find_issue(issues, "case.yaml", 3, issue_column(issues, 3), "key")
    assert "None" not in str(issue).split(": ", 1)[0], str(issue)


def test_yaml_missing_required_key_is_located_at_its_section(template_dir: Path):
    """A missing key has no line of its own: point at its section's line and say it is missing."""
    yaml_set(template_dir, 6, "")
    assert_issue(template_dir, "case.yaml", 4, "baseline.employed", "missing")


def test_yaml_missing_name_says_missing(template_dir: Path):
    yaml_set(template_dir, 1, "")
    assert_issue(template_dir, "case.yaml", None, "name", "missing")


def test_semicolon_separated_file_is_read(template_dir: Path, template_case):
    """Excel in a Dutch or Belgian locale saves CSV with ';': such a file is read (tests/test_csv_dialect.py)."""
    path = template_dir / "domains.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    read = inputs.load_case(template_dir)
    assert [d.budget_eur for d in read.domains] == [d.budget_eur for d in template_case.domains]
    assert read.domains[1].name == "Welzijn; gezin en kinderopvang"  # the quoted comma was replaced too


def test_unterminated_quote_is_reported_at_its_line(template_dir: Path):
    """A quote that is never closed swallows the rest of the file; say so, at the line where it opens."""
    path = template_dir / "domains.csv"
    text = path.read_text(encoding="utf-8").replace("mobiliteit,Mobiliteit,", 'mobiliteit,"Mobiliteit,')
    path.write_text(text, encoding="utf-8")
    issues = load_issues(template_dir)
    assert any(i.file == "domains.csv" and i.row == 4 and "quote" in i.message.lower() for i in issues), issues


def test_case_file_with_upper_case_extension_is_not_ignored(template_dir: Path):
    """`synergies.CSV` must not be skipped silently (it is read on Windows and macOS)."""
    (template_dir / "synergies.csv").rename(template_dir / "synergies.CSV")
    try:
        case = inputs.load_case(template_dir)
    except CaseError as err:
        find_issue(list(err.issues), "synergies.CSV", None, None, "synergies.csv")
    else:
        assert len(case.synergies) == 3, "synergies.CSV was ignored silently"
