"""Turn validated settings and records into a Case, renumbering cross-check issues to real lines."""

from __future__ import annotations

from pydantic import ValidationError

from inputs.settings import line_of
from inputs.tables import TABLES, Table, explain
from models import Case, CaseError, CaseSettings, Issue
from models.checks import FIRST_DATA_LINE


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


def assemble(settings: CaseSettings, tables: dict[Table, list], source: Source) -> Case:
    """Build the Case; raise CaseError with every cross-row problem, located."""
    data = {name: getattr(settings, name) for name in CaseSettings.model_fields}
    for table in TABLES:
        if table in tables:
            data[table.field] = tuple(tables[table])
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
