"""Offices: a page per jurisdiction with every office (address, phone, hours, what it handles),
tap-to-call links and a 示例 mark on unverified entries; `offices/` lists the jurisdictions.

An unknown phone is null in the data: the page says 电话待核实 and points to the hotline."""

from __future__ import annotations


def plan_offices(site) -> None:
    site.registry.plan("offices/index.md")
    for j in site.jurisdictions.values():
        site.registry.plan(f"offices/{j.id}.md")


def write_offices(site) -> None:
    for j in site.jurisdictions.values():
        page = f"offices/{j.id}.md"
        county = [o for o in j.offices if o.level == "county"]
        towns = [o for o in j.offices if o.level == "township"]
        for o in j.offices:
            site.shown_offices.append((j.id, o))
        programs = site.programs
        cites = {}
        for o in j.offices:
            if o.source:
                cites[o.id] = site.cite_link(page, o.source)
        handles = {o.id: "、".join(programs[pid].short_name for pid in o.handles if pid in programs) for o in j.offices}
        site.write(page, "pages/offices.md.j2", j=j, county=county, towns=towns, handles=handles,
                   cites=cites, hotline_cite=site.cite_link(page, j.hotline["source"]))
    site.write("offices/index.md", "pages/offices-index.md.j2", jurisdictions=list(site.jurisdictions.values()))
