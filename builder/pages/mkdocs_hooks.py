"""mkdocs hooks (mkdocs.yml `hooks:`): a Chinese, ordered navigation for generated folders.

mkdocs names a folder's section after the folder (`guides` → "Guides") and sorts by file
name. Here a section takes the `title` of its index.md and items follow `nav_order` from
their front matter (then title), so 低保 comes before 特困 and no English leaks into the menu.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

_DEFAULT_ORDER = 50


def _meta(page: Page) -> dict:
    if not hasattr(page, "_mingbai_meta"):
        try:
            _, meta = get_data(Path(page.file.abs_src_path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            meta = {}
        page._mingbai_meta = meta if isinstance(meta, dict) else {}
    return page._mingbai_meta


def _index_of(section: Section) -> Page | None:
    for child in section.children:
        if isinstance(child, Page) and child.file.name == "index":
            return child
    return None


def _sort_key(item) -> tuple:
    if isinstance(item, Page):
        meta = _meta(item)
        is_index = item.file.name == "index"
        return (not is_index, meta.get("nav_order", _DEFAULT_ORDER), str(meta.get("title", item.file.name)))
    index = _index_of(item) if isinstance(item, Section) else None
    meta = _meta(index) if index else {}
    return (True, meta.get("nav_order", _DEFAULT_ORDER), item.title)


def _arrange(items: list) -> list:
    for item in items:
        if isinstance(item, Section):
            index = _index_of(item)
            if index is not None:
                item.title = str(_meta(index).get("nav_title") or _meta(index).get("title") or item.title)
            item.children = _arrange(item.children)
    return sorted(items, key=_sort_key)


def on_nav(nav, config, files):
    nav.items = _arrange(nav.items)
    # Previous/next links in the footer follow the menu's order.
    pages = []

    def walk(items):
        for item in items:
            if isinstance(item, Page):
                pages.append(item)
            elif isinstance(item, Section):
                walk(item.children)

    walk(nav.items)
    for i, page in enumerate(pages):
        page.previous_page = pages[i - 1] if i > 0 else None
        page.next_page = pages[i + 1] if i + 1 < len(pages) else None
    nav.pages = pages
    return nav
