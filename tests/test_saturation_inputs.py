"""saturation.csv (spec 4.2) in a case folder and a workbook: read into the case's curves, every broken rule
one located message."""

from __future__ import annotations

import re

import pytest

import inputs
from models import CaseError
from models.saturation import Curve
from tests.conftest import write_csv

HEADER = ["group", "direct_jobs", "jobs"]


def _issues(folder) -> list[str]:
    with pytest.raises(CaseError) as err:
        inputs.load_case(folder)
    return [str(i) for i in err.value.issues]


def test_a_folder_without_saturation_has_no_curves(template_dir):
    case = inputs.load_case(template_dir)
    assert case.saturation is None
    assert all(case.curve(g.group) is None for g in case.groups)


def test_a_folder_reads_each_groups_points_in_order(template_dir):
    write_csv(template_dir / "saturation.csv",
              [HEADER, ["nieuwkomers", 100, 90], ["ouders", 50, 25], ["nieuwkomers", 300, 150]])
    case = inputs.load_case(template_dir)
    assert case.curve("nieuwkomers") == Curve(((100.0, 90.0), (300.0, 150.0)))
    assert case.curve("ouders") == Curve(((50.0, 25.0),))
    assert case.curve("jongeren") is None


@pytest.mark.parametrize("row, expected", [
    (["nieuwkomer", 100, 90], "saturation.csv:2:group: unknown group 'nieuwkomer'"),
    (["nieuwkomers", 0, 90], "saturation.csv:2:direct_jobs: 0 is too small; direct_jobs must be > 0"),
    (["nieuwkomers", 100, -4], "saturation.csv:2:jobs: -4 is too small; jobs must be > 0"),
    (["nieuwkomers", 100, 120], "saturation.csv:2:jobs: 120 makes the slope from (0, 0) 1.2, which is above 1"),
])
def test_a_broken_point_is_named_by_file_row_and_column(template_dir, row, expected):
    write_csv(template_dir / "saturation.csv", [HEADER, row])
    issues = _issues(template_dir)
    assert len(issues) == 1 and issues[0].startswith(expected), issues


@pytest.mark.parametrize("second, expected", [
    (["nieuwkomers", 100, 95], "saturation.csv:3:direct_jobs: 100 is not above 100 of line 2; list a group's points "
                               "by increasing direct_jobs"),
    (["nieuwkomers", 80, 95], "saturation.csv:3:direct_jobs: 80 is not above 100 of line 2"),
    (["nieuwkomers", 200, 90], "saturation.csv:3:jobs: 90 is not above 90 of line 2"),
    (["nieuwkomers", 200, 185], "saturation.csv:3:jobs: 185 makes the slope from line 2 0.95, which is above the "
                                "slope 0.9 before line 2"),
])
def test_points_that_do_not_make_a_concave_rising_curve_are_refused(template_dir, second, expected):
    write_csv(template_dir / "saturation.csv", [HEADER, ["nieuwkomers", 100, 90], second])
    issues = _issues(template_dir)
    assert len(issues) == 1 and issues[0].startswith(expected), issues


def test_every_broken_point_is_reported_at_once(template_dir):
    write_csv(template_dir / "saturation.csv",
              [HEADER, ["nieuwkomers", 100, 150], ["x", 1, 1], ["ouders", 50, 25], ["ouders", 60, 31]])
    issues = _issues(template_dir)
    assert [i.split(": ")[0] for i in issues] == ["saturation.csv:2:jobs", "saturation.csv:3:group",
                                                  "saturation.csv:5:jobs"], issues


def test_a_row_that_does_not_parse_silences_the_slope_checks_it_could_change(template_dir):
    write_csv(template_dir / "saturation.csv", [HEADER, ["ouders", 50, 25], ["ouders", "x", 30], ["ouders", 60, 31]])
    issues = _issues(template_dir)
    assert [i.split(": ")[0] for i in issues] == ["saturation.csv:3:direct_jobs"], issues


def test_equal_slopes_are_a_straight_stretch_and_accepted(template_dir):
    write_csv(template_dir / "saturation.csv", [HEADER, ["ouders", 50, 25], ["ouders", 100, 50]])
    assert inputs.load_case(template_dir).curve("ouders")(80) == pytest.approx(40)


def test_a_workbook_has_a_saturation_sheet_read_and_checked_the_same_way(template_dir, tmp_path):
    write_csv(template_dir / "saturation.csv", [HEADER, ["nieuwkomers", 100, 90], ["nieuwkomers", 300, 150]])
    case = inputs.load_case(template_dir)
    book = inputs.write_workbook(case, tmp_path / "case.xlsx")
    assert inputs.load_case(book) == case

    import openpyxl

    wb = openpyxl.load_workbook(book)
    wb["saturation"]["C3"] = 80
    wb.save(book)
    with pytest.raises(CaseError) as err:
        inputs.load_case(book)
    assert [str(i).split(": ")[0] for i in err.value.issues] == ["case.xlsx[saturation]:3:jobs"], err.value.issues


def test_the_documented_example_counts_what_the_docs_say(template_dir):
    """docs/case-format.md sections 3.10 and 4.7: the example curve counts 330 of 500 direct jobs."""
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "case-format.md").read_text(encoding="utf-8")
    block = text.split("### 3.10 saturation.csv")[1].split("```csv\n")[1].split("```")[0]
    (template_dir / "saturation.csv").write_text(block, encoding="utf-8")
    case = inputs.load_case(template_dir)
    assert case.curve("nieuwkomers")(500) == pytest.approx(330)
    assert "`300 + 0.3 x (500 - 400) = 330`" in text and "saturation loss of 170" in text


def test_the_documented_messages_are_the_tools_own(template_dir):
    """Each message of docs/case-format.md section 6.4 is what the checks print for that mistake."""
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "case-format.md").read_text(encoding="utf-8")
    table = text.split("### 6.4 Saturation checks")[1].split("\n\n")[2]
    shown = [re.search(r"`(saturation\.csv:[^`]*)`", line).group(1) for line in table.splitlines()[2:]]
    cases = [[["nieuwkomer", 100, 90]], [["nieuwkomers", 0, 90]], [["nieuwkomers", 100, 90], ["nieuwkomers", 80, 95]],
             [["nieuwkomers", 100, 90], ["nieuwkomers", 200, 90]], [["nieuwkomers", 100, 90], ["nieuwkomers", 200, 185]],
             [["nieuwkomers", 100, 120]]]
    assert len(shown) == len(cases)
    for rows, message in zip(cases, shown):
        write_csv(template_dir / "saturation.csv", [HEADER, *rows])
        issues = _issues(template_dir)
        assert message in issues, (message, issues)


def test_validate_counts_the_groups_with_a_curve(template_dir):
    from click.testing import CliRunner

    from cli import main

    plain = CliRunner().invoke(main, ["validate", str(template_dir)])
    assert plain.exit_code == 0 and "saturation" not in plain.output
    write_csv(template_dir / "saturation.csv", [HEADER, ["nieuwkomers", 100, 90], ["ouders", 50, 25]])
    result = CliRunner().invoke(main, ["validate", str(template_dir)])
    assert result.exit_code == 0 and "2 groups with a saturation curve" in result.output, result.output


def test_a_broken_point_exits_1_with_one_line_and_no_traceback(template_dir):
    from click.testing import CliRunner

    from cli import main

    write_csv(template_dir / "saturation.csv", [HEADER, ["nieuwkomers", 100, 90], ["nieuwkomers", 200, 185]])
    result = CliRunner().invoke(main, ["solve", str(template_dir)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "saturation.csv:3:jobs: 185 makes the slope from line 2 0.95" in result.output
