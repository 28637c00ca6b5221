"""The glossary page and the abbreviations every page gets appended (tooltips on each term).

The abbreviations file is written next to the staged docs folder, where mkdocs.yml's
pymdownx.snippets `base_path` points, so it never becomes a page of its own."""

from __future__ import annotations

from builder.pages.render import attr_escape

ABBREVIATIONS = "glossary-abbreviations.md"


def snippets_dir(site):
    return site.docs_dir.parent / "snippets"


def terms(site) -> list:
    return site.policies.data.get("glossary", [])


def write_abbreviations(site) -> None:
    lines = []
    for t in terms(site):
        for word in [t.term, *t.aliases]:
            lines.append(f"*[{word}]: {t.plain}")
    folder = snippets_dir(site)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ABBREVIATIONS).write_text("\n".join(lines) + "\n", encoding="utf-8")


def teach_search(site) -> None:
    """Let the search index keep glossary terms and programme names whole (低保边缘, 临时救助)."""
    import jieba

    for t in terms(site):
        for word in [t.term, *t.aliases]:
            if len(word) > 1 and not word.isdigit():
                jieba.add_word(word, freq=50000)
    for p in site.programs.values():
        for word in (p.name, p.short_name):
            jieba.add_word(word, freq=50000)


def plan_glossary(site) -> None:
    site.registry.plan("glossary.md")


def write_glossary(site) -> None:
    page = "glossary.md"
    entries = []
    for t in sorted(terms(site), key=lambda t: t.term):
        cites = " ".join(site.cite_link(page, c) for c in t.cite)
        entries.append((t, cites))
    site.write(page, "pages/glossary.md.j2", entries=entries, attr=attr_escape)
