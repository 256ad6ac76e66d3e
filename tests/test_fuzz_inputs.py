"""Property tests of the readers: any input either loads or raises CaseError with located issues; valid cases round-trip.

(a) single cells of the template's files replaced by random values;
(b) whole files replaced by random bytes, CSV grids or YAML;
(c) random valid cases, built as models, written as a folder and as a workbook and read back equal.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import os
import tempfile
from pathlib import Path

import openpyxl
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

import inputs
from conftest import TEMPLATE, set_dotted
from inputs.tables import TABLES
from models import (
    BACKEND_NAMES,
    Action,
    Barrier,
    Baseline,
    BudgetYear,
    Case,
    CaseError,
    Cost,
    Domain,
    Group,
    Issue,
    Reach,
    Rules,
    SaturationPoint,
    SolverSettings,
    Synergy,
)

FAST = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
# Writing and reading a workbook takes ~50 ms, and shrinking a failing random case through it can
# run for minutes: those tests report the first failing example as found (set FUZZ_SHRINK=1 to shrink).
NO_SHRINK = settings(
    FAST,
    phases=[Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if os.environ.get("FUZZ_SHRINK") else []),
)

TEMPLATE_FILES: dict[str, bytes] = {
    p.name: p.read_bytes() for p in sorted(TEMPLATE.iterdir()) if p.suffix in (".csv", ".yaml")
}
CSV_FILES = sorted(n for n in TEMPLATE_FILES if n.endswith(".csv"))
TEMPLATE_ROWS: dict[str, list[list[str]]] = {
    name: list(csv.reader(io.StringIO(TEMPLATE_FILES[name].decode("utf-8"), newline="")))
    for name in CSV_FILES
}
CASE_FILES = {t.file for t in TABLES} | {"case.yaml"}
ALL_COLUMNS = sorted({c for t in TABLES for c in t.columns} | {"x_note", "annotations", ""})
TEMPLATE_IDS = ["T01", "T02", "T05", "T99", "werk", "welzijn", "ouders", "jongeren", "zorgtaken", "opvang", "2026", "2028"]


# --- the property every load must satisfy -----------------------------------------------------------


def check_load(path: Path, allowed_files: set[str]) -> Case | None:
    """Load `path`: a Case, or a CaseError whose issues are all located in a file; anything else fails."""
    try:
        return inputs.load_case(path)
    except CaseError as err:
        assert err.issues, "CaseError without issues"
        for issue in err.issues:
            assert isinstance(issue, Issue)
            assert isinstance(issue.file, str) and issue.file, issue
            assert issue.file in allowed_files, f"issue names an unexpected file: {issue}"
            assert issue.row is None or (type(issue.row) is int and issue.row >= 1), issue
            assert issue.column is None or (isinstance(issue.column, str) and issue.column), issue
            assert isinstance(issue.message, str) and issue.message.strip(), issue
            str(issue)
        return None


def load_files(files: dict[str, bytes]) -> Case | None:
    """Write `files` into a fresh folder and load it under the property."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "case"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        return check_load(folder, CASE_FILES | set(files))


def csv_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8", "surrogatepass")


# --- (a) single cells -----------------------------------------------------------------------------

SEPARATORS = ["", " ", ";", ",", ";;", " ; ", "\n", "\r\n", '"', '""', "\t", "\ufeff", "\x00"]
SPECIAL = [
    "nan", "NaN", "inf", "-inf", "1e400", "-0", "0x10", "1_000", "1,5", "1.000.000", "3e6", ".5", "5.",
    "true", "FALSE", "ja", "yes", "1", "0", "None", "null", "~", "x_", "T01;T01", "T01;T02",
    "é", "漢字", "🙂", "a b", "-", ".", "2026", "2026.0", "9" * 30, "1" * 5000, "=SUM(A1)",
    "300.000", "1.500", "1.234,5", "1,234.5", "1 000", "1\u00a0000", "12%", "0,5 %", "€ 5000", "5000 EUR", "4e3",
    "2.026e3", "1e7", "1e8", "1e11", "-1e6", "010",
]

