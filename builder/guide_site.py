"""The guide site's page step: everything a resident reads, generated from policies/.

    home (docs/index.md + picker and buttons)     guides/<jurisdiction>/<program>/
    offices/<jurisdiction>/                       sources/<doc>/ (verbatim, clause anchors, backlinks)
    sources/references/   glossary/   changes/

Order matters: pages are planned first (so any page can link to any other), guides render
before sources (a clause lists the guides that cite it), the home page last (it links to
pages other steps wrote). Every cited claim (guides, print, the engine's reasons on specimen
households) goes to site/citations.json. Then the honesty checks: a stale parameter warns, and a release
build refuses any figure or office shown while marked verified: false.
"""

from __future__ import annotations

from builder.claims import ClaimLog
from builder.pages import changes, checks, glossary, guides, home, offices, sources
from builder.pages.context import GuideSite
from builder.pages.figures import EXAMPLE_MARK
from builder.pages.render import PageRegistry
from builder.specimens import log_engine_claims



def make_site(ctx) -> GuideSite:
    site = GuideSite(ctx=ctx, registry=PageRegistry(ctx.docs_dir), today=ctx.options.today,
                     jurisdictions={j.id: j for j in ctx.jurisdictions}, programs=ctx.policies.data.get("programs", {}))
    site.claims = ClaimLog(ctx.policies)
    site.env.globals["example_mark"] = EXAMPLE_MARK
    site.env.filters["clause_markup"] = sources.clause_markup
    return site


def write_guide_site(ctx) -> GuideSite:
    site = make_site(ctx)
    for plan in (guides.plan_guides, offices.plan_offices, sources.plan_sources, glossary.plan_glossary,
                 changes.plan_changes):
        plan(site)
    glossary.write_abbreviations(site)
    glossary.teach_search(site)
    guides.write_guides(site)
    offices.write_offices(site)
    glossary.write_glossary(site)
    changes.write_changes(site)
    home.write_home(site)
    sources.write_sources(site)          # last among ours: it lists the guides that cite each clause
    log_engine_claims(ctx.engine_bundle, site.claims, site.today)
    site.write_text("citations.json", site.claims.json())
    checks.warn_stale(site)
    if ctx.options.release:
        checks.refuse_example_data(site)
    ctx.guide_site = site                # for tests and later steps
    return site
