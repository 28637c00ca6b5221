"""`python -m screener evaluate | batch | jurisdictions | offices` (contract: ../shared/contract.md).

Bad input ends with exit code 2 and one Chinese line on standard error naming the field path;
nothing is printed on standard output then. Broken data in policies/ ends with exit code 1.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import screener
from screener import data
from screener.household import (DISABILITY_GRADES, MEMBER, TOP, Field, HouseholdError, find_jurisdiction,
                                parse_date)
from screener.roster import has_lone_surrogate

EXIT_BAD_INPUT = 2
EXIT_BAD_DATA = 1

def _example(f: Field) -> str:
    """How `--help` shows a field's value: its allowed values, or an example."""
    k = f.kind
    if k == "choice":
        return "|".join(f'"{c}"' for c in f.choices)
    if k == "amounts":
        return "{" + ", ".join(f'"{c}": 0' for c in f.choices) + "}"
    if k == "disability":
        return ('null | {"category": ' + "|".join(f'"{c}"' for c in f.choices) + ', "grade": '
                + "|".join(map(str, DISABILITY_GRADES)) + "}")
    if k == "emergency":
        return 'null | {"kind": ' + "|".join(f'"{c}"' for c in f.choices) + ', "township": "<office id>"}'
    if k == "members":
        return "[{" + ", ".join(f'"{m.name}": {_example(m)}' for m in MEMBER) + "}]"
    if k == "text":
        return '"zongyang"' if f.name == "jurisdiction" else '"r1"'
    return {"age": "45", "yesno": "false", "money": "0", "office": '"<office id>"', "date": '"2026-11-01"',
            "programmes": '["dibao"]', "version": "1"}[k]


def _wrap(items: list[str], first: str, indent: str, width: int) -> list[str]:
    lines, line = [], first
    for item in items:
        if len(line) + len(item) > width and line.strip() not in ("", "{", '"members": [{'):
            lines.append(line.rstrip())
            line = indent
        line += item
    return lines + [line]


def household_help(width: int = 116) -> str:
    """The household JSON as `--help` shows it, from the field table (screener/household.py)."""
    lines, pending = [], []
    for i, f in enumerate(TOP):
        end = ", " if i < len(TOP) - 1 else "}"
        if f.kind == "members":
            lines += _wrap(pending, "  {" if not lines else "   ", "   ", width)
            pending = []
            member = [f'"{m.name}": {_example(m)}' + (", " if j < len(MEMBER) - 1 else "}]" + end)
                      for j, m in enumerate(MEMBER)]
            lines += _wrap(member, '   "members": [{', " " * 16, width)
        else:
            pending.append(f'"{f.name}": {_example(f)}{end}')
    lines += _wrap(pending, "   ", "   ", width)
    return ("household JSON (one object; only members[].age is required, null = don't know):\n"
            + "\n".join(line.rstrip() for line in lines) + "\noffice ids: python -m screener offices --jurisdiction ID\n")


HOUSEHOLD_HELP = household_help()


class UsageError(HouseholdError):
    def __str__(self) -> str:
        return self.message


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one Chinese line, exit 2, no usage dump
        raise UsageError("", f"命令行参数有误（{message}）；用法见 python -m screener --help")


def parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="python -m screener",
                 description="明白 Mingbai eligibility screener: which social-assistance programmes a household "
                             "may get, how much, why (each reason cites its clause), what to bring and where to go.",
                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=HOUSEHOLD_HELP)
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser("evaluate", help="evaluate one household (JSON from FILE or standard input)",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=HOUSEHOLD_HELP)
    p.add_argument("--jurisdiction", metavar="ID", help="jurisdiction id (else the household's \"jurisdiction\")")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="use the parameters in force that day (default: today)")
    p.add_argument("file", nargs="?", default="-", metavar="FILE|-", help="household JSON file; - or none: stdin")
    p.add_argument("--text", action="store_true",
                   help="print a plain Chinese explanation (clauses by their document number) instead of JSON")
    from screener.batch import CSV_HELP

    p = sub.add_parser("batch", help="evaluate many households (JSONL or CSV) into one result per row",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=CSV_HELP)
    p.add_argument("--jurisdiction", metavar="ID", help="jurisdiction for every row (else each row's own)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="evaluation date for every row (else each row's own, or today)")
    p.add_argument("input", metavar="IN.(jsonl|csv|xlsx)")
    p.add_argument("--encoding", metavar="utf-8|gbk", help="the CSV's encoding (default: guessed; UTF-8 or GBK/GB18030)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.(jsonl|csv)")
    p.add_argument("--no-progress", action="store_true", help="no progress line, even on a terminal")
    sub.add_parser("jurisdictions", help="list the jurisdictions as JSON [{id, name}]")
    p = sub.add_parser("offices", help="list a jurisdiction's offices as JSON (the ids township fields take)")
    p.add_argument("--jurisdiction", required=True, metavar="ID")
    return ap


class BundleUnbuildable(RuntimeError):
    """policies/ is newer than bundle.json and could not be turned into it: str() is the builder's message."""


def fresh_bundle() -> None:
    """In a checkout (policies/ next to screener/), regenerate bundle.json when policies/ or the code is newer,
    by running the builder's bundle step in its own process (`python -m builder.policies.bundle`): the
    engine and its command line never import the builder."""
    root = Path(__file__).resolve().parent.parent
    policies_dir = root / "policies"
    if not policies_dir.is_dir() or not (root / "builder" / "policies" / "__init__.py").exists():
        return
    inputs = [p for p in policies_dir.rglob("*") if p.is_file()]
    inputs += list((root / "builder" / "policies").glob("*.py"))
    inputs += [p for p in (root / "screener").rglob("*.py")]
    newest = max((p.stat().st_mtime for p in inputs), default=0)
    target = data.BUNDLE_PATH
    if target.exists() and target.stat().st_mtime >= newest:
        return
    done = subprocess.run([sys.executable, "-m", "builder.policies.bundle", str(target)], cwd=root,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise BundleUnbuildable(done.stderr.strip() or done.stdout.strip())
    data.reset()


def _read(file: str) -> str:
    where = "标准输入" if file == "-" else f"文件 {file}"
    try:
        raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        return raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise HouseholdError("", f"找不到文件 {file}") from None
    except IsADirectoryError:
        raise HouseholdError("", f"{file} 是一个文件夹，应为一户家庭的 JSON 文件") from None
    except UnicodeDecodeError as e:
        raise HouseholdError("", f"{where}不是 UTF-8 编码的文字（第 {e.start + 1} 个字节起无法识别）") from None
    except OSError as e:
        raise HouseholdError("", f"读不了{where}（{e.strerror}）") from None


def parse_json(text: str):
    try:
        household = json.loads(text)
    except json.JSONDecodeError as e:
        raise HouseholdError("", f"JSON 格式错误（第 {e.lineno} 行第 {e.colno} 列：{e.msg}）") from None
    except RecursionError:
        raise HouseholdError("", "JSON 嵌套层数太多，不是一户家庭的信息") from None
    except ValueError:       # int() refuses over 4,300 digits
        raise HouseholdError("", "JSON 里有位数太多的数字，不是一户家庭的信息") from None
    if has_lone_surrogate(household):
        raise HouseholdError("", "JSON 里有不成对的 \\ud800–\\udfff 转义，不是有效的文字")
    return household


def _cmd_evaluate(args) -> int:
    if args.date is not None:
        parse_date(args.date, "--date")
    household = parse_json(_read(args.file))
    result = screener.evaluate(household, jurisdiction=args.jurisdiction, date=args.date)
    if args.text:
        from screener.explain import explain

        sys.stdout.write(explain(result, data.bundle().citations))
    else:
        sys.stdout.write(screener.to_json(result, indent=2) + "\n")
    return 0


def _cmd_jurisdictions(args) -> int:
    sys.stdout.write(json.dumps(screener.list_jurisdictions(), ensure_ascii=False, indent=2) + "\n")
    return 0


def _cmd_offices(args) -> int:
    sys.stdout.write(json.dumps(screener.list_offices(args.jurisdiction), ensure_ascii=False, indent=2) + "\n")
    return 0


def _cmd_batch(args) -> int:
    from screener.batch import run

    if args.date is not None:
        parse_date(args.date, "--date")
    if args.jurisdiction is not None:
        find_jurisdiction(data.bundle(), args.jurisdiction, "--jurisdiction")
    return run(args.input, args.output, jurisdiction=args.jurisdiction, date=args.date,
               progress=not args.no_progress and sys.stderr.isatty(), encoding=args.encoding)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = parser().parse_args(argv)
        if args.command is None:
            parser().print_help()
            return 0
        fresh_bundle()
        return globals()[f"_cmd_{args.command}"](args)
    except HouseholdError as e:
        print(str(e), file=sys.stderr)
        return EXIT_BAD_INPUT
    except screener.BundleMissing as e:
        print(str(e), file=sys.stderr)
        return EXIT_BAD_DATA
    except BundleUnbuildable as e:   # broken policies/ while regenerating the bundle: the builder's own message
        print(f"引擎数据无法从 policies/ 生成：\n{e}", file=sys.stderr)
        return EXIT_BAD_DATA
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
