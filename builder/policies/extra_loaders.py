"""The loaders and cross-file validators beyond sources/references, in the order they run.

A loader is `fn(root, policies, problems)`: it reads its files, appends located Problems,
and stores what it loaded in `policies.data[...]`. A validator is
`fn(policies, problems, check_date)` and runs only when every file loaded cleanly.
"""

LOADERS: list = []
VALIDATORS: list = []
