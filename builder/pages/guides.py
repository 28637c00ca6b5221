"""One guide per programme per jurisdiction, always in the same nine sections, plus the indexes.

    guides/index.md                      every jurisdiction and its guides
    guides/<jurisdiction>/index.md       that jurisdiction's guides
    guides/<jurisdiction>/<program>.md   the guide (URL guides/<jurisdiction>/<program>/)

Facts come from policies/programs (steps, documents, time limits) and the jurisdiction's
parameters and offices; the plain words around them from policies/guides/<program>.yaml.
"""

from __future__ import annotations

import re

from builder.claims import plain
from builder.errors import UserFacingError
from builder.guide_content import SECTIONS, GuideContent, Statement, cn_count
from builder.pages.figures import GuideFigures, expired_notice


def guide_md(jid: str, program: str) -> str:
    return f"guides/{jid}/{program}.md"


class GuidePage:
    """Renders one guide; collects the citations it uses for its 政策依据 section."""

    def __init__(self, site, jurisdiction, program, prose):
        self.site, self.j, self.program, self.prose = site, jurisdiction, program, prose
        self.page = guide_md(jurisdiction.id, program.id)
        self.title = f"{program.short_name}（{jurisdiction.name}）"
        self.cites: list[str] = []
        self.said_cites: list[str] = []      # what the statement being rendered cites inline
        self.where = f"{jurisdiction.id}/{program.id}"
        self.figures = GuideFigures(site, jurisdiction, self.page, self.cite, claims_at=f"guide:{self.where}")
        self.content = GuideContent(jurisdiction, program, prose, site.today, self.figures.has)

    def cite(self, cite: str | None) -> str:
        """A 依据 link; nothing for an example figure (it cites no clause: its 示例 mark says what it is)."""
        if cite is None:
            return ""
        self.said_cites.append(cite)
        if cite not in self.cites:
            self.cites.append(cite)
        return self.site.cite_link(self.page, cite, backlink_title=self.title)

    def cites_links(self, cites: list[str]) -> str:
        return " ".join(self.cite(c) for c in cites)

    def say(self, item: dict, key: str = "text", count: int = 0) -> str:
        """A prose statement: its words (figures through `p`) and a link to each clause it rests on."""
        self.said_cites = []
        try:
            words = self.site.env.from_string(item[key]).render(p=self.figures, j=self.j, program=self.program,
                                                                  cite=self.cite, count=cn_count(count))
        except UserFacingError:
            raise
        except Exception as e:  # a template mistake in the prose: name the file, not a traceback
            raise UserFacingError(f"{self.prose.file if self.prose else 'policies/guides'}: "
                                  f"cannot render {item[key]!r}: {e}") from None
        words = re.sub(r"\s*\n\s*", "", words.strip())
        if not words:
            return ""
        cites = []
        if key != "q":
            cites = ([item["source"]] if "source" in item else []) + item.get("cite", [])
        links = self.cites_links(cites) if cites else ""
        if key != "q":
            claim = plain(words)
            for c in self.said_cites:
                for where in (f"guide:{self.where}", f"print:{self.where}"):   # print draws the same statements
                    self.site.claims.add(where, claim, c)
        return words + (" " + links if links else "")

    def expired_notice(self) -> str | None:
        return expired_notice(self.site.policies, self.j, self.site.today)

    def basis_items(self) -> list[dict]:
        return self.program.for_jurisdiction(getattr(self.program, "basis", []), self.j.id, self.site.today)

    def show(self, st: Statement) -> str:
        """One statement of the content, as Markdown: its words, its figures and its 依据 links."""
        if st.item is not None:
            return self.say(st.item, st.key, count=st.count)
        words = st.words
        if st.figure:
            words = words.replace(st.figure, f"**{st.figure}**", 1)
        if st.link:
            words = words.replace(st.link, f"[{st.link}]({self.link_to(st.target)})", 1)
        for c in st.cites:
            for where in (f"guide:{self.where}", f"print:{self.where}"):
                self.site.claims.add(where, plain(st.words), c)
        links = self.cites_links(st.cites)
        return words + (" " + links if links else "")

    def link_to(self, target: str) -> str:
        if target.startswith("tel:"):
            return target
        anchor = "#" + target.split(":", 1)[1] if target.startswith("office:") else ""
        return self.site.link(self.page, f"offices/{self.j.id}/{anchor}")

    def shown(self, section: str, *roles: str) -> list[str]:
        """The section's statements (of these roles, or all), rendered; empty ones left out."""
        sts = self.content[section].having(*roles) if roles else self.content[section].statements
        return [s for s in (self.show(st) for st in sts) if s]

    def faq(self) -> list[tuple[str, str]]:
        """(question, answer) pairs; the fallback words as an answer without a question."""
        section = self.content["faq"]
        if section.fallback:
            return [("", self.show(section.statements[0]))]
        return [(self.say(st.item, "q"), self.say(st.item, "a")) for st in section.statements]

    def search_boost(self) -> int:
        """Cash programmes above referrals, and in programme order (低保 first): when a search word
        fits several guides (低保 is also in 低保边缘), the one most residents mean comes first."""
        base = 20 if self.program.kind == "cash" else 8
        return max(base - self.program.order, 2)

    def search_terms(self) -> list[str]:
        terms = [self.program.short_name, *(self.prose.search_terms if self.prose else [])]
        return list(dict.fromkeys(t for t in terms if t and "," not in t))

    def basis(self) -> list:
        """Every citation the guide used, in order, with its label and the words cited."""
        return [self.site.citation(c) for c in self.cites]

    def render(self, order: int) -> None:
        self.site.write(self.page, "guides/guide.md.j2", g=self, j=self.j, program=self.program, p=self.figures,
                        order=order, sections=dict(SECTIONS))


def write_guides(site) -> list[GuidePage]:
    guides_prose = site.policies.data.get("guides", {})
    written = []
    for j in site.jurisdictions.values():
        programs = [site.programs[pid] for pid in j.programs if pid in site.programs]
        for order, program in enumerate(programs, start=1):
            g = GuidePage(site, j, program, guides_prose.get(program.id))
            g.render(order)
            written.append(g)
    for j in site.jurisdictions.values():
        guides = [g for g in written if g.j is j]
        site.write(f"guides/{j.id}/index.md", "guides/jurisdiction-index.md.j2", j=j, guides=guides)
    site.write("guides/index.md", "guides/index.md.j2", jurisdictions=list(site.jurisdictions.values()),
               guides=written)
    return written


def plan_guides(site) -> None:
    site.registry.plan("guides/index.md")
    for j in site.jurisdictions.values():
        site.registry.plan(f"guides/{j.id}/index.md")
        for pid in j.programs:
            if pid in site.programs:
                site.registry.plan(guide_md(j.id, pid))
