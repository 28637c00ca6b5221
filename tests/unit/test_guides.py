"""The guide site's build step, on a copy of policies/: one figure changed there changes every
page that shows it; example data blocks a release; a stale parameter warns; bad prose is
reported at file:line; a one-place build has no picker."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from builder.errors import PolicyDataError, UserFacingError
from builder.site import BuildOptions, build_site

ROOT = Path(__file__).resolve().parents[2]
POLICIES = Path(os.environ.get("MINGBAI_TEST_POLICIES", ROOT / "policies"))   # the data every test copies
TODAY = dt.date.today()
PUBLISHED = "https://mingbai.example.gov.cn/"   # a release must name where it is published


def copy_policies(tmp: Path) -> Path:
    target = tmp / "policies"
    shutil.copytree(POLICIES, target)
    return target


def build(tmp: Path, policies: Path, **kw):
    site = tmp / f"site-{len(list(tmp.glob('site-*')))}"
    ctx = build_site(BuildOptions(site_dir=site, policies_dir=policies, pdf=False, quiet=True, **kw))
    return ctx, site


def html_of(site: Path, md_page: str) -> str:
    url = md_page[:-3]
    url = url[: -len("index")] if url.endswith("index") else url + "/"
    return (site / url / "index.html").read_text(encoding="utf-8")


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("guides")
    policies = copy_policies(tmp)
    ctx, site = build(tmp, policies)
    return tmp, policies, ctx, site


def _current_standard(ctx):
    """A jurisdiction's 低保标准 in force today, and every page that printed it."""
    shown = [f for f in ctx.guide_site.shown_figures if f.name == "dibao_standard" and f.jurisdiction]
    assert shown, "no page shows a 低保标准"
    jid = shown[0].jurisdiction
    param = ctx.policies.data["jurisdictions"][jid].parameters["dibao_standard"]
    current = param.at(TODAY)
    pages = {f.page for f in shown if f.jurisdiction == jid and f.start == current.start}
    return jid, current, pages


def test_a_changed_figure_changes_every_page_that_shows_it(baseline, tmp_path):
    _, _, ctx, site = baseline
    jid, current, pages = _current_standard(ctx)
    assert any(p.startswith("guides/") for p in pages)
    new = 4321
    policies = copy_policies(tmp_path)
    def change(data):
        values = data["dibao_standard"]["values"]
        value = next(v for k, v in values.items() if str(k) == current.start.isoformat())
        for key in (data["dibao_standard"].get("breakdown") or ["value"]):
            value[key] = new

    edit_yaml(policies / "jurisdictions" / jid / "parameters.yaml", change)
    ctx2, site2 = build(tmp_path, policies)
    for page in pages:
        assert f"{new}元" in html_of(site2, page), f"{page} still shows the old 低保标准"
    old = current.value if not isinstance(current.value, dict) else next(iter(current.value.values()))
    for page in pages:
        if page.startswith("guides/"):
            before, after = html_of(site, page), html_of(site2, page)
            assert before.count(f">{old}元<") >= 1 and after.count(f">{old}元<") == 0, page
    showing_new = {str(p.relative_to(site2)) for p in site2.rglob("*.html") if f"{new}元" in p.read_text("utf-8")}
    expected = {p[:-3].removesuffix("index") + ("" if p.endswith("index.md") else "/") + "index.html" for p in pages}
    assert showing_new == expected


def test_every_guide_has_the_nine_sections_in_order(baseline):
    _, _, ctx, site = baseline
    guides = sorted((site / "guides").glob("*/*/index.html"))
    jurisdictions = ctx.policies.data["jurisdictions"]
    assert len(guides) == sum(len([p for p in j.programs if p in ctx.policies.data["programs"]])
                              for j in jurisdictions.values())
    for path in guides:
        ids = re.findall(r'<h2 id="([a-z]+)"', path.read_text("utf-8"))
        assert ids == ["what", "who", "amount", "how", "documents", "timing", "where", "faq", "basis"], path


def test_every_cited_clause_lists_the_guides_that_use_it(baseline):
    _, _, ctx, site = baseline
    backlinks = ctx.guide_site.backlinks
    assert backlinks
    for (doc, clause_id), links in backlinks.items():
        clause = next(c for c in ctx.policies.sources[doc].clauses if c.id == clause_id)
        html = (site / "sources" / doc / "index.html").read_text("utf-8")
        block = html[html.index(f'id="{clause.anchor}"'):]
        block = block[: block.find('class="mb-clause ', 10) if 'class="mb-clause ' in block[10:] else None]
        assert "mb-backlinks" in block, f"{doc} {clause_id}: no backlinks"
        for link in links:
            assert link.page.replace(".md", "/").split("/", 1)[1] in block, (doc, clause_id, link.page)


def test_sentence_anchors_come_from_the_citation_urls(baseline):
    _, _, ctx, site = baseline
    for doc, source in ctx.policies.sources.items():
        path = site / "sources" / doc / "index.html"
        if not path.exists():
            continue
        html = path.read_text("utf-8")
        for clause in source.clauses:
            if clause.sentences:
                c = ctx.policies.cite(f"{clause.cite}.{len(clause.sentences)}")
                if c and c.url.startswith(f"sources/{doc}/#{clause.anchor}-s"):
                    assert f'id="{c.url.split("#")[1]}"' in html, c.url


