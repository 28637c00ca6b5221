"""Write checked worksheet updates into policies/ (ruamel.yaml keeps each file's comments and order), and
describe each change in a line a person can read (old → new, per place).

`apply_worksheets` is the whole command: read, check, show, confirm, then write — and only after a copy of
policies/ with the changes has passed the same check the build runs. Anything wrong: nothing is written.
Applying the same sheet twice changes nothing the second time.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from builder.errors import UserFacingError
from builder.pages.figures import format_figure
from builder.worksheet.check import ContactUpdate, Document, FigureUpdate, Plan, check_tables, describe
from builder.worksheet.read import Complaint, Where, WorksheetUnreadable, read_worksheet
from builder.worksheet.table import CONTACT_ROWS
from screener.parameters import PARAMETERS, is_amount


def _yaml() -> YAML:
    # These settings write the files under policies/jurisdictions/ and references.yaml back byte for byte
    # when nothing changed (tests/unit/test_worksheet.py checks it).
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=2, offset=0)
    y.representer.add_representer(type(None), lambda r, d: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


class YamlFiles:
    """The policies/ files an update touches, loaded once for round-trip editing."""

    def __init__(self, root: Path):
        self.root, self.yaml = root, _yaml()
        self.docs: dict[str, object] = {}
        self.original: dict[str, str] = {}

    def doc(self, rel: str):
        if rel not in self.docs:
            text = (self.root / rel).read_text(encoding="utf-8")
            self.original[rel], self.docs[rel] = text, self.yaml.load(text)
        return self.docs[rel]

    def changed(self) -> dict[str, str]:
        out = {}
        for rel, doc in self.docs.items():
            s = io.StringIO()
            self.yaml.dump(doc, s)
            text = spaced(s.getvalue()) if rel.endswith(("parameters.yaml", "references.yaml")) else s.getvalue()
            if text != self.original[rel]:
                out[rel] = text
        return out


def spaced(text: str) -> str:
    """One blank line between top-level entries and none inside one. ruamel keeps a blank line with the key
    before it, so an inserted or deleted dated value would otherwise move it into the middle of a block.
    (The files in policies/ are written this way: the function leaves them unchanged.)"""
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        following = next((x for x in lines[i + 1:] if x.strip()), "")
        if not line.strip() and following.startswith(" "):
            continue                      # a blank line inside an entry
        if line and not line[0].isspace() and not line.startswith("#") and out and out[-1].startswith(" "):
            out.append("")                # a new top-level entry right after the previous one's last line
        out.append(line)
    return "\n".join(out)


def _flow(items: list) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def checked_note(j, who: str, when: dt.date) -> str:
    return f"{j.name}数据核对表，{who} {when.isoformat()} 核对"


class Writer:
    """Applies updates to the loaded files and keeps, per place, the lines that describe what changed."""

    def __init__(self, policies, files: YamlFiles, today: dt.date):
        self.policies, self.files, self.today = policies, files, today
        self.lines: dict[str, list[str]] = {}

    def say(self, jid: str, line: str) -> None:
        self.lines.setdefault(jid, []).append(line)

    # ---- documents cited by a new figure or hotline: references.yaml ----------------------------------------

    def reference(self, j, title: str | None, number: str | None, published: dt.date | None,
                  note: str) -> str:
        refs = self.files.doc("references.yaml")
        for r in refs:   # a 文号 names a document; without one, its title does
            if (r.get("doc_number") == number) if number else (r.get("title") == title and not r.get("doc_number")):
                return r["id"]
        digest = hashlib.sha1(f"{title}|{number}".encode()).hexdigest()[:6]
        rid = f"{j.id}-{(published or self.today).year}-{digest}"
        entry = CommentedMap(id=rid, title=title or number)
        if not title:
            entry["title_verified"] = False
        entry.update(doc_number=number, date=published, date_note=note, cited_by=_flow([]))
        refs.append(entry)
        self.say(j.id, f"  新增依据文件 {rid}：{describe(Document(title, number, published), dated=True)}")
        return rid

    # ---- 标准 ------------------------------------------------------------------------------------------------

    def figure(self, j, u: FigureUpdate) -> None:
        d = PARAMETERS[u.param]
        doc = self.files.doc(f"jurisdictions/{j.id}/parameters.yaml")
        source = self.reference(j, u.document.title, u.document.number, u.document.published,
                                f"由{checked_note(j, u.checked_by, u.checked_on)}录入。")
        old = self.policies.parameter(j, u.param)
        before = old.at(self.today) if old else None
        inherited: set = set()
        if u.param not in doc:
            # The place's own copy of a national figure keeps the national history, so that dates before the
            # new value still get what they got (a place's parameter replaces the national one entirely).
            national = self.files.doc("jurisdictions/_national/parameters.yaml").get(u.param)
            spec = CommentedMap(description=d.meaning, unit=d.unit)
            if isinstance(u.value, dict):
                spec["breakdown"] = _flow(list(u.value))
            spec["values"] = copy.deepcopy(national["values"]) if national else CommentedMap()
            inherited = set(spec["values"])
            doc[u.param] = spec
        values = doc[u.param]["values"]
        entry = CommentedMap(u.value if isinstance(u.value, dict) else
                             {"value": _flow(u.value) if isinstance(u.value, list) else u.value})
        entry.update(source=source, verified=True, last_confirmed=u.checked_on, confirmed_by=u.checked_by)
        current = values.get(u.start)
        if current is not None and _same(current, entry):
            return
        later = [k for k in values if k > u.start]
        if current is None and later:
            values.insert(list(values).index(later[0]), u.start, entry)
        else:
            values[u.start] = entry
        state = "已核实" if before and before.verified else ("示例" if is_amount(u.param) else "未核实")
        was = f"{self.shown(d, before.value)}（{before.start} 起，{state}）" if before else "（没有）"
        self.say(j.id, f"  {short(d)}：{was} → {self.shown(d, u.value)}（{u.start} 起，已核实；依据 "
                       f"{describe(u.document)}；{u.checked_by} {u.checked_on} 核对）")
        if u.start <= self.today:
            # The unverified values standing in until now (the 示例 figures) were never known to be in force:
            # the new verified value replaces them, so no page says it was "调整" from an example.
            for k in reversed([k for k in values if k < u.start]):
                e = values[k]
                if e.get("verified") or k in inherited:     # national history is a restated rule, not an example
                    break
                del values[k]
                self.say(j.id, f"  删去此前未核实的数值（示例）：{short(d)} {k} 起 {self.shown(d, _plain(e))}")

    @staticmethod
    def shown(d, value) -> str:
        return format_figure(dict(value) if isinstance(value, dict) else value, d.unit)

    # ---- 办事地点 ---------------------------------------------------------------------------------------------

    def contact(self, j, u: ContactUpdate) -> None:
        note = checked_note(j, u.checked_by, u.checked_on)
        if u.key in CONTACT_ROWS:
            return self.place_contact(j, u, note)
        offices = self.files.doc(f"jurisdictions/{j.id}/offices.yaml")
        o = next(o for o in offices if o["id"] == u.key)
        before = dict(o)
        for k in ("address", "phone", "hours"):
            o[k] = u.fields[k]
        o["verified"] = True
        if u.fields["phone"]:
            o["phone_source"] = u.source or note
        o["last_confirmed"], o["confirmed_by"] = u.checked_on, u.checked_by
        shown = [_change(label, before.get(k), o.get(k)) for k, label in (
            ("address", "地址"), ("phone", "电话"), ("hours", "办公时间"), ("verified", "核实"))
            if before.get(k) != o.get(k)]
        if shown or before != dict(o):
            self.say(j.id, f"  {o['name']}：" + ("；".join(shown) or f"核对无误（{u.checked_by} {u.checked_on}）"))

    def place_contact(self, j, u: ContactUpdate, note: str) -> None:
        doc = self.files.doc(f"jurisdictions/{j.id}/jurisdiction.yaml")
        label = CONTACT_ROWS[u.key][0]
        if u.key not in doc:
            doc[u.key] = CommentedMap()
        spec = doc[u.key]
        field = "name" if u.key == "issued_by" else "number"
        before, was = (spec.get(field), spec.get("verified")), dict(spec)
        if u.key == "issued_by":
            spec["name"] = u.fields["name"]
        else:
            if u.key == "hotline" and spec.get("number") != u.fields["phone"]:
                spec["source"] = self.reference(j, u.source, None, None, f"热线号码出处，由{note}录入。")
            elif u.key == "supervision":
                spec.setdefault("name", "监督举报电话")
                spec["source"] = u.source or note
            spec["number"] = u.fields["phone"]
        if not before[1]:
            spec.pop("note", None)      # the note asked for this very check
        spec["verified"] = True
        spec["last_confirmed"], spec["confirmed_by"] = u.checked_on, u.checked_by
        if before[0] != spec[field]:
            self.say(j.id, f"  {label}：{before[0] or '（空）'} → {spec[field]}（已核实）")
        elif not before[1]:
            self.say(j.id, f"  {label}：{spec[field]}，已核实")
        elif was != dict(spec):
            self.say(j.id, f"  {label}：{spec[field]}，核对无误（{u.checked_by} {u.checked_on}）")


def short(d) -> str:
    """The parameter's name without its explanation: 就业成本扣减：每个就业的人…… → 就业成本扣减."""
    return d.meaning.split("：")[0]


