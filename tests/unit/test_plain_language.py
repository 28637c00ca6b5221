"""Plain-language lint over the generated guides (the words a resident reads).

Measured on the built HTML of every guide, without the 依据 links, 示例 marks, effective
dates and the 政策依据 section (which quotes the documents verbatim):

- sentence length in characters (Han characters, letters and digits; punctuation and spaces
  not counted), split at 。！？； and at the end of each paragraph, list item or table cell;
- the share of sentences over 40 characters;
- jargon: words from the policy documents a resident would not know, each of which must
  have an entry in policies/glossary.yaml (so every occurrence carries a tooltip).

Thresholds and why: README.md, section "Plain language". Run this file with `-s` to print
the figures.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

MEAN_MAX = 22.0        # characters per sentence, on average over all guides
LONG = 40              # a "long" sentence
LONG_SHARE_MAX = 0.08  # at most 8 % of sentences may be long
ANY_MAX = 60           # no sentence at all longer than this
GUIDE_MEAN_MAX = 26.0  # no single guide averaging more than this

# Words of the policy documents that residents do not use. Each must be explained in the
# glossary when a guide uses it. Collected from the five seed documents and the programmes.
JARGON = [
    "低保", "最低生活保障", "特困", "特困人员", "兜底", "兜底保障", "渐退", "渐退期", "单人户", "低保边缘",
    "低收入家庭", "支出型", "临时救助", "先行救助", "救急难", "急难发生地", "一事一议", "赡养", "抚养义务",
    "扶养", "民主评议", "公示", "入户调查", "经济状况核对", "户籍", "经常居住地", "居住证", "共同生活的家庭成员",
    "劳动能力", "重度残疾", "残疾人证", "重病患者", "两项补贴", "护理补贴", "生活补贴", "集中供养",
    "分散供养", "生活自理能力", "全自理", "半护理", "全护理", "基础养老金", "就业成本", "劳动成本", "刚性支出",
    "审核确认", "社会救助协理员", "网格员", "专项救助", "医疗救助", "复核", "核查", "低保标准",
]

_SKIP_CLASSES = {"mb-cite", "mb-example", "mb-effective", "mb-guide-place", "headerlink", "md-button"}
_BLOCKS = {"p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "div", "section", "blockquote"}
_SENTENCE_END = re.compile(r"(?<=[。！？；])")
_COUNTED = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")


class _GuideText(HTMLParser):
    """Collects the text blocks of the article, minus the skipped parts and the 政策依据 section."""

    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self._buf: list[str] = []
        self._in_article = False
        self._skip_depth = 0
        self._stack: list[tuple[str, bool]] = []
        self._in_heading = False
        self._stop = False

    def _flush(self):
        text = "".join(self._buf).strip()
        if text and not self._in_heading:
            self.blocks.append(text)
        self._buf = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._in_article = True
        if not self._in_article or self._stop:
            return
        if tag == "h2" and attrs.get("id") == "basis":
            self._flush()
            self._stop = True
            return
        if tag in ("br", "img", "input", "hr", "meta", "link"):
            return
        skip = bool(_SKIP_CLASSES & set((attrs.get("class") or "").split())) or tag in ("button", "script", "style")
        self._stack.append((tag, skip))
        if skip:
            self._skip_depth += 1
        if tag in _BLOCKS:
            self._flush()
        if tag in ("h1", "h2", "h3", "h4"):
            self._in_heading = True

    def handle_endtag(self, tag):
        if tag == "article":
            self._flush()
            self._in_article = False
        if not self._in_article or self._stop:
            return
        while self._stack:
            t, skip = self._stack.pop()
            if skip:
                self._skip_depth -= 1
            if t == tag:
                break
        if tag in _BLOCKS:
            self._flush()
        if tag in ("h1", "h2", "h3", "h4"):
            self._in_heading = False

    def handle_data(self, data):
        if self._in_article and not self._stop and self._skip_depth == 0:
            self._buf.append(data)


def sentences_of(html: str) -> list[str]:
    parser = _GuideText()
    parser.feed(html)
    out = []
    for block in parser.blocks:
        for s in _SENTENCE_END.split(block.replace("\u200b", "")):
            if length(s):
                out.append(s.strip())
    return out


def length(sentence: str) -> int:
    return len(_COUNTED.findall(sentence))


@dataclass
class Measure:
    sentences: int
    mean: float
    median: float
    long_share: float
    longest: str

    @classmethod
    def of(cls, sentences: list[str]) -> "Measure":
        lengths = [length(s) for s in sentences]
        return cls(len(lengths), statistics.mean(lengths), statistics.median(lengths),
                   sum(n > LONG for n in lengths) / len(lengths), max(sentences, key=length))


def guide_pages(site: Path) -> dict[str, str]:
    pages = {}
    for path in sorted((site / "guides").glob("*/*/index.html")):
        pages[str(path.parent.relative_to(site))] = path.read_text(encoding="utf-8")
    return pages


def glossary_words() -> set[str]:
    import yaml

    entries = yaml.safe_load((Path(__file__).resolve().parents[2] / "policies" / "glossary.yaml").read_text("utf-8"))
    return {str(w) for t in entries for w in (t["term"], *t.get("aliases", []))}


@pytest.fixture(scope="module")
def guides(built_site) -> dict[str, list[str]]:
    pages = guide_pages(built_site)
    assert pages, "the built site has no guides"
    return {name: sentences_of(html) for name, html in pages.items()}


def test_sentences_are_short(guides):
    every = [s for ss in guides.values() for s in ss]
    m = Measure.of(every)
    print(f"\nall guides: {m.sentences} sentences, mean {m.mean:.1f}, median {m.median:.0f} characters, "
          f"{m.long_share:.1%} over {LONG}; longest ({length(m.longest)}): {m.longest}")
    assert m.mean <= MEAN_MAX, f"mean sentence length {m.mean:.1f} > {MEAN_MAX}"
    assert m.long_share <= LONG_SHARE_MAX, f"{m.long_share:.1%} of sentences are over {LONG} characters"
    too_long = sorted({s for s in every if length(s) > ANY_MAX}, key=length, reverse=True)
    assert not too_long, f"sentences over {ANY_MAX} characters: {too_long[:5]}"


def test_no_guide_is_hard_going(guides):
    worst = {name: Measure.of(ss).mean for name, ss in guides.items()}
    name = max(worst, key=worst.get)
    print(f"\nhardest guide: {name}, mean {worst[name]:.1f} characters per sentence")
    assert worst[name] <= GUIDE_MEAN_MAX, f"{name}: mean sentence length {worst[name]:.1f} > {GUIDE_MEAN_MAX}"


def test_jargon_is_explained(guides):
    explained = glossary_words()
    used = {w for ss in guides.values() for s in ss for w in JARGON if w in s}
    missing = sorted(w for w in used if not any(w in e or e in w for e in explained if len(e) > 1))
    print(f"\njargon used in guides: {len(used)} words, all with a glossary entry" if not missing else "")
    assert not missing, f"jargon in the guides without a glossary entry: {missing}"


def test_the_lint_itself_counts_characters_and_splits_sentences():
    html = ('<article><h1>标题</h1><p>第一句很短。第二句；第三句！<a class="mb-cite">依据</a></p>'
            '<ul><li>一项没有句号</li></ul><h2 id="basis">政策依据</h2><p>原文很长很长。</p></article>')
    assert sentences_of(html) == ["第一句很短。", "第二句；", "第三句！", "一项没有句号"]
    assert length("低保标准是740元。") == 9
