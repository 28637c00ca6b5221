"""Original documents, verbatim, each clause and sentence addressable, with backlinks to the
guides that rest on it; a references page for documents cited without their text.

    sources/index.md         the list of documents
    sources/<doc>.md         one document (URL sources/<doc>/, clause #c-2-1, sentence #c-2-1-s4)
    sources/references.md    cited documents we carry no text of (#ref-<id>)

Anchors are never built here: a clause's id is `Clause.anchor`, a sentence's is the anchor of
the URL `policies.cite("<doc>/<clause>.<n>")` resolves to.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.pages.figures import cn_date
from builder.pages.render import md_escape
from builder.policies.sources import clause_label


@dataclass
class SentenceView:
    anchor: str | None
    text: str


@dataclass
class ClauseView:
    clause: object
    number: str          # 一、 / （一） / "" for 前言 and 落款
    level: int           # 1: a section, 2: an item, 0: 前言 / 落款
    sentences: list[SentenceView]
    backlinks: list      # [(title, md link)]
    title_apart: bool = False   # an item whose heading words are not the start of its text: show them


def _sentence_anchor(site, clause, n: int) -> str | None:
    c = site.policies.cite(f"{clause.cite}.{n}")
    if c is None:
        return None
    anchor = c.url.partition("#")[2]
    return anchor if anchor.startswith(clause.anchor + "-s") else None


def clause_view(site, page: str, source, clause) -> ClauseView:
    if clause.id in ("0", "end"):
        number, level = "", 0
    elif source.numbering == "articles":
        number, level = clause_label(clause.id, "articles") + " ", 1
    elif "." in clause.id:
        label = clause_label(clause.id)          # 二（一）: under its section heading only （一）
        number, level = label[label.find("（"):], 2
    else:
        number, level = clause_label(clause.id) + "、", 1
    sentences = [SentenceView(_sentence_anchor(site, clause, n), s) for n, s in enumerate(clause.sentences, start=1)]
    backlinks = [(b.title, site.link(page, b.page.replace(".md", "/")))
                 for b in site.backlinks.get((source.id, clause.id), [])]
    body = clause.text.lstrip()
    if level == 2 and body.startswith(number):
        number, body = "", body[len(number):]       # the text carries its own （一）
    apart = level == 2 and bool(clause.title) and not body.startswith(clause.title.rstrip("。"))
    return ClauseView(clause, number, level, sentences, backlinks, apart)


def plan_sources(site) -> None:
    site.registry.plan("sources/index.md")
    site.registry.plan("sources/references.md")
    for doc in site.documents_to_show():
        site.registry.plan(f"sources/{doc}.md")


def write_sources(site) -> None:
    docs = [site.policies.sources[d] for d in sorted(site.sources_needed | set(site.documents_to_show()))]
    for source in docs:
        page = f"sources/{source.id}.md"
        clauses = [clause_view(site, page, source, c) for c in source.clauses]
        site.write(page, "pages/source.md.j2", source=source, clauses=clauses, date=cn_date(source.date),
                   valid_until=cn_date(source.valid_until) if source.valid_until else None)
    site.write("sources/index.md", "pages/sources-index.md.j2", sources=docs)
    refs = sorted(site.policies.references.values(), key=lambda r: (r.date is None, r.date or 0, r.id))
    site.write("sources/references.md", "pages/references.md.j2", references=refs,
               dates={r.id: cn_date(r.date) for r in refs if r.date})


def clause_markup(view: ClauseView) -> str:
    """The clause's words, verbatim with their line breaks, each sentence in its anchored span."""
    text, pos, out = view.clause.text, 0, []
    for sentence in view.sentences:
        while pos < len(text) and text[pos].isspace():
            if text[pos] == "\n" and out:
                out.append("<br>")
            pos += 1
        words = []
        for ch in sentence.text:
            while pos < len(text) and text[pos] == "\n" and ch != "\n":
                words.append("<br>")
                pos += 1
            if pos >= len(text) or text[pos] != ch:   # cannot follow the text: show sentences plainly
                return "".join(_span(s.anchor, md_escape(s.text)) for s in view.sentences)
            words.append(md_escape(ch))
            pos += 1
        out.append(_span(sentence.anchor, "".join(words)))
    return "".join(out)


def _span(anchor: str | None, html: str) -> str:
    return f'<span class="mb-s" id="{anchor}">{html}</span>' if anchor else html
