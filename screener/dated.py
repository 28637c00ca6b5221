"""The two rules every reader of policies/ applies the same way, written once: which dated value is in
force on a day, and whether an item applies in a jurisdiction. The engine reads them from the bundle;
the builder (builder/policies, the guides, print) imports them from here."""

from __future__ import annotations


def in_force(values, day, start=lambda v: v["start"]):
    """The value in force on `day`: of `values` (sorted by their start), the last one starting on or before
    it; None before the first. `start` reads a value's start (an ISO text in the bundle, a date in the
    builder); `day` is of the same kind."""
    found = None
    for v in values:
        if start(v) <= day:
            found = v
        else:
            break
    return found


def applies_in(item: dict, jurisdiction_id: str) -> bool:
    """An item of policies/ (a document, a step, a time limit …) applies in this jurisdiction: it names
    no `jurisdictions`, or names this one."""
    return "jurisdictions" not in item or jurisdiction_id in item["jurisdictions"]
