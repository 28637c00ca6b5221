"""Honesty checks on what the pages showed: stale parameters warn; example data blocks a release."""

from __future__ import annotations

import datetime as dt

from builder.errors import UserFacingError


def _year_before(d: dt.date) -> dt.date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def warn_stale(site) -> list[str]:
    """A parameter in force whose last_confirmed is more than 12 months before the build date."""
    limit = _year_before(site.today)
    seen, messages = set(), []
    for f in site.shown_figures:
        key = (f.jurisdiction, f.name)
        if key in seen:
            continue
        params = (site.jurisdictions[f.jurisdiction].parameters if f.jurisdiction
                  else site.policies.data.get("national_parameters", {}))
        param = params.get(f.name)
        current = param.at(site.today) if param else None
        if current is None or current.start != f.start:
            continue   # a past value, listed on the changes page only
        seen.add(key)
        if current.last_confirmed < limit:
            where = f"{param.file}:{param.line}" if param.line else param.file
            place = site.jurisdictions[f.jurisdiction].name if f.jurisdiction else "全国"
            message = (f"{where}: parameter {f.name} ({place} {param.description}) was last confirmed on "
                       f"{current.last_confirmed}, more than 12 months before {site.today}: check it against "
                       "the official source and update last_confirmed")
            site.ctx.warn(message)
            messages.append(message)
    return messages


def refuse_example_data(site) -> None:
    """`build --release`: no figure or office shown may be verified: false."""
    problems = []
    seen = set()
    for f in site.shown_figures:
        key = (f.jurisdiction, f.name, f.start)
        if f.verified or key in seen:
            continue
        seen.add(key)
        place = f.jurisdiction or "_national"
        problems.append(f"  {f.file}: {f.name} value from {f.start} ({place}) is verified: false — shown on {f.page}")
    for jid, o in site.shown_offices:
        if not o.verified:
            where = f"{o.file}:{o.line}" if o.line else o.file
            problems.append(f"  {where}: office {o.id} ({o.name}) is verified: false — shown on offices/{jid}/")
    if problems:
        raise UserFacingError(
            f"--release refuses example data: {len(problems)} figure(s) or office(s) shown on the site are "
            "marked verified: false (示例). Verify them against an official source and set verified: true, "
            "or build without --release.\n" + "\n".join(problems))
