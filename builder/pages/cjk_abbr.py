"""Python-Markdown's `abbr`, made to work in Chinese text.

The stock extension only matches an abbreviation between `\\b` word boundaries. Chinese
has no spaces, so in 申请低保 there is no boundary before 低保 and the glossary tooltip
would never appear. This variant only refuses matches glued to Latin letters or digits
(so 12345 does not match inside 0512345678). Everything else — the `*[term]: text`
definitions, the auto-appended glossary snippet, mkdocs-material's tooltips — is unchanged.

mkdocs.yml names it instead of `abbr`: `- builder.pages.cjk_abbr`.
"""

from __future__ import annotations

import re

from markdown.extensions.abbr import AbbrBlockprocessor, AbbrExtension, AbbrTreeprocessor


class CjkAbbrTreeprocessor(AbbrTreeprocessor):
    def run(self, root):
        if not self.abbrs:
            return
        keys = sorted(self.abbrs, key=len, reverse=True)  # longest first: 低保边缘 before 低保
        self.RE = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, keys)) + r")(?![A-Za-z0-9])")
        self.iter_element(root)


class CjkAbbrExtension(AbbrExtension):
    def extendMarkdown(self, md):
        if self.config["glossary"][0]:
            self.load_glossary(self.config["glossary"][0])
        self.abbrs.update(self.glossary)
        md.registerExtension(self)
        md.treeprocessors.register(CjkAbbrTreeprocessor(md, self.abbrs), "abbr", 7)
        md.parser.blockprocessors.register(AbbrBlockprocessor(md.parser, self.abbrs), "abbr", 16)


def makeExtension(**kwargs):
    return CjkAbbrExtension(**kwargs)
