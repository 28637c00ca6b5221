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
from builder.pages.figures import Figures, GuideFigures, expired_notice
from builder.policies.programs import DOCUMENT_CONDITIONS

SECTIONS = [  # (anchor, heading) in the fixed order every guide follows
    ("what", "这是什么"), ("who", "谁可以申请"), ("amount", "能领多少"), ("how", "怎么申请"),
    ("documents", "要带的材料"), ("timing", "多久有结果"), ("where", "去哪里办"), ("faq", "常见问题"),
    ("basis", "政策依据"),
]



def guide_md(jid: str, program: str) -> str:
    return f"guides/{jid}/{program}.md"


def applies(item: dict, jurisdiction, figures: Figures) -> bool:
    if "only" in item and jurisdiction.id not in item["only"]:
        return False
    if jurisdiction.id in item.get("except", []):
        return False
    if "jurisdictions" in item and jurisdiction.id not in item["jurisdictions"]:
        return False
    if "when" in item and not figures.has(item["when"]):
        return False
    return True


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

    def say(self, item: dict, key: str = "text") -> str:
        """A prose statement: its words (figures through `p`) and a link to each clause it rests on."""
        self.said_cites = []
        try:
            words = self.site.env.from_string(item[key]).render(p=self.figures, j=self.j, program=self.program,
                                                                  cite=self.cite)
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

    def statements(self, section: str) -> list[str]:
        items = self.prose.sections.get(section, []) if self.prose else []
        said = [self.say(i) for i in items if applies(i, self.j, self.figures)]
        return [s for s in said if s]

    def faq(self) -> list[tuple[str, str]]:
        items = self.prose.faq if self.prose else []
        return [(self.say(i, "q"), self.say(i, "a")) for i in items if applies(i, self.j, self.figures)]

    def steps(self) -> list[str]:
        return [self.say(s) for s in self.program.for_jurisdiction(self.program.steps, self.j.id, self.site.today)]

    def documents(self) -> list[tuple[str | None, str]]:
        out = []
        for d in self.program.for_jurisdiction(self.program.documents, self.j.id, self.site.today):
            out.append((DOCUMENT_CONDITIONS[d["if"]] if d.get("if") else None, self.say(d)))
        return out

    def time_limits(self) -> list[str]:
        out = []
        for t in self.program.for_jurisdiction(self.program.time_limits, self.j.id, self.site.today):
            limit = t["limit"]
            limit = int(limit) if float(limit).is_integer() else limit
            unit = "个工作日" if t["unit"] == "工作日" else t["unit"]
            text = f"{t['what']}：**{limit}{unit}**内" if limit else f"{t['what']}：当场或尽快办理"
            self.said_cites = []
            link = self.cite(t["source"])
            self.site.claims.add(f"guide:{self.where}", plain(text), t["source"])
            out.append(text + " " + link)
        return out

    def ask_first(self):
        """The office to ask when unsure: the jurisdiction's fallback office (its 民政局)."""
        return self.j.office(self.j.fallback_office)

    def offices(self) -> tuple[list, list]:
        return self.j.offices_handling(self.program.id)

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
