"""The clause ids written in the engine's own code (the national defaults next to each rule).
The build checks that each resolves (builder/policies/bundle.py) and ships its label and URL."""

from screener import context
from screener.programs import MODULES


def code_citations() -> list[str]:
    cites = {context.DIBAO_NATIONAL, context.TEKUN_NATIONAL, context.CANJI_NATIONAL, context.LINSHI_NATIONAL}
    for module in MODULES:
        cites.update(module.CITES)
    return sorted(cites)
