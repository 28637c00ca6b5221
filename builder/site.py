"""The whole build, from policies/ to site/, done in a staging folder and swapped in at the end.

    policies/ ──load+check──► Policies
    docs/ (hand-written) + generated pages ──► staging/docs ──mkdocs──► staging/site
    asset steps (screener engine, PDFs, embed) ──► staging/site
    staging/site ──rename──► site/        (only when every step succeeded)

A step that fails raises UserFacingError; the staging folder is removed and site/ is
left exactly as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from builder.errors import UserFacingError

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BuildOptions:
    release: bool = False
    jurisdiction: str | None = None
    site_url: str | None = None
    pdf: bool = True
    config_file: Path = ROOT / "mkdocs.yml"
    site_dir: Path = ROOT / "site"
    policies_dir: Path = ROOT / "policies"
    today: dt.date = field(default_factory=dt.date.today)
    quiet: bool = False


@dataclass
class BuildContext:
    """What every build step gets. Steps add files under docs_dir (pages) or site_dir (assets)."""

    options: BuildOptions
    policies: object
    docs_dir: Path
    site_dir: Path
    site_url: str
    jurisdictions: list = field(init=False)             # the ones this build is for (--jurisdiction)
    warnings: list[str] = field(default_factory=list)
    guide_site: object = None                           # set by the guides step (what its pages showed)
    print_files: list = field(default_factory=list)     # set by the downloads step
    engine_dir: str | None = None                       # set by the screener's asset step: "screener/engine/<hash>/"
    engine_files: dict = field(default_factory=dict)    # and its files by role (loader, asm, wasm …)

    @cached_property
    def engine_bundle(self) -> dict:
        """The engine's rules data (builder.policies.bundle), made once per build."""
        from builder.policies.bundle import engine_bundle

        return engine_bundle(self.policies)

    def __post_init__(self):
        self.jurisdictions = self.policies.select_jurisdictions(self.options.jurisdiction)

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        print(f"WARNING: {message}", flush=True)


def _page_steps():
    """Steps that write Markdown (and page assets) into docs_dir before mkdocs runs."""
    from builder.discover_page import write_discover_page
    from builder.embed import write_embedding_page
    from builder.guide_site import write_guide_site
    from builder.print_pdf import write_downloads_page
    from builder.screener_page import write_screener_page
    from builder.worksheet.page import write_worksheet_page

    # Guides last: the home page links only to pages that exist.
    return [write_screener_page, write_downloads_page, write_embedding_page, write_worksheet_page,
            write_discover_page, write_guide_site]


def _asset_steps(options: BuildOptions):
    """Steps that write into the built site after mkdocs has run."""
    from builder.discover_page import write_discover_assets
    from builder.embed import write_embed_page
    from builder.screener_assets import write_screener_assets, write_search_copies

    # The screener's step caches embed/ for offline use; the caseworkers' page uses its engine folder.
    steps = [write_embed_page, write_search_copies, write_screener_assets, write_discover_assets]
    if options.pdf:
        from builder.print_pdf import check_print_files
        steps.append(check_print_files)
    return steps


def _log(options: BuildOptions, message: str) -> None:
    if not options.quiet:
        print(f"[build] {message}", flush=True)


class _CollectMkdocsWarnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _mkdocs_config(options: BuildOptions, docs_dir: Path, site_dir: Path):
    import yaml
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    overrides = {"docs_dir": str(docs_dir), "site_dir": str(site_dir)}
    if options.site_url:
        overrides["site_url"] = options.site_url
    collector = _CollectMkdocsWarnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        return load_config(str(options.config_file), **overrides)
    except (Abort, ConfigurationError) as e:
        details = "".join(f"\n  - {m}" for m in collector.messages)
        raise UserFacingError(f"{options.config_file} is not a valid mkdocs configuration: {e}{details}") from None
    except yaml.YAMLError as e:
        raise UserFacingError(f"{options.config_file.name} is not valid YAML:\n{e}") from None
    except OSError as e:
        raise UserFacingError(f"cannot read {options.config_file}: {e}") from None
    finally:
        logger.removeHandler(collector)


def _run_mkdocs(config) -> None:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    collector = _CollectMkdocsWarnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        build(config)
    except (Abort, MkDocsException) as e:
        details = "\n".join(f"  - {m}" for m in collector.messages)
        raise UserFacingError(f"mkdocs refused the site: {e}\n{details}") from None
    finally:
        logger.removeHandler(collector)


def _load_policies(options: BuildOptions):
    from builder.policies import load_policies

    return load_policies(options.policies_dir, check_date=options.today)


STAGING_PREFIX = ".mingbai-build-"       # git-ignored; <prefix><pid>-<random> beside site/


def build_site(options: BuildOptions | None = None) -> BuildContext:
    options = options or BuildOptions()
    started = time.monotonic()
    target = options.site_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(target)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=target.parent))
    with _termination_unwinds():
        try:
            _log(options, "checking policies/")
            policies = _load_policies(options)
            docs_dir, site_dir = staging / "docs", staging / "site"
            shutil.copytree(ROOT / "docs", docs_dir)
            config = _mkdocs_config(options, docs_dir, site_dir)
            ctx = BuildContext(options, policies, docs_dir, site_dir, site_url=config["site_url"] or "")
            _check_site_url(options, ctx.site_url, ctx.warn)
            for step in _page_steps():
                _log(options, f"pages: {step.__module__}.{step.__name__}")
                step(ctx)
            _log(options, "mkdocs")
            _run_mkdocs(config)
            for step in _asset_steps(options):
                _log(options, f"assets: {step.__module__}.{step.__name__}")
                step(ctx)
            _swap_in(site_dir, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    _log(options, f"site/ is ready ({time.monotonic() - started:.1f} s): {target}")
    return ctx


def _remove_abandoned_staging(target: Path) -> None:
    """What builds killed (SIGKILL, power cut) before they could clean up left beside `target`: their
    staging folders (`<prefix><pid>-…`) and the previous site being swapped out (`.<name>.old-<pid>`)."""
    for old in target.parent.glob(f"{STAGING_PREFIX}*"):
        pid = old.name[len(STAGING_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    for old in target.parent.glob(f".{target.name}.old-*"):
        pid = old.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:     # a process of another user: alive
        pass
    return True


@contextlib.contextmanager
def _termination_unwinds():
    """SIGTERM (a CI timeout, `kill`) unwinds like Ctrl+C, so the staging folder is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def is_local_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in ("", "localhost") or host.startswith("127.") or host == "::1"


def _check_site_url(options: BuildOptions, site_url: str, warn) -> None:
    """QR codes and the embed snippet carry site_url: a release must name the real address."""
    if is_local_url(site_url):
        message = (f"site_url is {site_url or '(empty)'}: QR codes and the embed snippet would point at this "
                   "computer. Set the published address with --site-url https://… or site_url in mkdocs.yml.")
        if options.release:
            raise UserFacingError(f"--release refused: {message}")
        warn(message)


def _swap_in(new: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_pdfs_only(options: BuildOptions) -> None:
    """`build.py pdf`: only the print files, straight into site/downloads/ (each written atomically)."""
    from builder.print_pdf import build_only

    policies = _load_policies(options)
    site_url = _mkdocs_config(options, ROOT / "docs", options.site_dir)["site_url"] or ""
    _check_site_url(options, site_url, lambda m: print(f"WARNING: {m}", flush=True))
    build_only(policies, options, site_url)
