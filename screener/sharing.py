"""What the results of one bundle share, owned by that bundle (`Bundle.sharing`): made with it, dropped
with it, so loading another bundle can never hand out a part of the old one.

Most of a result is the same from one household to the next: the office a programme sends people to,
the documents to bring, whole results of programmes that do not fit, the referrals. Rules build those
parts once, through the methods below, at the point where a result is assembled; the parts are
serialised, never mutated, and their JSON text is written once (screener/jsonout.py). The rules
themselves keep nothing between households.
"""

from __future__ import annotations

from screener.jsonout import Shared

ROUTES, RESULTS, GROUPS, WARNINGS = 16384, 32768, 16384, 4096    # how many of each are kept before starting again


class Sharing:
    """`routes` and `results` are read directly on the hot path (`get`, then `put` what was missing)."""

    def __init__(self):
        self.json = Shared()
        self.routes = self.json.cache(ROUTES)          # office answers, by exactly what routing.route reads
        self.results = self.json.cache(RESULTS)        # whole programme results that depend only on their key
        self._groups: dict = {}
        self.results.also_clear = self._groups        # a group holds results: they go together
        self._documents: dict = {}
        self._limits: dict = {}
        self._warnings: dict = {}
        self.plans: dict = {}                         # jurisdiction id → engine.plan(...)

    def share(self, o):
        """`o`, a part every result of the bundle may hold (a jurisdiction's name, a document list)."""
        return self.json.share(o)

    def documents(self, view, relevant: frozenset) -> list[str]:
        """The documents of `view` (a programme in one place) for a household with the conditions
        `relevant`: one list per combination."""
        key = (view, relevant)
        got = self._documents.get(key)
        if got is None:
            got = self._documents[key] = self.share(
                [t for cond, t in view.documents if cond is None or cond in relevant])
        return got

    def time_limits(self, view, in_force: tuple) -> list[dict]:
        """The time limits of `view` on a day when, of its place's limits that ended, those whose last day
        is in `in_force` still hold (context.Context.limits_in_force): one list per combination."""
        key = (view, in_force)
        got = self._limits.get(key)
        if got is None:
            got = self._limits[key] = self.share(
                view.time_limits + [t for until, t in view.ended_limits if until in in_force])
        return got

    def warnings(self, key) -> list[str] | None:
        """The warnings that depend only on the place, the day and the data used (`key`), if kept."""
        return self._warnings.get(key)

    def keep_warnings(self, key, warnings: list[str]) -> list[str]:
        if len(self._warnings) >= WARNINGS:
            self._warnings.clear()
        self._warnings[key] = warnings
        return warnings

    def group(self, key, make):
        """The referrals' results together, for households alike in everything they read."""
        got = self._groups.get(key)
        if got is None:
            if len(self._groups) >= GROUPS:
                self._groups.clear()
            got = self._groups[key] = make()
        return got