def test_release_refuses_example_data_and_keeps_the_old_site(baseline, tmp_path):
    _, policies, ctx, _ = baseline
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.txt").write_text("old")
    with pytest.raises(UserFacingError) as e:
        build_site(BuildOptions(site_dir=site, policies_dir=policies, pdf=False, quiet=True, release=True,
                                site_url=PUBLISHED))
    message = str(e.value)
    assert "verified: false" in message and "--release" in message
    unverified = [f for f in ctx.guide_site.shown_figures if not f.verified]
    if unverified:
        assert unverified[0].name in message
    offices = [o for _, o in ctx.guide_site.shown_offices if not o.verified]
    if offices:
        assert offices[0].id in message
    assert (site / "old.txt").read_text() == "old" and not (site / "index.html").exists()


def test_release_builds_once_everything_shown_is_verified(tmp_path):
    policies = copy_policies(tmp_path)
    for path in policies.rglob("*.yaml"):
        text = path.read_text("utf-8")
        text = re.sub(r"\bverified: false\b", "verified: true", text)
        # A county that confirms an example amount also names the notice that sets it.
        path.write_text(text.replace("source: null", "source: minfa-2021-57"), encoding="utf-8")
    ctx, site = build(tmp_path, policies, release=True, site_url=PUBLISHED)
    assert (site / "index.html").exists()
    assert not [f for f in ctx.guide_site.shown_figures if not f.verified]


def test_a_stale_parameter_warns_by_name(tmp_path):
    policies = copy_policies(tmp_path)
    jid = sorted(p.name for p in (policies / "jurisdictions").iterdir() if not p.name.startswith("_"))[0]
    path = policies / "jurisdictions" / jid / "parameters.yaml"
    stale = TODAY - dt.timedelta(days=400)

    def change(data):
        values = data["dibao_standard"]["values"]
        current = max((k for k in values if dt.date.fromisoformat(str(k)) <= TODAY), key=str)
        values[current]["last_confirmed"] = stale.isoformat()

    edit_yaml(path, change)
    ctx, _ = build(tmp_path, policies, jurisdiction=jid)
    stale_warnings = [w for w in ctx.warnings if "dibao_standard" in w and "12 months" in w]
    assert stale_warnings, ctx.warnings
    assert str(stale) in stale_warnings[0] and f"jurisdictions/{jid}/parameters.yaml" in stale_warnings[0]
    fresh = [w for w in ctx.warnings if "12 months" in w and "dibao_standard" not in w]
    assert not fresh, "only the stale parameter warns"


def test_a_one_place_build_skips_the_picker(baseline, tmp_path):
    _, policies, ctx, _ = baseline
    jid = next(iter(ctx.policies.data["jurisdictions"]))
    ctx1, site = build(tmp_path, policies, jurisdiction=jid)
    home = (site / "index.html").read_text("utf-8")
    assert "data-jurisdiction=" not in home
    assert f'href="guides/{jid}/"' in home
    others = [p.name for p in (site / "guides").iterdir() if p.is_dir()]
    assert others == [jid]


def test_an_unknown_place_is_refused_with_the_choices(baseline, tmp_path):
    _, policies, ctx, _ = baseline
    with pytest.raises(UserFacingError) as e:
        build_site(BuildOptions(site_dir=tmp_path / "s", policies_dir=policies, pdf=False, quiet=True,
                                jurisdiction="atlantis"))
    assert "atlantis" in str(e.value) and next(iter(ctx.policies.data["jurisdictions"])) in str(e.value)


def test_a_figure_typed_into_guide_prose_is_reported_at_its_line(tmp_path):
    from builder.policies import load_policies

    policies = copy_policies(tmp_path)
    path = policies / "guides" / "dibao.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("就可以申请。", "就可以申请，每月最多补 500 元。", 1), encoding="utf-8")
    line = next(i for i, l in enumerate(path.read_text("utf-8").splitlines(), 1) if "500" in l)
    with pytest.raises(PolicyDataError) as e:
        load_policies(policies)
    assert f"policies/guides/dibao.yaml:{line}" in str(e.value) and "5" in str(e.value)


def test_prose_naming_a_missing_parameter_fails_the_build_naming_the_page(tmp_path):
    policies = copy_policies(tmp_path)
    path = policies / "guides" / "dibao.yaml"
    path.write_text(path.read_text("utf-8").replace("{{ p.dibao_standard }}", "{{ p.no_such_standard }}", 1),
                    encoding="utf-8")
    with pytest.raises(UserFacingError) as e:
        build(tmp_path, policies)
    assert "no_such_standard" in str(e.value) and "guides/" in str(e.value)


def test_example_amounts_say_they_are_not_current_and_real_ones_do_not(built_site):
    """A page dated today must not present a 2021 example 低保标准 as today's: the words say so beside it."""
    zongyang = (built_site / "guides" / "zongyang" / "dibao" / "index.html").read_text(encoding="utf-8")
    assert "示例，不是现行标准" in zongyang
    tianjin = (built_site / "guides" / "tianjin" / "dibao" / "index.html").read_text(encoding="utf-8")
    assert "示例，不是现行标准" not in tianjin            # 天津's standards are verified


def test_guides_resting_on_an_expired_notice_say_so_first(built_site):
    # 鹤民发〔2020〕43号 (valid to 2025-07-26) is 鹤城's only notice: every 鹤城 guide warns, before any rule.
    for page in (built_site / "guides" / "hecheng").glob("*/index.html"):
        text = page.read_text(encoding="utf-8")
        assert "文件已过有效期" in text and "鹤民发〔2020〕43号" in text, page
        assert text.index("文件已过有效期") < text.index('id="who"'), page
    assert "文件已过有效期" not in (built_site / "guides" / "zongyang" / "dibao" / "index.html").read_text("utf-8")