def _same(a: CommentedMap, b: CommentedMap) -> bool:
    plain = lambda m: {k: list(v) if isinstance(v, list) else v for k, v in m.items() if k != "note"}  # noqa: E731
    return plain(a) == plain(b)


def _plain(entry):
    return entry["value"] if "value" in entry else {k: v for k, v in entry.items()
                                                   if k not in ("source", "verified", "last_confirmed", "note",
                                                                "confirmed_by")}


def _change(label: str, old, new) -> str:
    if label == "核实":
        return "已核实" if new else "改为未核实"
    return f"{label} {old or '（空）'} → {new or '（空）'}"


# ---- the command --------------------------------------------------------------------------------------------

def plan_worksheets(policies, paths: list[Path], today: dt.date) -> Plan:
    """Read and check every file; one Plan with every update and every complaint."""
    plan = Plan()
    for path in paths:
        try:
            tables = read_worksheet(path)
        except WorksheetUnreadable as e:
            plan.complaints.append(Complaint(Where(path.name, 1), str(e)))
            continue
        one = check_tables(policies, tables, today)
        plan.figures += one.figures
        plan.contacts += one.contacts
        plan.complaints += one.complaints
    return plan


def edit(policies, plan: Plan, root: Path, today: dt.date) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(changed files: policies-relative path → new text, lines describing the change per place)."""
    files = YamlFiles(root)
    w = Writer(policies, files, today)
    places = policies.data["jurisdictions"]
    for u in plan.figures:
        w.figure(places[u.jid], u)
    for u in plan.contacts:
        w.contact(places[u.jid], u)
    return files.changed(), w.lines


def _checked_copy(root: Path, changed: dict[str, str], today: dt.date) -> None:
    """Load a copy of policies/ with the changes through the build's own check (raises UserFacingError)."""
    from builder.policies import load_policies

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "policies"
        shutil.copytree(root, copy)
        for rel, text in changed.items():
            (copy / rel).write_text(text, encoding="utf-8")
        load_policies(copy, check_date=today)