cell_values = st.one_of(
    st.text(max_size=20),
    st.text(alphabet="0123456789.,-+eE;:_ ", max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(SEPARATORS + SPECIAL + TEMPLATE_IDS),
    st.sampled_from(SEPARATORS).flatmap(lambda sep: st.sampled_from(TEMPLATE_IDS).map(lambda v: v + sep)),
)


@FAST
@given(data=st.data(), value=cell_values)
def test_fuzz_one_cell_of_a_csv(data, value: str):
    name = data.draw(st.sampled_from(CSV_FILES), label="file")
    rows = [list(r) for r in TEMPLATE_ROWS[name]]
    row = data.draw(st.integers(0, len(rows) - 1), label="row")  # 0 is the header
    col = data.draw(st.integers(0, len(rows[row])), label="column")  # may add a cell past the end
    if col == len(rows[row]):
        rows[row].append(value)
    else:
        rows[row][col] = value
    load_files({**TEMPLATE_FILES, name: csv_bytes(rows)})


SETTING_KEYS = [
    "name", "objective", "jobs_target", "baseline", "baseline.population", "baseline.employed",
    "baseline.target_rate", "rules", "rules.min_actions_per_priority_barrier", "rules.min_actions_per_domain",
    "rules.max_actions", "rules.min_group_share", "rules.min_group_share.nieuwkomers",
    "rules.min_group_share.ouders", "rules.locked_in", "rules.locked_out", "solver", "solver.backend",
    "solver.time_limit_s", "solver.mip_gap", "solver.threads", "solver.seed", "extra", "rules.extra",
]

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=15),
    st.sampled_from(TEMPLATE_IDS + ["min_cost", "max_jobs", "highs", "gurobi", ""]),
    st.dates(),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=3),
    max_leaves=6,
)


@FAST
@given(key=st.sampled_from(SETTING_KEYS), value=yaml_values)
def test_fuzz_one_setting_of_case_yaml(key: str, value):
    data = yaml.safe_load(TEMPLATE_FILES["case.yaml"])
    set_dotted(data, key, value)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    load_files({**TEMPLATE_FILES, "case.yaml": text.encode("utf-8", "surrogatepass")})


@FAST
@given(key=st.sampled_from(SETTING_KEYS), text=st.text(max_size=30))
def test_fuzz_one_setting_as_raw_yaml_text(key: str, text: str):
    """The value written as raw text after the key: any YAML (or broken YAML) the text makes."""
    lines = TEMPLATE_FILES["case.yaml"].decode("utf-8").split("\n")
    last = key.split(".")[-1]
    index = next((i for i, line in enumerate(lines) if line.strip().startswith(last + ":")), 0)
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    lines[index] = f"{indent}{last}: {text}"
    load_files({**TEMPLATE_FILES, "case.yaml": "\n".join(lines).encode("utf-8", "surrogatepass")})


# --- (b) whole files -------------------------------------------------------------------------------

csv_grids = st.lists(
    st.lists(st.one_of(st.sampled_from(ALL_COLUMNS), cell_values), max_size=7),
    max_size=6,
)
tricky_yaml = st.sampled_from(
    [
        "",
        "---\n",
        "name: a\n---\nname: b\n",
        "[1, 2",
        "name: !!python/object:os.system x\n",
        "name: &a x\nobjective: *a\n",
        "~: 1\nname: x\n",
        "1: 2\nname: x\n",
        "? [a, b]\n: c\n",
        "name: x\nname: y\n",
        "name: x\nrules: {min_group_share: {'a b': 0.1}}\n",
        "name: x\nrules: {locked_in: T01}\n",
        "name: x\nbaseline: {population: 0, employed: 0, target_rate: 0.5}\n",
        "name: x\nsolver: {threads: .inf}\n",
        "name: x\nsolver: {seed: 99999999999999999999999}\n",
        "\t",
        "\x00",
        "name: x\nrules: &r\n  locked_in: *r\n",
        "name: x\nrules: " + "[" * 300 + "]" * 300 + "\n",
        "name: x\nrules: {max_actions: yes, locked_in: [NO, 010, 2026]}\n",
        "name: x\nrules:\n  # max_actions: 3\nsolver:\n",
        "name: x\nbaseline: {population: 100.000, employed: 1:30, target_rate: 80%}\n",
        "name: x\njobs_target: 1e6\nsolver: {threads: on, seed: 0x1F}\n",
        "name: x\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nrules: {locked_in: *e}\n",
    ]
)


@FAST
@given(name=st.sampled_from(sorted(TEMPLATE_FILES)), data=st.binary(max_size=200))
def test_fuzz_whole_file_random_bytes(name: str, data: bytes):
    load_files({**TEMPLATE_FILES, name: data})


