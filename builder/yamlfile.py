"""Load YAML with line numbers, so every data problem can be reported as file:line.

`load_yaml(path)` returns plain Python data (dicts, lists, str, int, float, bool, None,
datetime.date) plus a `Lines` map from a field path such as `values.2025-09-01.source`
or `clauses[3].text` to the 1-based line where that value starts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from builder.errors import PolicyDataError, Problem


class Lines:
    def __init__(self, file: Path, rel: str):
        self.file, self.rel = file, rel
        self._at: dict[str, int] = {}

    def line(self, path: str) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        while True:
            if path in self._at:
                return self._at[path]
            if not path:
                return None
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""

    def problem(self, path: str, message: str) -> Problem:
        return Problem(self.rel, self.line(path), path or None, message)


def _join(parent: str, key: object) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


def _scalar(node: yaml.Node, constructor: yaml.SafeLoader, lines: Lines, path: str):
    """A scalar as YAML reads it; a date-shaped word that is no date (2021-13-01) is a problem at its line."""
    try:
        return constructor.construct_object(node, deep=True)
    except ValueError as e:
        raise PolicyDataError([Problem(lines.rel, node.start_mark.line + 1, path or None,
                                       f"{node.value!r} 不是有效的日期（{e}）；应为 YYYY-MM-DD")]) from None


def _build(node: yaml.Node, constructor: yaml.SafeLoader, lines: Lines, path: str):
    lines._at.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, constructor, lines, path)
            if isinstance(key, (dt.date, int, float)):
                key = key.isoformat() if isinstance(key, dt.date) else key
            if key in out:
                raise PolicyDataError([Problem(lines.rel, key_node.start_mark.line + 1, _join(path, key),
                                               "同一个字段写了两次")])
            child = _join(path, key)
            lines._at[child] = key_node.start_mark.line + 1
            out[key] = _build(value_node, constructor, lines, child)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, constructor, lines, _join(path, i)) for i, item in enumerate(node.value)]
    return _scalar(node, constructor, lines, path)


def load_yaml(path: Path, root: Path) -> tuple[object, Lines]:
    rel = path.relative_to(root.parent) if path.is_relative_to(root.parent) else path
    lines = Lines(path, str(rel))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise PolicyDataError([Problem(rel, None, None, f"不是 UTF-8 编码的文本（{e.reason}）")])
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = None if node is None else _build(node, loader, lines, "")
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise PolicyDataError([Problem(rel, line, None, f"YAML 格式错误：{e.problem or e.context}")])
    except yaml.YAMLError as e:
        raise PolicyDataError([Problem(rel, None, None, f"YAML 格式错误：{e}")])
    return data, lines
