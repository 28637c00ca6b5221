"""build.py's subcommands. Imports stay inside the handlers so `--help` needs no set-up."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _add_build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--release", action="store_true",
                   help="refuse to build while any figure or office shown is marked verified: false (示例)")
    p.add_argument("--jurisdiction", metavar="ID",
                   help="build for one jurisdiction only (its site skips the jurisdiction picker)")
    p.add_argument("--site-url", metavar="URL",
                   help="the address the site is published at; QR codes and the embed snippet use it "
                        "(default: site_url in mkdocs.yml)")
    p.add_argument("--no-pdf", action="store_true", help="skip the printable PDFs (faster local builds)")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python3 build.py",
        description="Mingbai (明白): build the guide site, the in-browser screener and the print files "
                    "from policies/. The first run of any subcommand but --help sets everything up.",
    )
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("setup", help="only set up: .venv, pinned Python and npm packages, Debian packages")

    p = sub.add_parser("check", help="validate every file in policies/ and report file:line for each problem")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="check that parameters are in force on this date")

    p = sub.add_parser("build", help="build the whole site into site/ (atomically: a failed build keeps the old site/)")
    _add_build_options(p)

    p = sub.add_parser("serve", help="build, then serve site/ at http://127.0.0.1:8000 with the right MIME types")
    _add_build_options(p)
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--no-build", action="store_true", help="serve the existing site/ without rebuilding")

    p = sub.add_parser("pdf", help="build only the printable PDFs (口袋书, 明白卡) into site/downloads/")
    p.add_argument("--jurisdiction", metavar="ID")
    p.add_argument("--site-url", metavar="URL")

    p = sub.add_parser("test", help="run every test (unit, golden, property, Pyodide, real-browser); "
                                    "extra arguments go to pytest")
    p.add_argument("pytest_args", nargs=argparse.REMAINDER)

    p = sub.add_parser("bench", help="run the benchmarks in bench/ and record their results")
    p.add_argument("names", nargs="*", help="which benchmarks (default: all)")

    p = sub.add_parser("worksheet", help="write a place's 数据核对表 (xlsx and a CSV pair) for its 民政局 to fill in "
                                         "with the real figures and offices (docs/staff/worksheet.md)")
    p.add_argument("--jurisdiction", metavar="ID", required=True)
    p.add_argument("-o", "--output", metavar="FILE.xlsx",
                   help="where to write it (default: 数据核对表-ID.xlsx in the current folder); "
                        "the CSV pair is written beside it as FILE-标准.csv and FILE-办事地点.csv")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="show the values in force on this date (default: today)")

    p = sub.add_parser("apply-worksheet", help="check filled-in 数据核对表 file(s) (.xlsx, or either file of a CSV pair), "
                                               "show the changes, and on confirmation write them into policies/")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--yes", action="store_true", help="write without asking (for scripts)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="treat this as today (default: today)")

    p = sub.add_parser("case", help="check golden case file(s) against the screener (docs/staff/golden-cases.md); "
                                    "a case without `expect:` gets the screener's answer to review and paste")
    p.add_argument("files", nargs="+", metavar="FILE.yaml")
    return ap


def main(argv: list[str]) -> int:
    if argv[:1] == ["test"] and not {"-h", "--help"} & set(argv[1:]):
        argv = ["test", "--", *argv[1:]]  # everything after `test` belongs to pytest
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return 0
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = globals()[f"_cmd_{args.command.replace('-', '_')}"]
    return handler(args)


def _cmd_setup(args) -> int:
    print("[set-up] everything is in place.")
    return 0


def _cmd_check(args) -> int:
    from builder.errors import UserFacingError
    from builder.policies import load_policies

    try:
        policies = load_policies(ROOT / "policies", check_date=args.date)
    except UserFacingError as e:
        print(e, file=sys.stderr)
        return 1
    print(f"policies/ OK: {policies.summary()}")
    return 0


def _build_options(args):
    from builder.site import BuildOptions

    return BuildOptions(
        release=args.release,
        jurisdiction=args.jurisdiction,
        site_url=args.site_url,
        pdf=not args.no_pdf,
    )


def _cmd_build(args) -> int:
    from builder.errors import UserFacingError
    from builder.site import build_site

    try:
        build_site(_build_options(args))
    except UserFacingError as e:
        print(f"\nBUILD FAILED — site/ was left as it was.\n{e}", file=sys.stderr)
        return 1
    return 0


def _cmd_serve(args) -> int:
    from builder.serve import serve

    if not args.no_build and _cmd_build(args) != 0:
        return 1
    serve(ROOT / "site", host=args.host, port=args.port)
    return 0


def _cmd_pdf(args) -> int:
    from builder.errors import UserFacingError
    from builder.site import BuildOptions, build_pdfs_only

    try:
        build_pdfs_only(BuildOptions(jurisdiction=args.jurisdiction, site_url=args.site_url))
    except UserFacingError as e:
        print(f"\nPDF BUILD FAILED.\n{e}", file=sys.stderr)
        return 1
    return 0


def _cmd_test(args) -> int:
    extra = [a for a in args.pytest_args if a != "--"]
    return subprocess.call([sys.executable, "-m", "pytest", *extra], cwd=ROOT)


def _cmd_bench(args) -> int:
    from bench import run_benchmarks

    return run_benchmarks(args.names)


def _date_arg(text: str | None):
    import datetime as dt

    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"--date {text!r}: 应为 YYYY-MM-DD") from None


def _cmd_worksheet(args) -> int:
    from builder.errors import UserFacingError
    from builder.policies import load_policies
    from builder.worksheet.write import write_worksheet

    today = _date_arg(args.date)
    try:
        policies = load_policies(ROOT / "policies", check_date=today)
        [j] = policies.select_jurisdictions(args.jurisdiction)
    except UserFacingError as e:
        print(e, file=sys.stderr)
        return 1
    out = Path(args.output or f"数据核对表-{j.id}.xlsx")
    if out.suffix.lower() != ".xlsx":
        print(f"-o {out}: 文件名要以 .xlsx 结尾", file=sys.stderr)
        return 1
    for path in write_worksheet(policies, j, out, today):
        print(f"写好了 {path}")
    return 0


def _cmd_apply_worksheet(args) -> int:
    from builder.worksheet.apply import apply_worksheets

    return apply_worksheets([Path(f) for f in args.files], ROOT / "policies", _date_arg(args.date), args.yes)


def _cmd_case(args) -> int:
    from builder.errors import UserFacingError
    from builder.policies import load_policies
    from screener.cli import fresh_bundle
    from tests.golden.golden import check_file

    try:
        policies = load_policies(ROOT / "policies")
        fresh_bundle()
    except UserFacingError as e:
        print(e, file=sys.stderr)
        return 1
    return max(check_file(f, cite=policies.cite) for f in args.files)
