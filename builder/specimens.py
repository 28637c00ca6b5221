"""Specimen households: the engine's reasons, as residents read them, for site/citations.json.

The engine's reason texts are templates filled with a household's figures; evaluating a spread of
households in every jurisdiction — on the build's date and on the day each notice took effect — puts
each template the engine uses in front of the citation check with the clause it names.
"""

from __future__ import annotations

_NO_INCOME = {"farming": 0, "business": 0, "property": 0, "support_received": 0, "basic_pension": 0, "other": 0}


def _m(age, labor="full", wages=0, **kw) -> dict:
    return {"age": age, "labor": labor, "wages_monthly": wages, "self_care": "full", **kw}


def _hh(members, area="rural", income=None, **kw) -> dict:
    return {"area": area, "members": members, "income_monthly": {**_NO_INCOME, **(income or {})},
            "supporters": "able", "assets_over_limit": False, "receiving": [], **kw}


SPECIMENS = [
    _hh([_m(72, "none", self_care="partial")], income={"farming": 150, "basic_pension": 150}, supporters="none"),
    _hh([_m(45, wages=1500), _m(43, "partial"), _m(10)], income={"farming": 200}),
    _hh([_m(45, wages=1500), _m(43, "partial"), _m(10)], area="urban"),
    _hh([_m(50, wages=2600), _m(70, "none", disability={"category": "physical", "grade": 1}, self_care="none")],
        area="urban"),
    _hh([_m(40, wages=2400, newly_employed=True), _m(38, "partial")], area="urban", receiving=["dibao"],
        dibao_monthly_current=400),
    _hh([_m(40, wages=3000), _m(12)], receiving=["dibao"], dibao_monthly_current=300),
    _hh([_m(36, wages=5000)], area="urban", emergency={"kind": "fire", "township": None}),
    _hh([_m(36, wages=0)], emergency={"kind": "other", "township": None}),
    _hh([_m(44, wages=1200), _m(17, student="high_school"), _m(68, serious_illness=True)],
        expenses_year={"medical": 30000, "education": 8000}, last_year_income=14000),
    _hh([_m(9), _m(7)], supporters="none", income={"support_received": 0}),
    _hh([_m(30, "partial", disability={"category": "intellectual", "grade": 3})], income={"other": 900},
        supporters="unable", assets_over_limit=None),
    _hh([_m(62)], area=None, income={"farming": 600}, supporters=None, assets_over_limit=None),
    {"members": [{"age": 58}]},
]


def log_engine_claims(bundle: dict, claims, today) -> None:
    """Evaluate every specimen in every jurisdiction of the build's engine bundle (read, never changed) and
    log each reason and deduction with its citation."""
    import screener
    from screener import data

    screener.use_bundle(bundle)
    try:
        for jid, j in bundle["jurisdictions"].items():
            offices = [o["id"] for o in j["offices"] if o["id"] != j["fallback_office"]]
            days = {today.isoformat()} | {s["date"] for s in j["sources"] if s["date"]}
            # A place whose first verified standard replaced its examples has no data before it.
            first = min(v["start"] for v in j["parameters"]["dibao_standard"]["values"])
            for day in sorted(d for d in days if d >= first):
                for n, specimen in enumerate(SPECIMENS):
                    h = {**specimen, "jurisdiction": jid, "date": day}
                    if h.get("emergency") and offices:
                        h["emergency"] = {**h["emergency"], "township": offices[n % len(offices)]}
                    result = screener.evaluate(h)
                    for d in result["income"]["deductions"]:
                        claims.add(f"engine:{jid}/income", d["label"], _cite(d))
                    for p in result["programs"]:
                        for r in p["reasons"]:
                            claims.add(f"engine:{jid}/{p['id']}", r["text"], _cite(r))
                    rec = result["recommendation"]
                    if rec["why"]:
                        claims.add(f"engine:{jid}/recommendation", rec["why"], _cite(rec))
                    if rec.get("report_note"):
                        claims.add(f"engine:{jid}/recommendation", rec["report_note"]["text"], _cite(rec["report_note"]))
    finally:
        data.reset()


def _cite(r: dict) -> str | None:
    if r.get("source") is None:
        return None
    return r["source"] + (f"「{r['quote']}」" if r.get("quote") else "")
