"""Feedback per working group (issue 20, point 3): every proposal with its fate in the plan, and the probable
overlaps with other groups' proposals."""

from __future__ import annotations

from models.casedata import CaseData
from portfolio.proposals import cross_group_overlaps
from portfolio.reports.reasons import reasons
from portfolio.reports.working_groups import group_feedback
from portfolio.solve import solve
from tests.test_merge import flanders, flanders_dir, merged, parts  # noqa: F401 (fixtures)


def test_each_group_page_lists_every_proposal_with_its_fate(parts, flanders):
    base, proposals = parts
    case = merged(base, proposals)
    solution = solve(case, backend="highs")
    pages = group_feedback(case, solution)
    assert [p.group for p in pages] == list(dict.fromkeys(a.lead_domain for a in flanders.actions))
    listed = [f.action for p in pages for f in p.proposals]
    assert sorted(listed) == sorted(a.action for a in case.actions)
    chosen = set(solution.selected)
    why = reasons(CaseData.of(case), chosen)
    for page in pages:
        for fate in page.proposals:
            assert fate.chosen == (fate.action in chosen)
            assert fate.reason == (None if fate.chosen else why[fate.action].code)
            assert fate.chosen or fate.reason is not None
    assert sum(p.chosen for p in pages) == len(chosen)
    overlaps = cross_group_overlaps(case)
    assert overlaps  # the bundled case's lead domains are its working groups here
    for o in overlaps:
        on = [p.group for p in pages if o in p.overlaps]
        assert sorted(on) == sorted(a.proposed_by for a in case.actions if a.action in (o.a, o.b))


def test_a_phased_plan_gets_its_fates_with_start_years():
    import inputs
    from models import Case

    case = inputs.load_case(inputs.bundled_case_path())
    assert case.phased
    actions = tuple(a.model_copy(update={"proposed_by": a.lead_domain}) for a in case.actions)
    case = Case.model_validate({**{k: getattr(case, k) for k in Case.model_fields}, "actions": actions})
    solution = solve(case, backend="highs")
    pages = group_feedback(case, solution)
    fates = {f.action: f for p in pages for f in p.proposals}
    assert {a for a, f in fates.items() if f.chosen} == set(solution.selected)
    assert all(fates[a].start_year == y for a, y in solution.start_year.items())
    why = reasons(CaseData.of(case), solution.plan)
    assert all(f.reason == why[a].code for a, f in fates.items() if not f.chosen)


def test_the_report_of_a_merged_case_has_a_page_per_working_group(parts, tmp_path, flanders_dir):
    from click.testing import CliRunner

    import cli
    base, proposals = parts
    folder = tmp_path / "merged"
    merging = ["merge", str(base), *map(str, proposals), "--out", str(folder)]
    assert CliRunner().invoke(cli.main, merging).exit_code == 0
    for lang, words in (("nl", "voorstellen in het plan"), ("en", "proposals in the plan")):
        out = tmp_path / f"report-{lang}"
        done = CliRunner().invoke(cli.main, ["report", str(folder), "--out", str(out), "--format", "md,html",
                                             "--lang", lang])
        assert done.exit_code == 0, done.output
        page = (out / "working-groups.md").read_text(encoding="utf-8")
        case = merged(base, proposals)
        solution = solve(case, backend="highs")
        for g in group_feedback(case, solution):
            assert f"## {g.group}: {g.chosen} " in page and words in page
            for fate in g.proposals:
                assert f"| {fate.action} |" in page
        html = (out / "report.html").read_text(encoding="utf-8")
        assert 'id="working-groups"' in html and html.count('id="wg-') == len(group_feedback(case, solution))
    plain = tmp_path / "plain"  # a case without proposed_by has no such page
    reporting = ["report", str(flanders_dir), "--out", str(plain), "--format", "md"]
    assert CliRunner().invoke(cli.main, reporting).exit_code == 0
    assert (plain / "summary.md").exists() and not (plain / "working-groups.md").exists()
