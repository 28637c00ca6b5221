"""The one jinja2 environment for everything generated from templates/ (pages, print, embed)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def tel(number: str) -> str:
    """A phone number as a tap-to-call address: "0562-123 4567" → "05621234567"."""
    return re.sub(r"[^\d+]", "", str(number))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["tel"] = tel
    return env


def markdown_environment() -> jinja2.Environment:
    """The same templates for generated Markdown pages: no HTML autoescape (values are escaped by
    filter where needed); its own filters and globals, so one build's additions stay in it."""
    env = environment().overlay(autoescape=False)
    env.filters, env.globals = dict(env.filters), dict(env.globals)
    return env


def render(name: str, **values) -> str:
    return environment().get_template(name).render(**values)
