"""The loaders and cross-file validators beyond sources/references, in the order they run.

A loader is `fn(root, policies, problems)`: it reads its files, appends located Problems,
and stores what it loaded in `policies.data[...]`. A validator is
`fn(policies, problems, check_date)` and runs only when every file loaded cleanly.
Owners add their own line here (guides: guides + glossary, in prose.py). Nothing here imports pages/: data loads below the pages.
"""

from builder.policies.bundle import validate_engine_citations
from builder.policies.jurisdictions import load_jurisdictions, validate_jurisdictions
from builder.policies.programs import load_programs, validate_programs
from builder.policies.prose import load_glossary, load_guides, validate_guides

LOADERS: list = [load_programs, load_jurisdictions, load_guides, load_glossary]
VALIDATORS: list = [validate_programs, validate_jurisdictions, validate_engine_citations, validate_guides]