@FAST
@given(name=st.sampled_from(CSV_FILES), grid=csv_grids, keep_header=st.booleans())
@example(name="actions.csv", grid=[["", ""]], keep_header=False)  # two unnamed columns
def test_fuzz_whole_file_random_csv_grid(name: str, grid: list[list[str]], keep_header: bool):
    rows = ([TEMPLATE_ROWS[name][0]] if keep_header else []) + grid
    load_files({**TEMPLATE_FILES, name: csv_bytes(rows)})


@FAST
@given(
    text=st.one_of(
        tricky_yaml,
        st.text(max_size=60),
        yaml_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True)),
        st.dictionaries(st.sampled_from(SETTING_KEYS[:8] + ["name", "x"]), yaml_values, max_size=5).map(
            lambda d: yaml.safe_dump({"name": "fuzz", **d}, allow_unicode=True)
        ),
    )
)
@example(text="name: x\nrules: &r\n  locked_in: *r\n")  # an alias inside itself
@example(text="name: x\nrules: " + "[" * 600 + "]" * 600 + "\n")  # absurd nesting
def test_fuzz_whole_case_yaml(text: str):
    load_files({**TEMPLATE_FILES, "case.yaml": text.encode("utf-8", "surrogatepass")})


@FAST
@given(
    extra=st.sampled_from(["synergy.csv", "budget.csv", "Domains.csv", "case.yml", "reach.CSV", "notes.txt", "x.csv"]),
    drop=st.sampled_from([None, "synergies.csv", "budgets.csv", "reach.csv", "case.yaml"]),
)
def test_fuzz_which_files_are_there(extra: str, drop: str | None):
    files = {**TEMPLATE_FILES, extra: b"a,b\n1,2\n"}
    if drop:
        files.pop(drop)
    load_files(files)


@settings(FAST, max_examples=30)
@given(data=st.binary(max_size=300), zip_header=st.booleans())
def test_fuzz_whole_workbook_random_bytes(data: bytes, zip_header: bool):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.xlsx"
        path.write_bytes((b"PK\x03\x04" if zip_header else b"") + data)
        check_load(path, {"c.xlsx"})


def _template_workbook() -> bytes:
    """The template case as a workbook, with a saturation curve so that every sheet of TABLES is there."""
    case = inputs.load_case(TEMPLATE)
    case = case.model_copy(update={"saturation": (SaturationPoint(group="ouders", direct_jobs=100, jobs=80),
                                                  SaturationPoint(group="ouders", direct_jobs=300, jobs=120))})
    with tempfile.TemporaryDirectory() as tmp:
        path = inputs.write_case(case, Path(tmp) / "c.xlsx")
        return path.read_bytes()


TEMPLATE_WORKBOOK = _template_workbook()
SHEETS = ["case"] + [t.stem for t in TABLES]
xlsx_cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=15),
    st.sampled_from(SPECIAL[:-3] + TEMPLATE_IDS + ["rules.max_actions", "solver.threads"]),
    st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
)


@settings(NO_SHRINK, max_examples=40)
@given(data=st.data(), value=xlsx_cell_values)
def test_fuzz_one_cell_of_a_workbook(data, value):
    book = openpyxl.load_workbook(io.BytesIO(TEMPLATE_WORKBOOK))
    ws = book[data.draw(st.sampled_from(SHEETS), label="sheet")]
    row = data.draw(st.integers(1, ws.max_row + 1), label="row")
    col = data.draw(st.integers(1, ws.max_column + 1), label="column")
    ws.cell(row, col).value = value
    if isinstance(value, str) and value.startswith("="):
        ws.cell(row, col).data_type = "s"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.xlsx"
        book.save(path)
        check_load(path, {"c.xlsx", "c.xlsx[case]"} | {f"c.xlsx[{s}]" for s in SHEETS})


# --- (c) random valid cases round-trip ----------------------------------------------------------------

