"""Proposals of working groups (spec 4.3): read each proposal (a folder or a workbook of actions, costs, reach
and synergies) and merge them into a base case, every action stamped with the group that proposed it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from inputs.folder import read_table_file
from inputs.tables import TABLES, Parsed, Table, explain, parse_table
from models import Case, CaseError, CaseSettings, Issue
from models.checks import FIRST_DATA_LINE, Unread, check_case

PROPOSAL_TABLES: tuple[Table, ...] = tuple(t for t in TABLES
                                           if t.field in ("actions", "costs", "reach", "synergies"))
REFERENCE_TABLES: tuple[Table, ...] = tuple(t for t in TABLES if t.field in ("domains", "groups", "barriers"))
STAMP_SHEET = "proposal"  # the sheet of a proposal workbook naming its working group and base case
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Proposal:
    """One working group's rows as read, each table with the label its messages name (`werk/costs.csv`,
    `werk.xlsx[costs]`), and every problem found reading it."""

    name: str  # the folder or workbook name without extension: the `proposed_by` of its actions
    tables: dict[Table, Parsed] = field(default_factory=dict)
    labels: dict[Table, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def records(self, table: Table) -> list[tuple[BaseModel, int]]:
        """(record, line) of every row of `table` that was read."""
        parsed = self.tables.get(table)
        return list(zip(parsed.records, parsed.lines)) if parsed is not None else []

    def where(self, table: Table, line: int | None = None) -> str:
        """`label:line` of a row, or the table's label."""
        label = self.labels.get(table, f"{self.name}[{table.stem}]")
        return label if line is None else f"{label}:{line}"


def proposal_name(path: str | os.PathLike) -> str:
    """The working group a proposal path stands for: its folder or workbook name without extension."""
    path = Path(path)
    return path.stem if path.suffix.lower() in WORKBOOK_SUFFIXES else path.name


def read_proposal(path: str | os.PathLike) -> Proposal:
    """Read a proposal folder or workbook; every problem is in `issues` (nothing is raised for bad rows).

    A folder holds actions.csv, costs.csv, reach.csv and optionally synergies.csv, and nothing else of the
    case format; a workbook holds those sheets, and may hold the reference sheets and the stamp of
    `portfolio init --working-group` (read by nobody).
    """
    path = Path(path)
    proposal = Proposal(proposal_name(path))
    if path.suffix.lower() in WORKBOOK_SUFFIXES and not path.is_dir():
        _read_book(path, proposal)
    elif path.is_dir():
        _read_folder(path, proposal)
    else:
        what = "does not exist" if not path.exists() else "is neither a folder nor an .xlsx workbook"
        proposal.issues.append(Issue(str(path), None, None, f"{what}; give a proposal folder or workbook"))
    for parsed in proposal.tables.values():
        proposal.issues.extend(parsed.issues)
    return proposal


def _read_folder(folder: Path, proposal: Proposal) -> None:
    others = {t.file for t in TABLES if t not in PROPOSAL_TABLES} | {"case.yaml"}
    for name in sorted(p.name for p in folder.iterdir()):
        if name in others:
            proposal.issues.append(Issue(str(folder / name), None, None,
                                         "is not part of a proposal (actions, costs, reach, synergies); the "
                                         "base case holds it: remove it"))
    for table in PROPOSAL_TABLES:
        label = str(folder / table.file)
        proposal.labels[table] = label
        path = folder / table.file
        if not path.is_file():
            if table.required:
                proposal.issues.append(Issue(label, None, None, "is missing; every proposal needs it"))
            continue
        parsed, problem = read_table_file(path, table, label)
        if problem:
            proposal.issues.append(problem)
        if parsed is not None:
            proposal.tables[table] = parsed


