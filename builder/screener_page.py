"""The screener's page step: docs/screener/index.md, the questions as plain HTML
(templates/screener/ + screener/questions.py), and the data the page's scripts read about places and
offices."""

from __future__ import annotations

import json

from builder.errors import UserFacingError


def chosen_jurisdictions(ctx) -> list[dict]:
    """The engine data of the jurisdictions this build is for."""
    return [ctx.engine_bundle["jurisdictions"][j.id] for j in ctx.jurisdictions]


def routing_units(j: dict) -> list[dict]:
    """The offices a resident picks where she lives: the townships (乡镇、街道) where the place's
    offices are townships (枞阳, 鹤城); its districts and counties where they are (运城, 天津)."""
    towns = [o for o in j["offices"] if o["level"] == "township"]
    return towns or [o for o in j["offices"] if o["level"] == "county" and o["id"] != j["fallback_office"]
                     and o.get("kind", "minzheng") == "minzheng"]


def _place_name(o: dict) -> str:
    """A district's office stands for the district: "和平区民政局" is answered as "和平区"."""
    return o["name"].removesuffix("民政局") if o["level"] == "county" else o["name"]


def questions_data(ctx) -> dict:
    """screener/questions.py's data with `choices_from` filled from the engine data."""
    from screener import questions

    bundle = ctx.engine_bundle
    js = chosen_jurisdictions(ctx)
    try:
        ages = questions.question_ages(js, ctx.options.today.isoformat())
    except ValueError as e:
        raise UserFacingError(f"screener/questions.py: {e}") from None
    data = questions.data(ages)
    cash = [p for p in bundle["programs"].values() if p["kind"] == "cash"]
    for screen in data["screens"]:
        for f in screen["fields"]:
            source = f.pop("choices_from")
            if source is None:
                continue
            if source == "jurisdictions":
                f["choices"] = [{"value": j["id"], "label": j["name"], "json": j["id"], "help": "",
                                 "exclusive": False} for j in js] + f["choices"]
            elif source == "programs":
                f["choices"] = [{"value": p["id"], "label": p["name"], "json": p["id"], "help": "",
                                 "exclusive": False} for p in cash] + f["choices"]
            elif source == "townships":
                f["choices_by_j"] = {
                    j["id"]: [{"value": o["id"], "label": _place_name(o), "json": o["id"], "help": "",
                               "exclusive": False} for o in routing_units(j)] + f["choices"]
                    for j in js}
            else:
                raise UserFacingError(f"screener/questions.py: field {f['id']}: unknown choices_from {source!r}")
    data["jurisdictions"] = [{"id": j["id"], "name": j["name"]} for j in js]
    # Programmes other departments run (医疗、教育、住房、就业救助): the result lists them together.
    data["referrals"] = [p["id"] for p in bundle["programs"].values() if p["kind"] == "referral"]
    data["place_uses"] = {j["id"]: questions.place_uses(j, ctx.options.today.isoformat()) for j in js}
    data["fixed_jurisdiction"] = js[0]["id"] if len(js) == 1 else None
    return data


def _offices_for_failure(bundle: dict, js: list[dict]) -> list[dict]:
    """What the page shows when the engine cannot start: the county office and the hotline."""
    out = []
    for j in js:
        offices = {o["id"]: o for o in j["offices"]}
        fallback = offices[j["fallback_office"]]
        out.append({"id": j["id"], "name": j["name"], "office": fallback, "hotline": j["hotline"]})
    return out


def render_app(ctx, site_root: str, assets: str, embed: bool = False) -> str:
    """The screener's HTML (questions, review, result, failure screen, scripts) for a page whose
    URL is `site_root` below the site's root and which finds the screener's files at `assets`.
    The screener page wraps it in the site's chrome; the embed page uses it bare."""
    from builder.templates import render

    bundle = ctx.engine_bundle
    js = chosen_jurisdictions(ctx)
    data = questions_data(ctx)
    return render("screener/app.html.j2", q=data, screens=data["screens"], ui=data["ui"], site_root=site_root,
                  assets=assets, embed=embed, failure=_offices_for_failure(bundle, js),
                  data_json=json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/"))


def write_screener_page(ctx) -> None:
    from builder.templates import render

    page = ctx.docs_dir / "screener" / "index.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(render("screener/page.md.j2", app=render_app(ctx, site_root="../", assets="./")),
                    encoding="utf-8")
