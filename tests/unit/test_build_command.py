"""build.py as a newcomer meets it: help for every subcommand, and builds that fail safely."""

import shutil
import subprocess
import sys

import pytest

from builder.errors import UserFacingError
from builder.site import BuildOptions, build_site
from tests.conftest import ROOT


def test_help_explains_every_subcommand():
    out = subprocess.run([sys.executable, str(ROOT / "build.py"), "--help"], capture_output=True, text=True,
                         check=True).stdout
    for command in ("setup", "check", "build", "serve", "pdf", "test", "bench"):
        assert f"    {command} " in out or f"    {command}\n" in out, command
    assert "site/" in out


@pytest.fixture
def previous_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    return site


def test_broken_mkdocs_yml_fails_clearly_and_keeps_the_previous_site(tmp_path, previous_site):
    broken = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "\ntheme: [unclosed\n"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(UserFacingError) as failure:
        build_site(BuildOptions(config_file=broken, site_dir=previous_site, pdf=False, quiet=True))
    assert "mkdocs.yml" in str(failure.value)
    assert f"line {text.count(chr(10)) + 1}" in str(failure.value)  # where the file ends, unclosed
    assert (previous_site / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".mingbai-build-")] == []


def test_invalid_mkdocs_option_fails_clearly_and_keeps_the_previous_site(tmp_path, previous_site):
    broken = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("name: material", "name: no-such-theme")
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(UserFacingError) as failure:
        build_site(BuildOptions(config_file=broken, site_dir=previous_site, pdf=False, quiet=True))
    assert "no-such-theme" in str(failure.value)
    assert (previous_site / "index.html").read_text(encoding="utf-8") == "the previous site"


def test_build_command_exits_1_with_a_message_not_a_traceback(tmp_path):
    broken_root = tmp_path / "repo"
    shutil.copytree(ROOT, broken_root, ignore=shutil.ignore_patterns(
        ".venv", "node_modules", "site", "test-output", ".git", ".cache", "*.pyc"))
    (broken_root / "mkdocs.yml").write_text("site_name: [\n", encoding="utf-8")
    (broken_root / ".venv").symlink_to(ROOT / ".venv")
    (broken_root / "node_modules").symlink_to(ROOT / "node_modules")
    done = subprocess.run([str(ROOT / ".venv/bin/python"), "build.py", "build", "--no-pdf"], cwd=broken_root,
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "BUILD FAILED" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not (broken_root / "site").exists()


def test_release_refuses_a_site_url_on_this_computer(tmp_path, previous_site):
    with pytest.raises(UserFacingError) as failure:
        build_site(BuildOptions(site_dir=previous_site, pdf=False, quiet=True, release=True,
                                site_url="http://127.0.0.1:8000/"))
    assert "--site-url" in str(failure.value)
    assert (previous_site / "index.html").read_text(encoding="utf-8") == "the previous site"


def test_a_terminated_build_leaves_no_staging_folder_and_a_killed_one_is_swept_next_time(tmp_path, previous_site):
    import os
    import signal
    import time

    from builder.site import STAGING_PREFIX, _remove_abandoned_staging

    code = ("import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
            "from builder.site import BuildOptions, build_site; "
            "build_site(BuildOptions(site_dir=Path(sys.argv[2]), pdf=False, quiet=True))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(ROOT), str(previous_site)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(f"{STAGING_PREFIX}*/docs")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(f"{STAGING_PREFIX}{proc.pid}-*")), "the build never started staging"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and b"Traceback" not in err
    assert not list(tmp_path.glob(f"{STAGING_PREFIX}*"))
    assert (previous_site / "index.html").read_text(encoding="utf-8") == "the previous site"

    # SIGKILL cannot be caught: the next build removes what a dead process left behind.
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    abandoned = tmp_path / f"{STAGING_PREFIX}{dead.pid}-x1y2"
    (abandoned / "site").mkdir(parents=True)
    mine = tmp_path / f"{STAGING_PREFIX}{os.getpid()}-live"
    mine.mkdir()
    _remove_abandoned_staging(previous_site)
    assert not abandoned.exists() and mine.exists()


def test_staging_folders_are_git_ignored():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".mingbai-build-123-abc/site/x.html"], cwd=ROOT)
    assert ignored.returncode == 0