def _read_book(path: Path, proposal: Proposal) -> None:
    import openpyxl

    from inputs.workbook import _formula_cells, _formula_sheets, _not_openable, _Sheet, _text

    name = path.name
    if not path.exists():
        proposal.issues.append(Issue(name, None, None, "does not exist"))
        return
    if reason := _not_openable(path):
        proposal.issues.append(Issue(name, None, None, reason))
        return
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formula_parts = _formula_sheets(path)
    except (OSError, ValueError, KeyError) as err:
        proposal.issues.append(Issue(name, None, None, f"cannot be opened as an .xlsx workbook: {err}"))
        return
    try:
        sheets = {ws.title: ws for ws in book.worksheets}
        formulas = _formula_cells(path, set(sheets)) if formula_parts else {}
        for table in PROPOSAL_TABLES:
            label = f"{name}[{table.stem}]"
            proposal.labels[table] = label
            ws = sheets.get(table.stem)
            if ws is None:
                if table.required:
                    proposal.issues.append(Issue(name, None, None,
                                                 f"has no sheet {table.stem!r}; every proposal needs it"))
                continue
            sheet = _Sheet(ws, label, formulas.get(ws.title, set()))
            rows = [[_text(c) for c in row] for row in sheet.rows]
            if not rows:
                proposal.issues.append(Issue(label, 1, None, "is empty; it needs at least a header row"))
                continue
            header = rows[0]
            while header and header[-1] == "":
                header = header[:-1]
            names = {i: h.strip() or None for i, h in enumerate(header, start=1)}
            bad = {r for r, _c in sheet.bad}
            for line in sorted(bad):
                proposal.issues.extend(sheet.problems(line, names))
            body = [(line, cells) for line, cells in enumerate(rows[1:], start=2) if line not in bad]
            proposal.tables[table] = parse_table(table, label, header, body)
    finally:
        book.close()


# --- merging ------------------------------------------------------------------------------------------------

_FIRST_ON_LINE = re.compile(r"\(first on line (\d+)\)")


@dataclass
class _Origin:
    """Where each merged record of each table came from: `label:line` per record, by table file name."""

    rows: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def add(self, table: Table, label: str, line: int) -> None:
        self.rows.setdefault(table.file, []).append((label, line))

    def locate(self, issue: Issue) -> Issue:
        """An issue of the merged case at the proposal (or base) row it came from."""
        rows = self.rows.get(issue.file, [])
        message = _FIRST_ON_LINE.sub(lambda m: self._first(issue.file, int(m.group(1))), issue.message)
        if issue.row is None or not 0 <= issue.row - FIRST_DATA_LINE < len(rows):
            return Issue(f"merged {issue.file}", issue.row, issue.column, message)
        label, line = rows[issue.row - FIRST_DATA_LINE]
        return Issue(label, line, issue.column, message)

    def _first(self, file: str, row: int) -> str:
        rows = self.rows.get(file, [])
        index = row - FIRST_DATA_LINE
        if not 0 <= index < len(rows):
            return f"(first on row {row})"
        return f"(first at {rows[index][0]}:{rows[index][1]})"


def _dump(record: BaseModel) -> dict:
    return record.model_dump(exclude={"proposed_by"})


def _bundle(action: BaseModel, costs: list[BaseModel], reach: list[BaseModel]) -> tuple:
    """An action with its cost and reach rows, as compared for `identical` (order of rows aside)."""
    return (_dump(action), sorted(map(repr, map(_dump, costs))), sorted(map(repr, map(_dump, reach))))


def _difference(mine: tuple, theirs: tuple) -> str:
    """`the costs differ`, `the action rows and the reach differ`: what two bundles do not share."""
    kinds = ("the action rows", "the costs", "the reach")
    parts = [what for what, a, b in zip(kinds, mine, theirs) if a != b]
    return " and ".join(parts) + (" differs" if parts == ["the reach"] else " differ")


def _stamp(names: list[str]) -> str:
    return ";".join(dict.fromkeys(n for part in names for n in part.split(";") if n))


@dataclass
class Base:
    """The base case's rows as read, not yet checked as a whole: it may have no actions until the merge."""

    settings: CaseSettings | None
    tables: dict[Table, Parsed | None]
    labels: dict[str, str]  # table file -> label its messages name
    issues: list[Issue]

    @classmethod
    def of(cls, case: Case, label: str = "base") -> Base:
        """A checked case as a base (its rows numbered as a folder would hold them)."""
        tables = {}
        for t in TABLES:
            records = getattr(case, t.field)
            if records is not None:
                lines = list(range(FIRST_DATA_LINE, FIRST_DATA_LINE + len(records)))
                tables[t] = Parsed(list(records), lines, [])
        settings = CaseSettings.model_validate({k: getattr(case, k) for k in CaseSettings.model_fields})
        return cls(settings, tables, {t.file: f"{label}[{t.stem}]" for t in TABLES}, [])

    def records(self, table: Table) -> list[tuple[BaseModel, int]]:
        parsed = self.tables.get(table)
        return list(zip(parsed.records, parsed.lines)) if parsed is not None else []

    def where(self, table: Table, line: int | None = None) -> str:
        label = self.labels.get(table.file, table.file)
        return label if line is None else f"{label}:{line}"


