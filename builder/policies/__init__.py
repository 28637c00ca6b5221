"""policies/: the only place a policy fact is written. `load_policies()` reads and checks it all.

Layout (see docs/dev/policies.md for every field):

    policies/sources/<doc>.yaml          original documents, verbatim, split into clauses
    policies/references.yaml             cited documents whose text we do not carry
    policies/programs/<program>.yaml     programme facts: name, documents to bring, steps, time limits
    policies/guides/<program>.yaml       plain-language guide prose for residents
    policies/glossary.yaml               terms residents meet, in plain words
    policies/jurisdictions/<id>/         jurisdiction.yaml, parameters.yaml, offices.yaml

Every problem is collected and reported together, each as file:line, field and what is allowed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from builder.errors import PolicyDataError, Problem
from builder.policies.loaded import Policies
from builder.policies.sources import load_references, load_sources

__all__ = ["Policies", "load_policies"]


def load_policies(root: Path, check_date: str | dt.date | None = None) -> Policies:
    from builder.policies import extra_loaders

    problems: list[Problem] = []
    sources = load_sources(root, problems)
    references = load_references(root, problems)
    policies = Policies(root=root, sources=sources, references=references)
    for loader in extra_loaders.LOADERS:
        loader(root, policies, problems)
    if not problems:
        when = dt.date.fromisoformat(check_date) if isinstance(check_date, str) else check_date
        for validator in extra_loaders.VALIDATORS:
            validator(policies, problems, when)
    if problems:
        raise PolicyDataError(problems)
    return policies
