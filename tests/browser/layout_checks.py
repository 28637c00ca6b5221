"""What an older resident needs from every screen, measured in the page: nothing scrolls sideways,
every visible text is big enough, every control big enough to tap, and axe-core finds no serious
or critical problem. Shared by the guide, screener and embed tests."""

from __future__ import annotations

import json

from tests.conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# 工信部 适老化: body text ≥ 18 pt (24 px) and tap targets ≥ 60 px in 长辈模式; 44 px in the standard mode.
ELDER_TEXT_PX = 24
ELDER_CONTROL_PX = 60
STANDARD_CONTROL_PX = 44

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"

# Every text node a person can see (rendered, not hidden, not clipped to a 1 px screen-reader box,
# not in a closed panel that sits off the screen or at opacity 0), whose font is smaller than `min`.
SMALL_TEXT = """(min) => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement;
    if (!el || seen.has(el) || el.closest('script, style, template, noscript, svg, [hidden], [aria-hidden="true"]')) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || r.right <= 0 || r.left >= document.documentElement.clientWidth) continue;
    let shown = true;
    for (let a = el; a && shown; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.visibility === 'hidden' || s.opacity === '0' || s.display === 'none') shown = false;
      const box = a.getBoundingClientRect();
      if (s.overflow === 'hidden' && (box.width <= 1 || box.height <= 1)) shown = false;
    }
    if (!shown) continue;
    seen.add(el);
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < min - 0.05)
      small.push(`${size.toFixed(1)}px <${el.tagName.toLowerCase()} class="${el.className}"> "${n.textContent.trim().slice(0, 24)}"`);
  }
  return small;
}"""

# Buttons, fields, choices, disclosure summaries and button-like links smaller than `min` either way.
SMALL_CONTROLS = """(min) => {
  const selectors = ['button', 'select', 'input:not([type=radio]):not([type=checkbox]):not([type=hidden])',
    'textarea', 'summary', '.mbs-choice', '.md-button', '.mb-tel', '.mb-place', '.mb-action', '.md-header__button',
    '.mbs-review__change a'];
  const small = [];
  for (const el of document.querySelectorAll(selectors.join(','))) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.closest('[hidden]')) continue;
    if (r.right <= 0 || r.left >= document.documentElement.clientWidth) continue;
    let shown = true;
    for (let a = el; a && shown; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.visibility === 'hidden' || s.opacity === '0') shown = false;
    }
    if (!shown) continue;
    if (r.height < min - 0.5 || r.width < min - 0.5)
      small.push(`${Math.round(r.width)}x${Math.round(r.height)} <${el.tagName.toLowerCase()} class="${el.className}"> "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20)}"`);
  }
  return small;
}"""


def problems(page, elder: bool, controls: bool = True) -> list[str]:
    """Sideways scrolling, text under 24 px and controls under 60 px (长辈模式) or 44 px (standard)."""
    found = []
    over = page.evaluate(SIDEWAYS)
    if over > 0:
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .filter(e => !e.closest('[hidden]'))
          .slice(0, 4).map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> right ${Math.round(e.getBoundingClientRect().right)}`)""")
        found.append(f"scrolls sideways by {over}px: {wide}")
    if elder:
        found += [f"text {t}" for t in page.evaluate(SMALL_TEXT, ELDER_TEXT_PX)]
    if controls:
        found += [f"control {c}" for c in page.evaluate(SMALL_CONTROLS, ELDER_CONTROL_PX if elder else STANDARD_CONTROL_PX)]
    return found


def axe_problems(page, exclude: list[str] | None = None) -> list[dict]:
    """axe-core's serious and critical findings on the page as it is now."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async (exclude) => {
      const r = await axe.run({exclude: exclude.map(s => [s])}, {resultTypes: ['violations']});
      return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                     nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""", exclude or [])
    return [v for v in found if v["impact"] in ("serious", "critical")]


def describe(found) -> str:
    return json.dumps(found, ensure_ascii=False, indent=1)
