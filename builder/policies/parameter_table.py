"""policies/README.md's table of parameters, generated from the declaration (screener/parameters.py).

    .venv/bin/python -m builder.policies.parameter_table     rewrites the table in place
"""

from __future__ import annotations

from pathlib import Path

from screener.parameters import PARAMETERS

README = Path(__file__).resolve().parents[2] / "policies" / "README.md"
START, END = "<!-- parameters: generated from screener/parameters.py -->", "<!-- parameters: end -->"
KIND_WORDS = {"money": "金额", "number": "数字", "yesno": "true/false", "choice": "", "shares": "比例列表"}


def generated_table() -> str:
    rows = ["| name | unit / values | programmes | meaning |", "|---|---|---|---|"]
    for d in PARAMETERS.values():
        values = " \\| ".join(f"`{c}`" for c in d.choices) if d.kind == "choice" else f"{d.unit}（{KIND_WORDS[d.kind]}）"
        if d.breakdowns:
            values += "，分项 " + " 或 ".join(f"`[{', '.join(b)}]`" for b in d.breakdowns)
        rows.append(f"| `{d.name}` | {values} | {', '.join(d.programs)} | {d.meaning} |")
    return "\n".join(rows)


def current_table() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n")


def write() -> None:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    README.write_text(f"{head}{START}\n{generated_table()}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")


if __name__ == "__main__":
    write()
    print(f"{README}: parameter table rewritten ({len(PARAMETERS)} parameters)")