def read_base(path: str | os.PathLike) -> Base:
    """Read a base case (folder or workbook) row by row; its problems are in `issues`. It may lack actions,
    costs and reach (the proposals bring them)."""
    from inputs import WORKBOOK_SUFFIXES as BOOK, read_folder, read_workbook

    path = Path(path)

    def keep(settings, tables, source, issues) -> Base:
        found = list(issues) + [i for p in tables.values() if p is not None for i in p.issues]
        labels = {t.file: source.labels.get(t.file, str(path / t.file)) for t in TABLES}
        return Base(settings, tables, labels, found)

    if path.suffix.lower() in BOOK and path.is_file():
        return read_workbook(path, finish=keep)
    if not path.is_dir():
        raise CaseError([Issue(str(path), None, None, "is not a case folder or an .xlsx workbook")])
    return read_folder(path, finish=keep)


def merge(base: Base | Case, proposals: list[Proposal]) -> Case:
    """The case made of `base` plus every proposal's rows, each action's `proposed_by` naming its proposal.

    An action id in two proposals (or in the base and a proposal) is kept once when its rows (action, costs,
    reach) are identical, else an error naming both; so is a synergy row of one pair and group. Costs and
    reach name the proposal's own actions; `requires` and synergies may name any action of the merge. Costs
    follow the base's phasing: `run_year` in a phased base, never otherwise.

    Raises CaseError with every problem of the base and of every proposal at once, located in their own rows.
    """
    if isinstance(base, Case):
        base = Base.of(base)
    table = {t.field: t for t in TABLES}
    issues = list(base.issues) + [i for p in proposals for i in p.issues]
    unphased = _phasing_issues([c for c, _ in base.records(table["costs"])], proposals)  # rows left out
    issues += unphased.values()
    origin = _Origin()
    merged: dict[str, list[BaseModel]] = {t.field: [] for t in TABLES}
    for t in TABLES:
        for r, line in base.records(t):
            merged[t.field].append(r)
            origin.add(t, base.where(t), line)
    owner: dict[str, tuple[str, tuple, int]] = {}  # action -> (where it was first, its bundle, merged index)
    base_costs, base_reach = merged["costs"], merged["reach"]
    for k, (a, line) in enumerate(base.records(table["actions"])):
        owner[a.action] = (base.where(table["actions"], line),
                           _bundle(a, _rows_of(base_costs, a.action), _rows_of(base_reach, a.action)), k)
    pairs: dict[tuple[frozenset[str], str], tuple[str, dict]] = {
        (frozenset((s.action_a, s.action_b)), s.group): (base.where(table["synergies"], line), _dump(s))
        for s, line in base.records(table["synergies"])}
    for p in proposals:
        actions, costs, reach = (p.records(table[f]) for f in ("actions", "costs", "reach"))
        own = {a.action for a, _ in actions}
        for t, rows in ((table["costs"], costs), (table["reach"], reach)):
            for r, line in rows:
                if r.action not in own:
                    issues.append(Issue(p.where(t), line, "action",
                                        f"{r.action} is not an action of this proposal; a proposal gives the "
                                        f"{t.stem} of its own actions only (add {r.action} to its actions)"))
        skip: set[str] = set()
        for a, line in actions:
            mine = _bundle(a, [c for c, _ in costs if c.action == a.action],
                           [r for r, _ in reach if r.action == a.action])
            if a.action in owner:
                where, theirs, index = owner[a.action]
                if mine == theirs:
                    first = merged["actions"][index]
                    merged["actions"][index] = first.model_copy(
                        update={"proposed_by": _stamp([first.proposed_by or "", p.name])})
                else:
                    issues.append(Issue(p.where(table["actions"]), line, "action",
                                        f"{a.action} is also proposed in {where}, and "
                                        f"{_difference(mine, theirs)}; give one of them another id, or make "
                                        "their rows identical"))
                skip.add(a.action)
                continue
            owner[a.action] = (p.where(table["actions"], line), mine, len(merged["actions"]))
            merged["actions"].append(a.model_copy(update={"proposed_by": p.name}))
            origin.add(table["actions"], p.where(table["actions"]), line)
        for t, rows in ((table["costs"], costs), (table["reach"], reach)):
            for r, line in rows:
                if r.action not in skip and id(r) not in unphased:
                    merged[t.field].append(r)
                    origin.add(t, p.where(t), line)
        for s, line in p.records(table["synergies"]):
            key = (frozenset((s.action_a, s.action_b)), s.group)
            if key in pairs:
                where, theirs = pairs[key]
                if theirs != _dump(s):
                    issues.append(Issue(p.where(table["synergies"]), line, "action_a",
                                        f"{s.action_a} and {s.action_b} in {s.group} are also given in "
                                        f"{where}, with other figures; keep one row for the pair"))
                continue
            pairs[key] = (p.where(table["synergies"], line), _dump(s))
            merged["synergies"].append(s)
            origin.add(table["synergies"], p.where(table["synergies"]), line)
    present = {t.field for t in TABLES if t.required or base.tables.get(t) is not None or merged[t.field]}
    tables = {k: tuple(v) for k, v in merged.items() if k in present}
    if issues or base.settings is None:
        issues += [origin.locate(i) for i in _partial_checks(base, proposals, tables, bool(unphased))]
        raise CaseError(_unique(issues))
    data = {name: getattr(base.settings, name) for name in CaseSettings.model_fields}
    data.update(tables)
    try:
        return Case.model_validate(data)
    except ValidationError as err:
        for e in err.errors():
            inner = (e.get("ctx") or {}).get("error")
            if isinstance(inner, CaseError):
                issues.extend(origin.locate(i) for i in inner.issues)
            else:
                issues.append(Issue("merged case", None, ".".join(map(str, e["loc"])) or None, explain(e)))
        raise CaseError(_unique(issues)) from None


