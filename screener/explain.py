"""A result as plain Chinese text for people (`python -m screener evaluate --text`):
each programme's status, amount, reasons with the clause's label, documents and office."""

from __future__ import annotations

from screener.context import yuan
from screener.status import STATUS_WORDS as STATUS


def explain(result: dict, citations: dict) -> str:
    def cite(c: str | None) -> str:
        if c is None:          # an example figure: no clause states it, and the sentence says so
            return ""
        got = citations.get(c)
        return f"〔{got['label'] if got else c}〕"

    inc = result["income"]
    out = [f"{result['jurisdiction']['name']}　{result['date']}　共同生活 {result['household_size']} 人",
           f"核算后家庭月收入 {yuan(inc['counted_monthly_total'])}，人均 {yuan(inc['counted_monthly_per_person'])}"]
    for d in inc["deductions"]:
        out.append(f"　扣减：{d['label']}　－{yuan(d['amount'])}　{cite(d['source'])}")
    for p in sorted(result["programs"], key=lambda p: ("likely", "possible", "unlikely").index(p["status"])):
        head = f"\n■ {p['name']}：{STATUS[p['status']]}"
        if p["monthly_amount"] is not None:
            head += f"，估算每月 {yuan(p['monthly_amount'])}"
        out.append(head)
        for r in p["reasons"]:
            out.append(f"　· {r['text']}{cite(r['source'])}")
        ge = p["details"].get("gradual_exit")
        if ge and ge.get("schedule"):
            months = "；".join(f"第{s['month']}月 {int(s['share'] * 100)}%" + (f" {yuan(s['amount'])}" if s["amount"] is not None else "")
                               for s in ge["schedule"])
            out.append(f"　渐退安排：{months}")
        if p["status"] != "unlikely":
            if p["documents"]:
                out.append("　带上：" + "；".join(p["documents"]))
            a = p["apply_at"]
            where = f"　去哪里：{a['name']}"
            if a.get("address"):
                where += f"（{a['address']}）"
            where += f"，电话 {a['phone']}" if a.get("phone") else f"，电话未核实，可拨打 {a['hotline']}"
            out.append(where + "。" + a["why"])
            for t in p["details"].get("time_limits", []):
                out.append(f"　时限：{t['what']} {t['limit']}{t['unit']}{cite(t['source'])}")
    if result["warnings"]:
        out.append("")
        out += [f"注意：{w}" for w in result["warnings"]]
    return "\n".join(out) + "\n"
