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

    def summary(self) -> str:
        clauses = sum(len(s.clauses) for s in self.sources.values())
        extra = ", ".join(f"{len(v)} {k}" for k, v in self.data.items() if hasattr(v, "__len__"))
        return f"{len(self.sources)} sources ({clauses} clauses), {len(self.references)} references" + (
            f", {extra}" if extra else "")
