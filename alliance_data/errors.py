"""Problems found in data, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as we can.

    ``row`` counts as frictionless does (the header is row 1); for JSON files ``column`` holds a
    JSON pointer and ``row`` is None.

    >>> str(Problem("data/trends.csv", 3, "label", "missing", "Field required"))
    'data/trends.csv:3:label: missing: Field required'
    """

    file: str
    row: int | None
    column: str | None
    code: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column is not None:
            where += f":{self.column}"
        return f"{where}: {self.code}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "row": self.row, "column": self.column, "code": self.code, "message": self.message}


class DataError(ValueError):
    """The data could not be loaded; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.code))
        lines = [str(p) for p in self.problems[:20]]
        if len(self.problems) > 20:
            lines.append(f"... and {len(self.problems) - 20} more")
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n" + "\n".join(lines))