ID_CHARS = "abcAB09_.-"
ids = st.text(alphabet=ID_CHARS, min_size=1, max_size=5)
texts = (
    st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n"), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)
optional_texts = st.none() | texts
money = st.integers(0, 10**9).map(lambda n: n / 100)
shares = st.integers(0, 100).map(lambda n: n / 100)
annotation_keys = st.sampled_from(["x_note", "x_owner", "x_1", "x_é"])


@st.composite
def record_extras(draw) -> dict:
    return {
        "description": draw(optional_texts),
        "source": draw(optional_texts),
        "annotations": draw(st.dictionaries(annotation_keys, texts, max_size=2)),
    }


@st.composite
def cases(draw) -> Case:
    domain_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True), label="domains")
    group_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True), label="groups")
    barrier_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True), label="barriers")
    action_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True), label="actions")

    domains = [
        Domain(domain=d, name=draw(texts), budget_eur=draw(money), **draw(record_extras())) for d in domain_ids
    ]
    groups = []
    for g in group_ids:
        population = draw(st.integers(0, 10**5))
        groups.append(
            Group(group=g, name=draw(texts), population=population, max_extra_jobs=draw(money), **draw(record_extras()))
        )
    barriers = [
        Barrier(barrier=b, name=draw(texts), priority=draw(st.booleans()), reason=draw(optional_texts), **draw(record_extras()))
        for b in barrier_ids
    ]

    overlap = {a: draw(st.none() | st.sampled_from(["o1", "o.2"])) for a in action_ids}
    actions = []
    for a in action_ids:
        others = [b for b in action_ids if b != a and (overlap[a] is None or overlap[b] != overlap[a])]
        requires = draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else []
        actions.append(
            Action(
                action=a,
                name=draw(texts),
                lead_domain=draw(st.sampled_from(domain_ids)),
                barriers=tuple(draw(st.lists(st.sampled_from(barrier_ids), min_size=1, unique=True))),
                overlap_group=overlap[a],
                requires=tuple(requires),
                **draw(record_extras()),
            )
        )

    years = draw(st.none() | st.lists(st.integers(2024, 2030), min_size=1, max_size=2, unique=True), label="years")
    budgets = None
    if years is not None:
        budgets = [
            BudgetYear(domain=d, year=y, budget_eur=draw(money), **draw(record_extras()))
            for d in domain_ids
            for y in years
        ]
    costs = []
    for a in action_ids:
        keys = draw(
            st.lists(
                st.tuples(st.sampled_from(domain_ids), st.sampled_from(years) if years else st.none()),
                min_size=1,
                max_size=3,
                unique=True,
            )
        )
        costs += [Cost(action=a, domain=d, year=y, cost_eur=draw(money), **draw(record_extras())) for d, y in keys]

    reach = []
    population = {g.group: g.population for g in groups}
    direct: dict[tuple[str, str], float] = {}
    for i, a in enumerate(action_ids):
        reached = st.lists(st.sampled_from(group_ids), unique=True, min_size=1 if i == 0 else 0)
        for g in draw(reached):  # reach.csv needs at least one row
            low, effect, high = sorted(draw(st.lists(shares, min_size=3, max_size=3)))
            ranged = draw(st.booleans())
            r = Reach(
                action=a,
                group=g,
                reach=draw(st.integers(0, population[g] * 10)) / 10,
                effect=effect,
                effect_low=low if ranged else None,
                effect_high=high if ranged else None,
                **draw(record_extras()),
            )
            direct[a, g] = r.jobs
            reach.append(r)

    synergies = []
    pairs = [
        (a, b, g)
        for i, a in enumerate(action_ids)
        for b in action_ids[i + 1 :]
        for g in group_ids
        if overlap[a] is None or overlap[a] != overlap[b]
    ]
    if pairs:
        for a, b, g in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3)):
            if draw(st.booleans()):
                a, b = b, a
            smaller = min(direct.get((a, g), 0.0), direct.get((b, g), 0.0))
            k = draw(st.integers(-math.floor(smaller * 10), 500))
            synergies.append(Synergy(action_a=a, action_b=b, group=g, extra_jobs=k / 10, **draw(record_extras())))

    objective = draw(st.sampled_from(["max_jobs", "min_cost"]))
    baseline = None
    if draw(st.booleans()):
        pop = draw(st.integers(1, 10**7))
        baseline = Baseline(population=pop, employed=draw(st.integers(0, pop)), target_rate=draw(shares))
    share_groups = draw(st.lists(st.sampled_from(group_ids), unique=True))
    locked = draw(st.lists(st.sampled_from(action_ids), unique=True))
    split = draw(st.integers(0, len(locked)))
    rules = Rules(
        min_actions_per_priority_barrier=draw(st.integers(0, 2)),
        min_actions_per_domain=draw(st.integers(0, 2)),
        max_actions=draw(st.none() | st.integers(0, 6)),
        min_group_share={g: draw(st.integers(0, 100 // len(group_ids))) / 100 for g in share_groups},
        locked_in=tuple(locked[:split]),
        locked_out=tuple(locked[split:]),
    )
    solver = SolverSettings(
        backend=draw(st.sampled_from(["auto", *BACKEND_NAMES])),
        time_limit_s=draw(st.integers(1, 36000)) / 10,
        mip_gap=draw(st.integers(0, 10**4)) / 10**6,
        threads=draw(st.integers(1, 8)),
        seed=draw(st.integers(0, 1000)),
    )
    return Case(
        name=draw(texts),
        objective=objective,
        jobs_target=draw(st.integers(1, 10**6)) / 10 if objective == "min_cost" else draw(st.none() | st.just(5.5)),
        baseline=baseline,
        rules=rules,
        solver=solver,
        domains=tuple(domains),
        groups=tuple(groups),
        barriers=tuple(barriers),
        actions=tuple(actions),
        costs=tuple(costs),
        reach=tuple(reach),
        synergies=tuple(synergies),
        budgets=tuple(budgets) if budgets is not None else None,
    )


def differences(case: Case, back: Case) -> str:
    """The first rows that differ between two cases, for a readable failure."""
    a, b = case.model_dump(), back.model_dump()
    out = []
    for key in a:
        if a[key] == b[key]:
            continue
        if isinstance(a[key], (list, tuple)) and isinstance(b[key], (list, tuple)) and len(a[key]) == len(b[key]):
            for i, (x, y) in enumerate(zip(a[key], b[key])):
                if x != y:
                    fields = [f for f in x if x.get(f) != y.get(f)] if isinstance(x, dict) else []
                    out.append(f"{key}[{i}]: wrote {[x.get(f) for f in fields] or x!r}, read {[y.get(f) for f in fields] or y!r} ({fields})")
        else:
            out.append(f"{key}: wrote {a[key]!r}, read {b[key]!r}")
    return "\n".join(out[:5])


def template_variant(**changes) -> Case:
    """The template case with some settings or rows changed (explicit examples of the round trips)."""
    data = inputs.load_case(TEMPLATE).model_dump()
    for key, value in changes.items():
        data[key] = value(data[key]) if callable(value) else value
    return Case.model_validate(data)


def _dotted_group(data: dict) -> dict:
    for row in data["groups"] + data["reach"] + data["synergies"]:
        if row["group"] == "ouders":
            row["group"] = "ouders.alleen"
    data["rules"]["min_group_share"] = {"ouders.alleen": 0.1}
    return data


EXAMPLES = [
    template_variant(name="=Plan 2026"),  # text that looks like a formula
    Case.model_validate(_dotted_group(inputs.load_case(TEMPLATE).model_dump())),  # a '.' in a group id
]


@settings(FAST, max_examples=60)
@given(case=cases())
@example(case=EXAMPLES[0])
@example(case=EXAMPLES[1])
def test_random_case_round_trips_through_a_folder(case: Case):
    with tempfile.TemporaryDirectory() as tmp:
        inputs.write_case(case, Path(tmp) / "case")
        back = inputs.load_case(Path(tmp) / "case")
    assert back.model_dump() == case.model_dump(), differences(case, back)
    assert back == case


@settings(NO_SHRINK, max_examples=40)
@given(case=cases())
@example(case=EXAMPLES[0])
@example(case=EXAMPLES[1])
def test_random_case_round_trips_through_a_workbook(case: Case):
    with tempfile.TemporaryDirectory() as tmp:
        inputs.write_case(case, Path(tmp) / "c.xlsx")
        back = inputs.load_case(Path(tmp) / "c.xlsx")
    assert back.model_dump() == case.model_dump(), differences(case, back)
    assert back == case


@settings(NO_SHRINK, max_examples=25)
@given(case=cases())
@example(case=EXAMPLES[0])
def test_random_case_round_trips_folder_workbook_folder(case: Case):
    with tempfile.TemporaryDirectory() as tmp:
        inputs.write_case(case, Path(tmp) / "c.xlsx")
        inputs.write_case(inputs.load_case(Path(tmp) / "c.xlsx"), Path(tmp) / "again")
        back = inputs.load_case(Path(tmp) / "again")
    assert back.model_dump() == case.model_dump(), differences(case, back)
