"""A small declarative schema for the YAML files in policies/.

A schema is built from `Str`, `Int`, `Num`, `Bool`, `Date`, `Enum`, `List`, `Map`,
`Record` and `Any`; `check(schema, data, lines)` returns every mismatch as a located
`Problem` ("policies/…/parameters.yaml:14: 字段 dibao_standard.unit：…").
Messages are in Chinese because the people who fix data files read Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from builder.errors import PolicyDataError, Problem
from builder.yamlfile import Lines, _join, load_yaml


# The id of a jurisdiction, a programme or an office: lower-case letters, digits and hyphens.
ID = r"[a-z][a-z0-9]*(-[a-z0-9]+)*"


class Schema:
    nullable = False

    def check(self, value, path: str, lines: Lines, out: list[Problem]) -> None:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


def _null_ok(schema: Schema, value, path, lines, out) -> bool:
    """True when the value is None and that is allowed (or reported)."""
    if value is None:
        if not schema.nullable:
            out.append(lines.problem(path, f"不能为空，应为{schema.describe()}"))
        return True
    return False


@dataclass
class Str(Schema):
    pattern: str | None = None
    nullable: bool = False
    hint: str | None = None

    def check(self, value, path, lines, out):
        if _null_ok(self, value, path, lines, out):
            return
        if not isinstance(value, str):
            out.append(lines.problem(path, f"应为{self.describe()}，实际是 {value!r}"))
        elif self.pattern and not re.fullmatch(self.pattern, value):
            out.append(lines.problem(path, f"{value!r} 不符合格式：{self.describe()}"))

    def describe(self):
        return self.hint or ("文字" if not self.pattern else f"符合 {self.pattern} 的文字")


@dataclass
class Num(Schema):
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    nullable: bool = False

    def check(self, value, path, lines, out):
        if _null_ok(self, value, path, lines, out):
            return
        ok_type = int if self.integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, ok_type):
            out.append(lines.problem(path, f"应为{self.describe()}，实际是 {value!r}"))
            return
        if self.minimum is not None and value < self.minimum or self.maximum is not None and value > self.maximum:
            out.append(lines.problem(path, f"{value} 超出范围，应为{self.describe()}"))

    def describe(self):
        kind = "整数" if self.integer else "数字"
        if self.minimum is not None and self.maximum is not None:
            return f"{self.minimum}–{self.maximum} 之间的{kind}"
        if self.minimum is not None:
            return f"不小于 {self.minimum} 的{kind}"
        return kind


def Int(**kw) -> Num:
    return Num(integer=True, **kw)


@dataclass
class Bool(Schema):
    nullable: bool = False

    def check(self, value, path, lines, out):
        if _null_ok(self, value, path, lines, out):
            return
        if not isinstance(value, bool):
            out.append(lines.problem(path, f"应为 true 或 false，实际是 {value!r}"))

    def describe(self):
        return "true 或 false"


def as_date(value) -> dt.date:
    """A checked date as YAML gave it (a date, or its YYYY-MM-DD text) as a date."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


@dataclass
class Date(Schema):
    nullable: bool = False

    def check(self, value, path, lines, out):
        if _null_ok(self, value, path, lines, out):
            return
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
                return
            except ValueError:
                pass
        if not isinstance(value, dt.date):
            out.append(lines.problem(path, f"应为日期 YYYY-MM-DD，实际是 {value!r}"))

    def describe(self):
        return "日期 YYYY-MM-DD"


@dataclass
class Enum(Schema):
    choices: tuple
    nullable: bool = False

    def check(self, value, path, lines, out):
        if _null_ok(self, value, path, lines, out):
            return
        if value not in self.choices:
            out.append(lines.problem(path, f"{value!r} 不是允许的值；可选：{self.describe()}"))

    def describe(self):
        return "、".join(str(c) for c in self.choices)


@dataclass
class List(Schema):
    items: Schema
    min_items: int = 0
    nullable: bool = False

    def check(self, value, path, lines, out):
        if _null_ok(self, value, path, lines, out):
            return
        if not isinstance(value, list):
            out.append(lines.problem(path, f"应为列表（每项：{self.items.describe()}），实际是 {value!r}"))
            return
        if len(value) < self.min_items:
            out.append(lines.problem(path, f"至少要有 {self.min_items} 项"))
        for i, item in enumerate(value):
            self.items.check(item, _join(path, i), lines, out)

    def describe(self):
        return f"列表（每项：{self.items.describe()}）"


@dataclass
class Map(Schema):
    """A mapping with free keys (matching `keys`) and values of one schema."""

    values: Schema
    keys: Str = field(default_factory=Str)
    nullable: bool = False

    def check(self, value, path, lines, out):
        if _null_ok(self, value, path, lines, out):
            return
        if not isinstance(value, dict):
            out.append(lines.problem(path, f"应为映射（键: 值），实际是 {value!r}"))
            return
        for k, v in value.items():
            self.keys.check(str(k), _join(path, k), lines, out)
            self.values.check(v, _join(path, k), lines, out)

    def describe(self):
        return f"映射（值：{self.values.describe()}）"


@dataclass
class Record(Schema):
    """A mapping with named fields; `required` fields must be present, unknown ones are errors."""

    required: dict[str, Schema]
    optional: dict[str, Schema] = field(default_factory=dict)
    nullable: bool = False

    def check(self, value, path, lines, out):
        if _null_ok(self, value, path, lines, out):
            return
        if not isinstance(value, dict):
            out.append(lines.problem(path, f"应为包含字段 {', '.join(self.required)} 的映射，实际是 {value!r}"))
            return
        for name, schema in self.required.items():
            if name not in value:
                out.append(lines.problem(path, f"缺少必填字段 {name}（{schema.describe()}）"))
            else:
                schema.check(value[name], _join(path, name), lines, out)
        for name, schema in self.optional.items():
            if name in value:
                schema.check(value[name], _join(path, name), lines, out)
        known = set(self.required) | set(self.optional)
        for name in value:
            if name not in known:
                out.append(lines.problem(_join(path, name),
                                         f"不认识的字段；允许的字段：{', '.join(sorted(known))}"))

    def describe(self):
        return "映射"


@dataclass
class Any(Schema):
    nullable: bool = True

    def check(self, value, path, lines, out):
        pass

    def describe(self):
        return "任意值"


def check(schema: Schema, data, lines: Lines) -> list[Problem]:
    out: list[Problem] = []
    schema.check(data, "", lines, out)
    return out


def load_checked(path, root, schema: Schema, problems: list[Problem], *, key: str | None = None,
                 expected: str | None = None, named: str = "文件名"):
    """Read one policies/ YAML file and check it against its schema; when `key` is given, that
    field must equal `expected` (the file or folder name, so ids and paths cannot drift apart).

    Every problem is added to `problems` so one build reports them all; returns (data, lines),
    or (None, None) when the file cannot be used."""
    try:
        data, lines = load_yaml(path, root)
    except PolicyDataError as e:
        problems += e.problems
        return None, None
    found = check(schema, data, lines)
    if found:
        problems += found
        return None, None
    if key is not None and data[key] != expected:
        problems.append(lines.problem(key, f"编号 {data[key]} 应与{named} {expected} 一致"))
        return None, None
    return data, lines