def _partial_checks(base: Base, proposals: list[Proposal], tables: dict[str, tuple],
                    costs_left_out: bool) -> list[Issue]:
    """The cross-row problems among the rows that were read, quiet about what an unread row (or a cost row
    left out) could change, as inputs.assemble does for one case."""
    unread: dict[str, frozenset[str] | None] = {"costs": frozenset()} if costs_left_out else {}
    for t in TABLES:
        found = [base.tables.get(t, False)]
        found += [p.tables.get(t, False) for p in proposals if t in PROPOSAL_TABLES]
        if any(f is None or (f is False and t.required) or (f and f.unread is None) for f in found):
            unread[t.field] = None
        elif any(f and not f.complete for f in found):
            unread[t.field] = frozenset().union(unread.get(t.field, ()), *(f.unread for f in found if f))
    settings = base.settings
    fields = {n: getattr(settings, n) for n in CaseSettings.model_fields} if settings else {"name": "?"}
    partial = Case.model_construct(**{**fields, **{t.field: () for t in TABLES if t.required}, **tables})
    try:
        check_case(partial, Unread(unread, settings=settings is None))
    except CaseError as err:
        return list(err.issues)
    return []


def _rows_of(rows, action: str) -> list[BaseModel]:
    return [r for r in rows if r.action == action]


def _unique(issues: list[Issue]) -> list[Issue]:
    """Each issue once, in the order found (a row's problem may be found by its proposal and by the merge)."""
    return list(dict.fromkeys(issues))


def _phasing_issues(base_costs: list[BaseModel], proposals: list[Proposal]) -> dict[int, Issue]:
    """Cost rows that do not follow the base's phasing (`run_year` in a phased base, and only there), by the
    id() of the row."""
    costs = next(t for t in TABLES if t.field == "costs")
    rows = [(p, c, line) for p in proposals for c, line in p.records(costs)]
    if base_costs:
        phased = any(c.run_year is not None for c in base_costs)
    elif rows:
        phased = rows[0][1].run_year is not None  # no base costs: the first proposal's first row sets it
    else:
        return {}
    found = {}
    for p, c, line in rows:
        if phased and c.run_year is None:
            found[id(c)] = Issue(p.where(costs), line, "run_year", (
                "is empty, but the case is phased (its costs have run_year); give the year of running "
                "(1: the year the action starts) and no year: phased and unphased costs cannot be mixed"))
        elif not phased and c.run_year is not None:
            found[id(c)] = Issue(p.where(costs), line, "run_year", (
                f"{c.run_year} makes a phased cost, but the case is not phased (its costs have no run_year); "
                "leave run_year empty: phased and unphased costs cannot be mixed"))
    return found


def write_merged(case: Case, out: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write the merged case as a folder, or as a workbook when `out` ends in .xlsx, in one step: a folder is
    staged beside `out` and moved in whole, so nothing is written when anything fails. Case files of an
    earlier merge that this one lacks (synergies.csv) are removed.

    Raises FileExistsError unless `overwrite`."""
    import shutil
    import tempfile

    from inputs import write_case
    from inputs.files import publish_folder
    from inputs.folder import case_files

    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        return write_case(case, out, overwrite=overwrite)
    names = list(case_files(case))
    known = [t.file for t in TABLES] + ["case.yaml"]
    if not overwrite and out.is_dir() and (found := [n for n in known if (out / n).exists()]):
        raise FileExistsError(f"{out / found[0]} already exists; choose an empty folder or allow overwriting")
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        write_case(case, staged, overwrite=True)
        stale = [n for n in known if n not in names and (out / n).is_file()]
        publish_folder(staged, out, names)
        for name in stale:
            (out / name).unlink()
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return out
