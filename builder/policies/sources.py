"""The original documents (policies/sources/*.yaml) and the cited ones we carry no text of
(policies/references.yaml): loading, validation, clause ids and their anchors on the site."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import Problem
from builder.policies.schema import Bool, Date, List, Record, Str, load_checked
from screener.citation import CLAUSE_ID, SOURCE_ID, split
from screener.model import Notice

NATIONAL = "national"    # `jurisdiction:` of a national text: it applies in every jurisdiction
# A sentence ends at 。！？ or ；, closing quotes/brackets staying with it.
_SENTENCE = re.compile(r"[^。！？；]*[。！？；]+[”’」』）)]*|[^。！？；]+$")

SOURCE_SCHEMA = Record(
    required={
        "id": Str(SOURCE_ID, hint="小写字母、数字和连字符组成的编号"),
        "title": Str(),
        "short_title": Str(),
        "doc_number": Str(nullable=True),
        "issuers": List(Str(), min_items=1),
        "date": Date(),
        "jurisdiction": Str(SOURCE_ID),
        "clauses": List(Record(
            required={"id": Str(CLAUSE_ID, hint="条款编号，如 \"2\"、\"2.1\"、\"0\"（前言）、\"end\"（落款）"),
                      "title": Str()},
            optional={"text": Str()},
        ), min_items=1),
    },
    optional={
        "valid_until": Date(nullable=True),
        "seed": Str(),
        "verbatim_note": Str(),
        "numbering": Str(r"(items|articles)", hint="items（一、（一）……，默认）或 articles（第一条、第二条……，全国性法规）"),
        "copy_from": Str(),
        "fixes": List(Record(required={"clause": Str(CLAUSE_ID), "original": Str(), "fixed": Str(), "why": Str()})),
    },
)

REFERENCES_SCHEMA = List(Record(
    required={"id": Str(SOURCE_ID), "title": Str(), "doc_number": Str(nullable=True)},
    optional={
        "issuer": Str(nullable=True),
        "date": Date(nullable=True),
        "date_note": Str(),
        "title_verified": Bool(),
        "cited_by": List(Str(SOURCE_ID)),
        "note": Str(),
        "url_note": Str(),
    },
))


def split_sentences(text: str) -> list[str]:
    flat = text.replace("\n", "")
    return [s for s in (m.group(0).strip() for m in _SENTENCE.finditer(flat)) if s]


@dataclass
class Clause:
    doc: str
    id: str
    title: str
    text: str
    sentences: list[str]

    @property
    def cite(self) -> str:
        return f"{self.doc}/{self.id}"

    @property
    def anchor(self) -> str:
        """HTML id of the clause on its source page; sentence n is `{anchor}-s{n}`."""
        return "c-" + self.id.replace(".", "-")


@dataclass
class Source:
    id: str
    title: str
    short_title: str
    doc_number: str | None
    issuers: list[str]
    date: dt.date
    valid_until: dt.date | None
    jurisdiction: str
    clauses: list[Clause]
    fixes: list[dict] = field(default_factory=list)
    verbatim_note: str = ""
    file: str = ""
    numbering: str = "items"     # "articles": clause "6" is 第六条
    copy_from: str = ""          # where the verbatim copy of a national text was found

    @property
    def national(self) -> bool:
        return self.jurisdiction == NATIONAL

    def notice(self) -> Notice:
        """What results say of this notice (its number, and until when it is valid)."""
        return Notice(self.id, self.short_title, self.doc_number, self.date, self.valid_until)


@dataclass
class Reference:
    id: str
    title: str
    doc_number: str | None
    issuer: str | None
    date: dt.date | None
    cited_by: list[str]
    note: str
    raw: dict


@dataclass
class Citation:
    """What a citation string resolves to, and where the site shows it."""

    cite: str
    label: str   # e.g. 运民发〔2021〕59号 二（一）第4句
    url: str     # site-relative, e.g. sources/yuncheng-2021-59/#c-2-1-s4
    text: str | None  # the words cited (None for a reference without text)
    quote: str | None = None  # the words of `text` that support the claim, when the citation names them

    @property
    def restated(self) -> bool:
        """The site does not hold the cited words: the claim rests on a restatement (据转述)."""
        return self.text is None


def squeeze(text: str) -> str:
    """Text with all whitespace removed: how a quote is compared with the words it quotes."""
    return "".join(text.split())


def quote_found(quote: str, text: str) -> bool:
    return squeeze(quote) in squeeze(text)


def _as_date(v) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(v)


def load_sources(policies_root: Path, problems: list[Problem]) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for path in sorted((policies_root / "sources").glob("*.yaml")):
        data, lines = load_checked(path, policies_root, SOURCE_SCHEMA, problems, key="id", expected=path.stem)
        if data is None:
            continue
        seen: set[str] = set()
        clauses = []
        for i, c in enumerate(data["clauses"]):
            if c["id"] in seen:
                problems.append(lines.problem(f"clauses[{i}].id", f"条款编号 {c['id']} 重复"))
            seen.add(c["id"])
            text = c.get("text", "")
            clauses.append(Clause(data["id"], c["id"], c["title"], text, split_sentences(text)))
        for i, fix in enumerate(data.get("fixes", [])):
            if fix["clause"] not in seen:
                problems.append(lines.problem(f"fixes[{i}].clause", f"没有编号为 {fix['clause']} 的条款"))
        sources[data["id"]] = Source(
            id=data["id"], title=data["title"], short_title=data["short_title"], doc_number=data["doc_number"],
            issuers=data["issuers"], date=_as_date(data["date"]), valid_until=_as_date(data.get("valid_until")),
            jurisdiction=data["jurisdiction"], clauses=clauses, fixes=data.get("fixes", []),
            verbatim_note=data.get("verbatim_note", ""), file=lines.rel,
            numbering=data.get("numbering", "items"), copy_from=data.get("copy_from", ""),
        )
    return sources


def load_references(policies_root: Path, problems: list[Problem]) -> dict[str, Reference]:
    path = policies_root / "references.yaml"
    if not path.exists():
        return {}
    data, lines = load_checked(path, policies_root, REFERENCES_SCHEMA, problems)
    if data is None:
        return {}
    refs: dict[str, Reference] = {}
    for i, r in enumerate(data):
        if r["id"] in refs:
            problems.append(lines.problem(f"[{i}].id", f"编号 {r['id']} 重复"))
        refs[r["id"]] = Reference(r["id"], r["title"], r["doc_number"], r.get("issuer"), _as_date(r.get("date")),
                                  r.get("cited_by", []), r.get("note", ""), r)
    return refs


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def clause_label(clause_id: str, numbering: str = "items") -> str:
    """"2.1.4" → "二（一）第4句"; "0" → "前言"; "end" → "落款"; with articles, "6.2" → "第六条第2句"."""
    head, *rest = clause_id.split(".")
    if numbering == "articles" and head not in ("0", "end"):
        return f"第{_cn_number(int(head))}条" + (f"第{rest[0]}句" if rest else "")
    if head in ("0", "end"):
        label = "前言" if head == "0" else "落款"
        return label + (f"第{rest[0]}句" if rest else "")
    parts = [int(head), *map(int, rest)]
    label = _cn_number(parts[0])
    if len(parts) > 1:
        label += f"（{_cn_number(parts[1])}）"
    if len(parts) > 2:
        label += f"第{parts[2]}句"
    return label


def resolve_citation(cite: str, sources: dict[str, Source], references: dict[str, Reference]) -> Citation | None:
    """`doc/2.1`, `doc/2.1.4` (its 4th sentence), `doc/0.2`, or a reference id, each optionally followed by
    「the words that support the claim」; None if it resolves to nothing. Whether the quoted words are
    really there is `Policies.citation_problem`'s check.

    A top-level section with items ("2") has no sentence level: "2.1" always means item (一);
    in a text numbered by articles, "6.2" is the 2nd sentence of 第六条."""
    cite, quote = split(cite)
    found = _resolve(cite, sources, references)
    if found is None or not quote:
        return found
    found.quote = quote
    if found.text is not None and "-s" not in found.url.partition("#")[2]:
        # Point at the sentence that holds the quoted words, so the source page highlights it.
        for n, sentence in enumerate(split_sentences(found.text), start=1):
            if quote_found(quote, sentence):
                one = _resolve(f"{cite}.{n}", sources, references)
                if one is not None and one.url.endswith(f"-s{n}"):
                    found.url = one.url
                break
    return found


def _resolve(cite: str, sources: dict[str, Source], references: dict[str, Reference]) -> Citation | None:
    if "/" not in cite:
        ref = references.get(cite)
        if ref is None:
            return None
        label = ref.doc_number or ref.title
        return Citation(cite, label, f"sources/references/#ref-{ref.id}", None)
    doc_id, _, clause_path = cite.partition("/")
    source = sources.get(doc_id)
    if source is None:
        return None
    by_id = {c.id: c for c in source.clauses}
    name = source.doc_number or source.short_title
    if clause_path in by_id:
        clause = by_id[clause_path]
        return Citation(cite, f"{name} {clause_label(clause.id, source.numbering)}",
                        f"sources/{doc_id}/#{clause.anchor}", clause.text)
    head, _, sentence = clause_path.rpartition(".")
    clause = by_id.get(head)
    if clause is None or not sentence.isdigit() or not 1 <= int(sentence) <= len(clause.sentences):
        return None
    return Citation(cite, f"{name} {clause_label(clause_path, source.numbering)}",
                    f"sources/{doc_id}/#{clause.anchor}-s{sentence}", clause.sentences[int(sentence) - 1])
