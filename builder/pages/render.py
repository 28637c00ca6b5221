"""Rendering generated pages: the jinja2 environment, the page registry and links between pages.

Pages are Markdown files in ctx.docs_dir; links between them are written as relative
Markdown links to the target's .md file, so mkdocs (strict, with validation) checks every
link and anchor. Where a page lives on the site is taken from `Citation.url` and the
ARCHITECTURE.md URL table; `PageRegistry` only maps a site URL back to its Markdown file.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from builder.errors import UserFacingError
from builder.templates import markdown_environment

# Characters that would change meaning in Markdown when they appear in verbatim text.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


_HTML_ENTITIES = {"<": "&lt;", ">": "&gt;"}


def md_escape(text: str) -> str:
    """Verbatim text that Markdown must not reinterpret (a `*` or `<` in a document stays itself)."""
    return _MD_SPECIAL.sub(lambda m: _HTML_ENTITIES.get(m.group(1), "\\" + m.group(1)), text)


def attr_escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;"))


@dataclass
class PageRegistry:
    """Every Markdown page of the build (hand-written, other steps', ours) by its site URL."""

    docs_dir: Path
    planned: dict[str, str] = field(default_factory=dict)   # url → md path, pages we are about to write

    @staticmethod
    def url_of(md_path: str) -> str:
        stem = md_path[:-3]
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def plan(self, md_path: str) -> str:
        url = self.url_of(md_path)
        self.planned[url] = md_path
        return url

    def md_path(self, url: str) -> str | None:
        """The Markdown file behind a site-relative URL such as `sources/x/` (None if no such page)."""
        url = url.lstrip("/")
        if url in self.planned:
            return self.planned[url]
        stem = url.rstrip("/")
        for candidate in ([f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md"]):
            if (self.docs_dir / candidate).is_file():
                return candidate
        return None

    def exists(self, url: str) -> bool:
        return self.md_path(url.split("#")[0].split("?")[0]) is not None

    def href(self, from_md: str, url: str) -> str:
        """A relative Markdown link from page `from_md` to site URL `url` (path, ?query, #anchor kept)."""
        path, hash_, anchor = url.partition("#")
        path, q, query = path.partition("?")
        target = self.md_path(path)
        if target is None:
            raise UserFacingError(f"{from_md}: link to {url!r}, but the build has no such page")
        rel = posixpath.relpath(target, posixpath.dirname(from_md) or ".")
        return rel + (q + query if q else "") + (hash_ + anchor if hash_ else "")


def environment() -> jinja2.Environment:
    env = markdown_environment()
    env.filters["md"] = md_escape
    env.filters["attr"] = attr_escape
    return env
