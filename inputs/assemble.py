"""Turn validated settings and records into a Case, renumbering cross-check issues to real lines."""

from __future__ import annotations

from pydantic import ValidationError

from inputs.settings import line_of
from inputs.tables import TABLES, Parsed, Table, explain
from models import Case, CaseError, CaseSettings, Issue
from models.checks import FIRST_DATA_LINE, Unread, check_case


class Source:
    """What a reader learned about where each record came from."""

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}  # case file name -> label shown in messages
        self.lines: dict[str, list[int]] = {}  # case file name -> line of each record
        self.key_lines: dict[str, int] = {}  # dotted settings key -> line

    def locate(self, issue: Issue) -> Issue:
        """Rename the file to its label and turn a record index into its real line."""
        label = self.labels.get(issue.file, issue.file)
        row = issue.row
        if issue.file in self.lines and row is not None:
            index = row - FIRST_DATA_LINE
            lines = self.lines[issue.file]
            if 0 <= index < len(lines):
                row = lines[index]
        elif row is None and issue.column is not None:
            row = line_of(issue.column, self.key_lines)
        return Issue(label, row, issue.column, issue.message)


def assemble(
    settings: CaseSettings | None,
    tables: dict[Table, Parsed | None],
    source: Source,
    issues: list[Issue] | None = None,
) -> Case:
    """Build the Case; raise CaseError with every problem, located.

    `tables` maps each table found to what parse_table read (None: the file is there but could not
    be read at all); `issues` are the problems the reader found so far. When there are any, or the
    settings could not be read, the cross-row checks still run on the rows that were read, and every
    problem of both stages is raised at once.
    """
    issues = list(issues or ())
    for table, parsed in tables.items():
        if parsed is not None:
            issues.extend(parsed.issues)
            source.lines[table.file] = parsed.lines
    if issues or settings is None:
        raise CaseError(issues + _partial_checks(settings, tables, source))
    data = {name: getattr(settings, name) for name in CaseSettings.model_fields}
    for table in TABLES:
        if table in tables:
            data[table.field] = tuple(tables[table].records)
    try:
        return Case.model_validate(data)
    except ValidationError as err:
        issues: list[Issue] = []
        for e in err.errors():
            inner = (e.get("ctx") or {}).get("error")
            if isinstance(inner, CaseError):
                issues.extend(source.locate(i) for i in inner.issues)
            else:
                key = ".".join(str(p) for p in e["loc"])
                issues.append(source.locate(Issue("case.yaml", None, key or None, explain(e))))
        raise CaseError(issues) from None


def _partial_checks(settings: CaseSettings | None, tables: dict[Table, Parsed | None], source: Source) -> list[Issue]:
    """The cross-row problems among the rows that were read, quiet about what a missing row could change."""
    unread: dict[str, frozenset[str] | None] = {}
    data = {}
    for table in TABLES:
        parsed = tables.get(table, False)
        if parsed is False:  # no such file
            if table.required:
                unread[table.field] = None
            continue
        if parsed is None or parsed.unread is None:
            unread[table.field] = None
        elif not parsed.complete:
            unread[table.field] = parsed.unread
        data[table.field] = tuple(parsed.records) if parsed is not None else ()
    if settings is None:
        fields = {"name": "?"}
    else:
        fields = {name: getattr(settings, name) for name in CaseSettings.model_fields}
    partial = Case.model_construct(**{**fields, **{t.field: () for t in TABLES if t.required}, **data})
    try:
        check_case(partial, Unread(unread, settings=settings is None))
    except CaseError as err:
        return [source.locate(i) for i in err.issues]
    return []


def revalidate(case: Case) -> Case:
    """Validate a case again (one built with model_copy skips validation); CaseError on any problem."""
    try:
        return Case.model_validate(case.model_dump())
    except ValidationError as err:
        issues: list[Issue] = []
        files = {t.field: t.file for t in TABLES}
        for e in err.errors():
            inner = (e.get("ctx") or {}).get("error")
            loc = e["loc"]
            if isinstance(inner, CaseError):
                issues.extend(inner.issues)
            elif len(loc) >= 2 and loc[0] in files and isinstance(loc[1], int):
                column = str(loc[2]) if len(loc) > 2 else None
                issues.append(Issue(files[loc[0]], loc[1] + FIRST_DATA_LINE, column, explain(e)))
            else:
                key = ".".join(str(p) for p in loc)
                issues.append(Issue("case.yaml", None, key or None, explain(e)))
        raise CaseError(issues) from None
