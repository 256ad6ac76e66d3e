"""Turn validated settings and records into a Case, renumbering cross-check issues to real lines."""

from __future__ import annotations

from pydantic import ValidationError

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
            key = issue.column
            while key and key not in self.key_lines and "." in key:
                key = key.rsplit(".", 1)[0]
            row = self.key_lines.get(key)
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
