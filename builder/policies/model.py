"""The loaded policy data that templates, the print step and the engine bundle read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.policies.sources import Citation, Reference, Source, resolve_citation


@dataclass
class Policies:
    root: Path
    sources: dict[str, Source]
    references: dict[str, Reference]
    # Filled by the loaders in extra_loaders.LOADERS (jurisdictions, programmes, guides, glossary …).
    data: dict[str, object] = field(default_factory=dict)

    def cite(self, cite: str) -> Citation | None:
        return resolve_citation(cite, self.sources, self.references)

    def cited_outside_its_place(self, cite: str, shown_in: list[str]) -> str | None:
        """A county's notice binds only that county. When a statement citing one would be shown
        in a jurisdiction that does not apply it, say which (None when the citation is fine)."""
        doc = cite.split("/")[0]
        source = self.sources.get(doc)
        if source is None:      # a national reference, or an unknown citation reported elsewhere
            return None
        jurisdictions = self.data.get("jurisdictions", {})
        wrong = [jid for jid in shown_in if jid in jurisdictions and doc not in jurisdictions[jid].sources]
        if not wrong:
            return None
        return (f"出处 {doc}（{source.short_title or source.title}）只适用于采用它的地区，这一条却会显示在 "
                f"{', '.join(wrong)} 的页面上：请用 jurisdictions/only 限定地区，或改引全国性的文件")

    def summary(self) -> str:
        clauses = sum(len(s.clauses) for s in self.sources.values())
        extra = ", ".join(f"{len(v)} {k}" for k, v in self.data.items() if hasattr(v, "__len__"))
        return f"{len(self.sources)} sources ({clauses} clauses), {len(self.references)} references" + (
            f", {extra}" if extra else "")
