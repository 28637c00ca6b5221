"""What every generated page shares: the data, the page registry, citation links, figures.

`GuideSite` is made once per build by builder.guide_site. While pages render it records what
they showed — each citation (for the clause backlinks and each guide's 政策依据), each figure
(for the release check, the staleness warning and the tests) and each office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import UserFacingError
from builder.pages.render import PageRegistry, attr_escape, environment


@dataclass
class Shown:
    """One figure as a page showed it."""

    jurisdiction: str | None     # None: a national parameter
    name: str
    start: dt.date
    verified: bool
    last_confirmed: dt.date
    file: str
    page: str


@dataclass
class Backlink:
    page: str      # md path of the guide
    title: str


@dataclass
class GuideSite:
    ctx: object
    registry: PageRegistry
    today: dt.date
    jurisdictions: dict           # id → Jurisdiction, the ones this build shows
    programs: dict                # id → Program
    env: object = field(default_factory=environment)
    shown_figures: list[Shown] = field(default_factory=list)
    shown_offices: list[tuple[str, object]] = field(default_factory=list)   # (jurisdiction id, Office)
    backlinks: dict[tuple[str, str], list[Backlink]] = field(default_factory=dict)  # (doc, clause id) → guides
    sources_needed: set[str] = field(default_factory=set)
    claims: object = None          # builder.claims.ClaimLog, made with the site

    @property
    def policies(self):
        return self.ctx.policies

    @property
    def docs_dir(self) -> Path:
        return self.ctx.docs_dir

    @property
    def single(self) -> bool:
        return bool(self.ctx.options.jurisdiction)

    # ---- writing pages -------------------------------------------------------------------------------------------

    def write(self, md_path: str, template: str, **values) -> None:
        text = self.env.get_template(template).render(site=self, page=md_path, **values)
        self.write_text(md_path, text)

    def write_text(self, md_path: str, text: str) -> None:
        path = self.docs_dir / md_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def link(self, from_md: str, url: str) -> str:
        """Relative Markdown link target from page `from_md` to the site URL `url`."""
        path = url.split("#")[0].split("?")[0]
        if path.startswith("sources/") and self.registry.md_path(path) is None:
            doc = path.strip("/").split("/")[1]
            if doc in self.policies.sources:
                self.registry.plan(f"sources/{doc}.md")
        if path.startswith("sources/") and path.strip("/") != "sources/references":
            doc = path.strip("/").split("/")[-1]
            if doc in self.policies.sources:
                self.sources_needed.add(doc)
        return self.registry.href(from_md, url)

    # ---- citations -----------------------------------------------------------------------------------------------

    def citation(self, cite: str):
        c = self.policies.cite(cite)
        if c is None:
            raise UserFacingError(f"citation {cite!r} resolves to nothing (policies/ should have caught this)")
        return c

    def clause_of(self, cite: str):
        """The (doc, Clause) a citation points into, found through Citation.url and Clause.anchor."""
        c = self.citation(cite)
        path, _, anchor = c.url.partition("#")
        doc = path.strip("/").split("/")[-1]
        source = self.policies.sources.get(doc)
        if source is None or not anchor:
            return None
        best = None
        for clause in source.clauses:
            if anchor == clause.anchor:
                return doc, clause
            if anchor.startswith(clause.anchor + "-s"):
                best = (doc, clause)
        return best

    def cite_link(self, page: str, cite: str, backlink_title: str | None = None) -> str:
        """A small 依据 link to the words `cite` rests on (its tooltip shows the quoted words, the link opens the
        sentence that holds them); records the guide as a backlink of the clause. Nothing for an example
        figure: it cites no clause, and its 示例 mark says what it is."""
        if cite is None:
            return ""
        c = self.citation(cite)
        if backlink_title:
            found = self.clause_of(cite)
            if found:
                doc, clause = found
                links = self.backlinks.setdefault((doc, clause.id), [])
                if not any(b.page == page for b in links):
                    links.append(Backlink(page, backlink_title))
        title = c.label + (f"：「{c.quote}」" if c.quote else "（据转述：本站没有收录原文）" if c.restated else "")
        return f'[依据]({self.link(page, c.url)} "{attr_escape(title)}"){{ .mb-cite }}'

    # ---- figures ---------------------------------------------------------------------------------------------------

    def record_figure(self, jurisdiction, param, value, page: str) -> None:
        self.shown_figures.append(Shown(jurisdiction, param.name, value.start, value.verified,
                                        value.last_confirmed, param.file, page))

    def documents_to_show(self) -> list[str]:
        """Source documents of the jurisdictions shown and the national texts (more are added when a page
        cites them)."""
        docs = [s.id for s in self.policies.sources.values() if s.national]
        for j in self.jurisdictions.values():
            docs += [d for d in j.sources if d in self.policies.sources and d not in docs]
        return docs
