"""Errors that end a command with a message for a person, never a traceback."""

from __future__ import annotations

from pathlib import Path


class UserFacingError(Exception):
    """A problem the user can fix; str() is the whole message."""


class PolicyDataError(UserFacingError):
    """One or more problems in policies/, each located at file:line."""

    def __init__(self, problems: list["Problem"]):
        self.problems = problems
        lines = [f"policies/ 数据有 {len(problems)} 处问题（请按 文件:行号 修改）："]
        lines += [f"  {p}" for p in problems]
        super().__init__("\n".join(lines))


class Problem:
    """A single located problem: `policies/x.yaml:12: 字段 values.2025-09-01.source：说明`."""

    def __init__(self, file: Path | str, line: int | None, field: str | None, message: str):
        self.file, self.line, self.field, self.message = str(file), line, field, message

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"字段 {self.field}：" if self.field else ""
        return f"{where}: {what}{self.message}"

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"
