"""`report --csv-dialect be`: the report's tables as a Belgian Excel opens them (';', decimal commas, a BOM)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from cli import main
from conftest import TEMPLATE
from portfolio.reports.csvdialect import csv_text


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, Path]:
    """The template case's report tables written once in each dialect."""
    out = tmp_path_factory.mktemp("reports")
    runner = CliRunner()
    for dialect in ("standard", "be"):
        done = runner.invoke(main, ["report", str(TEMPLATE), "--out", str(out / dialect), "--format", "csv",
                                    "--csv-dialect", dialect])
        assert done.exit_code == 0, done.output
    return out / "standard", out / "be"


def test_belgian_tables_read_back_with_semicolons_and_decimal_commas_give_the_same_numbers(written):
    standard, be = written
    names = sorted(p.name for p in standard.glob("*.csv"))
    assert names and names == sorted(p.name for p in be.glob("*.csv"))
    decimals = 0
    for name in names:
        raw = (be / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        header = raw[3:].split(b"\n", 1)[0].decode("utf-8")
        assert ";" in header and "," not in header, name
        ours = pd.read_csv(be / name, sep=";", decimal=",", encoding="utf-8-sig")
        theirs = pd.read_csv(standard / name, encoding="utf-8")
        pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
        decimals += sum(ours[c].map(lambda v: isinstance(v, float) and not float(v).is_integer()).sum()
                        for c in ours.columns if ours[c].dtype.kind == "f")
    assert decimals > 0  # some number had decimals, so the decimal comma was really exercised


def test_belgian_cells_are_split_on_semicolons_only(written):
    _standard, be = written
    text = (be / "actions.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len({len(r) for r in rows}) == 1 and len(rows[0]) > 3


def test_the_default_stays_standard_csv(written):
    standard, _be = written
    for path in standard.glob("*.csv"):
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf") and "," in path.read_text(encoding="utf-8")


def test_text_and_numbers_in_a_belgian_table():
    frame = pd.DataFrame({"naam": ["a;b", "c"], "jobs": [1.5, 1234567.25], "n": [3, 4]})
    assert csv_text(frame, "be") == '\ufeff"naam";"jobs";"n"\n"a;b";"1,5";3\n"c";"1234567,25";4\n'
    assert csv_text(frame) == '"naam","jobs","n"\n"a;b",1.5,3\n"c",1234567.25,4\n'
    with pytest.raises(ValueError, match="unknown CSV dialect 'fr'"):
        csv_text(frame, "fr")


def test_an_unknown_dialect_is_a_usage_error(tmp_path: Path):
    done = CliRunner().invoke(main, ["report", str(TEMPLATE), "--out", str(tmp_path / "r"), "--csv-dialect", "fr"])
    assert done.exit_code == 2 and "fr" in done.output
