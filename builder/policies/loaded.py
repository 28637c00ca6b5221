"""`Policies`: everything load_policies() read from policies/, and the checks that need all of it.

Its places and programmes are screener/model.py's classes with where each came from
(builder/policies/jurisdictions.py, programs.py); its notices and references are the builder's own
(sources.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.policies.sources import Citation, Reference, Source, quote_found, resolve_citation


@dataclass
class Policies:
    root: Path
    sources: dict[str, Source]
    references: dict[str, Reference]
    # Filled by the loaders in extra_loaders.LOADERS (jurisdictions, programmes, guides, glossary …).
    data: dict[str, object] = field(default_factory=dict)

    def cite(self, cite: str) -> Citation | None:
        return resolve_citation(cite, self.sources, self.references)

    def citation_problem(self, cite: str, shown_in: list[str]) -> str | None:
        """What is wrong with citing `cite` for a statement shown in these jurisdictions (None: nothing)."""
        c = self.cite(cite)
        if c is None:
            return (f"出处 {cite!r} 找不到对应的条款或参考文件；"
                    "应为 sources/ 里的条款编号（如 yuncheng-2021-59/2.1）或 references.yaml 里的编号")
        return self.quote_problem(c) or self.cited_outside_its_place(c.cite, shown_in)

    def quote_problem(self, c: Citation) -> str | None:
        """A citation of words the site holds names the words that say it, and they are there."""
        if c.restated:
            if c.quote:
                return (f"出处 {c.cite} 是本站没有收录原文的文件（据转述），不能写引文「{c.quote}」；"
                        "原文收录后改引条款")
            return None
        if not c.quote:
            return (f"出处 {c.cite} 没有写原文依据：在编号后面用「」写出条款里支持这句话的原话，"
                    f"如 {c.cite}「……」")
        if not quote_found(c.quote, c.text):
            return f"引文「{c.quote}」在 {c.cite}（{c.label}）的原文里找不到（比较时去掉了空白）；请逐字照抄原文"
        return None

    def cited_outside_its_place(self, cite: str, shown_in: list[str]) -> str | None:
        """A county's notice binds only that county. When a statement citing one (`cite`: a clause id)
        would be shown in a jurisdiction that does not apply it, say which (None when the citation is fine)."""
        doc = cite.split("/")[0]
        source = self.sources.get(doc)
        if source is None or source.national:   # a national text, or an unknown citation reported elsewhere
            return None
        jurisdictions = self.data.get("jurisdictions", {})
        wrong = [jid for jid in shown_in if jid in jurisdictions and doc not in jurisdictions[jid].sources]
        if not wrong:
            return None
        return (f"出处 {doc}（{source.short_title or source.title}）只适用于采用它的地区，这一条却会显示在 "
                f"{', '.join(wrong)} 的页面上：请用 jurisdictions/only 限定地区，或改引全国性的文件")

    def parameter(self, jurisdiction, name: str):
        """The place's own parameter `name`, else the national one (jurisdictions/_national/), else None."""
        return jurisdiction.parameters.get(name) or self.data.get("national_parameters", {}).get(name)

    def select_jurisdictions(self, only: str | None) -> list:
        """The jurisdictions a build is for: all of them, or the one `--jurisdiction` names."""
        from builder.errors import UserFacingError

        everything = self.data.get("jurisdictions", {})
        if not only:
            return list(everything.values())
        if only not in everything:
            raise UserFacingError(f"--jurisdiction {only}: no such jurisdiction; choose one of: "
                                  f"{', '.join(everything) or '(none in policies/jurisdictions/)'}")
        return [everything[only]]

    def summary(self) -> str:
        clauses = sum(len(s.clauses) for s in self.sources.values())
        extra = ", ".join(f"{len(v)} {k}" for k, v in self.data.items() if hasattr(v, "__len__"))
        return f"{len(self.sources)} sources ({clauses} clauses), {len(self.references)} references" + (
            f", {extra}" if extra else "")
