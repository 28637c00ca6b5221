"""site/citations.json: every cited claim on the site, in print and in the engine's reasons, with the words
of the clause it rests on (issue 10; ../shared/contract.md "Citations")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.policies import load_policies
from builder.policies.sources import squeeze
from tests.citation_sample import draw

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def entries(built_site) -> list[dict]:
    return json.loads((built_site / "citations.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def policies():
    return load_policies(ROOT / "policies")


def test_every_entry_has_the_contract_fields(entries):
    assert entries
    for e in entries:
        assert list(e) == ["where", "text", "cite", "quote", "restated"]
        assert e["where"].split(":")[0] in ("guide", "print", "engine", "changes") and e["text"]


def test_guides_print_and_the_engine_are_all_there(entries):
    kinds = {e["where"].split(":")[0] for e in entries}
    assert kinds == {"guide", "print", "engine", "changes"}
    engine = {e["where"] for e in entries if e["where"].startswith("engine:")}
    for jid in ("zongyang", "yuncheng", "tianjin", "hecheng", "xx"):
        assert {f"engine:{jid}/dibao", f"engine:{jid}/tekun", f"engine:{jid}/linshi"} <= engine


def test_no_quote_is_missing_from_its_clause(entries, policies):
    missing, unquoted = [], []
    for e in entries:
        if e["cite"] is None or e["restated"]:
            continue
        text = policies.cite(e["cite"]).text
        if not e["quote"]:
            unquoted.append(e)
        elif squeeze(e["quote"]) not in squeeze(text):
            missing.append(e)
    assert not missing, missing[:3]
    assert not unquoted, unquoted[:3]


def test_restated_entries_cite_documents_the_site_does_not_hold(entries, policies):
    for e in [e for e in entries if e["restated"]]:
        c = policies.cite(e["cite"])
        assert c is not None and c.text is None and e["quote"] is None, e


def test_example_figures_cite_no_clause_and_say_they_are_examples(entries, policies):
    examples = [e for e in entries if "不是现行标准" in e["text"] or "示例数值" in e["text"]]
    assert examples
    for e in examples:
        assert e["cite"] is None or e["restated"] or not any(ch.isdigit() for ch in e["quote"]), e
    for e in entries:
        if e["cite"] is None:
            assert "示例" in e["text"], e


def test_the_sample_is_seeded_and_reads_only_quoted_citations(entries):
    one, two = draw(entries), draw(entries)
    assert one == two and len(one) == 30
    assert all(e["quote"] and not e["restated"] for e in one)