def _write(root: Path, changed: dict[str, str]) -> None:
    staged = []
    for rel, text in changed.items():
        tmp = (root / rel).with_suffix(".yaml.new")
        tmp.write_text(text, encoding="utf-8")
        staged.append((tmp, root / rel))
    for tmp, final in staged:
        os.replace(tmp, final)


def apply_worksheets(paths: list[Path], root: Path, today: dt.date, yes: bool, out=print,
                     confirm=None) -> int:
    from builder.policies import load_policies

    try:
        policies = load_policies(root, check_date=today)
    except UserFacingError as e:
        out(f"policies/ 现在就有问题，先修好再导入数据核对表：\n{e}")
        return 1
    plan = plan_worksheets(policies, paths, today)
    if plan.complaints:
        out(f"数据核对表有 {len(plan.complaints)} 处问题，什么都没有写入。请逐条改好后再运行：")
        for c in plan.complaints:
            out(f"  {c}")
        return 1
    changed, lines = edit(policies, plan, root, today)
    if not changed:
        out("表里填的内容和 policies/ 里的一致，不用改。")
        return 0
    places = policies.data["jurisdictions"]
    out("将要写入的改动：")
    for jid, said in lines.items():
        out(f"{places[jid].name}（{jid}）")
        for line in said:
            out(line)
    out("改动的文件：" + "、".join(f"policies/{rel}" for rel in changed))
    if not yes:
        if confirm is None:
            if not sys.stdin.isatty():
                out("没有写入：确认无误后加 --yes 再运行一次。")
                return 0
            confirm = lambda: input("写入 policies/ 吗？输入 y 确认：").strip().lower() in ("y", "yes", "是")  # noqa: E731
        if not confirm():
            out("没有写入。")
            return 0
    try:
        _checked_copy(root, changed, today)
    except UserFacingError as e:
        out(f"写入后的数据没有通过检查，什么都没有写入：\n{e}")
        return 1
    _write(root, changed)
    out(f"已写入 {len(changed)} 个文件。运行 python3 build.py build 更新网站和印刷品。")
    return 0
