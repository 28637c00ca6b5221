"""Every cited claim the site makes, with the words it rests on: written as site/citations.json
(../shared/contract.md, "Citations") by every build, and read by the tests.

    {"where": "guide:zongyang/dibao", "text": "<the claim as the resident reads it>",
     "cite": "<clause id>" | null, "quote": "<the clause's words>" | null, "restated": true | false}

`cite` is null only for an example figure (verified: false): no clause states it, and its text says 示例.
`restated` is true where the site holds no text of the cited document (据转述).
Guide pages log their statements while they render; print draws the same statements (print:<j>/<p>);
the engine's reasons are logged by evaluating specimen households (builder/specimens.py).
"""

from __future__ import annotations

import json
import re

_LINK = re.compile(r"\[依据\]\([^)]*\)\{[^}]*\}")
_TAGS = re.compile(r"<[^>]+>")


def plain(markdown: str) -> str:
    """The words a resident reads: no 依据 links, tags or emphasis."""
    text = _TAGS.sub("", _LINK.sub("", markdown))
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


class ClaimLog:
    def __init__(self, policies):
        self.policies = policies
        self.entries: list[dict] = []
        self._seen: set = set()

    def add(self, where: str, text: str, cite: str | None) -> None:
        c = self.policies.cite(cite) if cite else None
        entry = {"where": where, "text": text, "cite": c.cite if c else None,
                 "quote": c.quote if c else None, "restated": bool(c and c.restated)}
        key = tuple(entry.values())
        if key not in self._seen:
            self._seen.add(key)
            self.entries.append(entry)

    def json(self) -> str:
        return json.dumps(self.entries, ensure_ascii=False, indent=1) + "\n"
