"""First-run set-up, standard library only: it runs under whatever python3 started build.py.

It makes sure `.venv/` exists with the pinned Python packages, `node_modules/` holds the
pinned npm packages, and the Debian packages the build and the tests need are present;
then it re-executes build.py inside `.venv`. Each step is skipped, and says so, when
its inputs have not changed since the last run (a hash stamp of the lock file).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
MIN_PYTHON = (3, 12)
# The browser engine is Pyodide 0.29 = CPython 3.13; a 3.13 host can precompile the engine for it.
PREFERRED_PYTHONS = ("python3.13", "python3.12")

# Commands that work without any set-up at all.
NO_SETUP = {None, "-h", "--help", "help"}
# Debian packages, with the check that says they are already there, and who needs them.
SYSTEM_PACKAGES = [
    ("fonts-noto-cjk", lambda: _fc_has_chinese(), {"build", "serve", "pdf", "test", "bench"}),
    ("libpango-1.0-0", lambda: _has_lib("libpango-1.0.so.0"), {"build", "serve", "pdf", "test", "bench"}),
    ("libpangoft2-1.0-0", lambda: _has_lib("libpangoft2-1.0.so.0"), {"build", "serve", "pdf", "test", "bench"}),
    ("chromium", lambda: Path("/usr/bin/chromium").exists(), {"test", "bench"}),
    ("zbar-tools", lambda: shutil.which("zbarimg") is not None, {"test"}),
    ("poppler-utils", lambda: shutil.which("pdftoppm") is not None, {"test"}),
    ("nginx-light", lambda: Path("/usr/sbin/nginx").exists(), {"test"}),   # the deploy settings, tried for real
]


def say(message: str) -> None:
    print(f"[set-up] {message}", flush=True)


def fail(message: str) -> None:
    print(f"[set-up] {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fc_has_chinese() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    return "Noto" in out and "CJK" in out


def _has_lib(name: str) -> bool:
    out = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
    return name in out


def _inside_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def _find_host_python() -> str:
    if sys.version_info[:2] >= MIN_PYTHON:
        return sys.executable
    for name in PREFERRED_PYTHONS:
        found = shutil.which(name)
        if found:
            return found
    fail(
        f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer is needed to create .venv; this is "
        f"{sys.version.split()[0]}. Install python3.13 (or let pyenv read .python-version) and run again."
    )
    raise AssertionError


# Pure-Python wheels the caseworkers' page (staff/discover/) runs in the browser to read and write .xlsx:
# the same versions as requirements.txt pins (tests/unit/test_discover.py checks), fetched from PyPI once
# and checked against these hashes; the build serves them from the site itself.
BROWSER_WHEELS = {
    "openpyxl-3.1.5-py2.py3-none-any.whl": "5282c12b107bffeef825f4617dc029afaf41d0ea60823bbb665ef3079dc79de2",
    "et_xmlfile-2.0.0-py3-none-any.whl": "7a91720bc756843502c3b7504c77b8fe44217c85c537d85037f0f536151b2caa",
}
WHEEL_DIR = ROOT / ".cache" / "wheels"


def ensure_venv() -> None:
    stamp = VENV / ".mingbai-requirements.sha256"
    wanted = _sha256(ROOT / "requirements.txt")
    if not VENV_PYTHON.exists():
        host = _find_host_python()
        say(f"creating .venv with {host}")
        subprocess.run([host, "-m", "venv", str(VENV)], check=True)
    if stamp.exists() and stamp.read_text().strip() == wanted:
        say(".venv: pinned Python packages already installed (requirements.txt unchanged)")
        return
    say("installing pinned Python packages into .venv (first run or requirements.txt changed)")
    pip = [str(VENV_PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "-r", str(ROOT / "requirements.txt")], check=True)
    stamp.write_text(wanted)


def ensure_browser_wheels() -> None:
    missing = [n for n, h in BROWSER_WHEELS.items() if not (WHEEL_DIR / n).exists() or _sha256(WHEEL_DIR / n) != h]
    if not missing:
        return
    say(f"downloading {', '.join(missing)} for the caseworkers' page (staff/discover/)")
    WHEEL_DIR.mkdir(parents=True, exist_ok=True)
    pins = ["==".join(n.split("-")[:2]) for n in missing]
    subprocess.run([str(VENV_PYTHON), "-m", "pip", "--disable-pip-version-check", "-q", "download", "--no-deps",
                    "--only-binary=:all:", "-d", str(WHEEL_DIR), *pins], check=True)
    for name in missing:
        if not (WHEEL_DIR / name).exists() or _sha256(WHEEL_DIR / name) != BROWSER_WHEELS[name]:
            fail(f"{name} from PyPI does not have the pinned sha256 (builder/setup_env.py BROWSER_WHEELS)")


def ensure_node_modules() -> None:
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / ".mingbai-lock.sha256"
    wanted = _sha256(lock)
    if stamp.exists() and stamp.read_text().strip() == wanted:
        say("node_modules: pinned npm packages already installed (package-lock.json unchanged)")
        return
    npm = shutil.which("npm")
    if npm is None:
        fail("npm was not found. Install Node.js 20 or newer (Debian: apt-get install nodejs npm) and run again.")
    say("installing pinned npm packages (npm ci)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT, check=True)
    stamp.write_text(wanted)


def ensure_system_packages(command: str | None) -> None:
    missing = [name for name, present, needed_by in SYSTEM_PACKAGES if command in needed_by and not present()]
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        fail(
            "These Debian packages are needed and not installed: "
            + " ".join(missing)
            + f"\nInstall them with:  sudo apt-get install -y {' '.join(missing)}\nthen run the same command again."
        )
    say(f"installing Debian packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env)


def _command(argv: list[str]) -> str | None:
    for arg in argv:
        if not arg.startswith("-") or arg in ("-h", "--help"):
            return arg
    return None


def enter_venv(argv: list[str]) -> None:
    """Make sure everything is set up, then continue inside .venv (re-executing if needed)."""
    command = _command(argv)
    if command in NO_SETUP:
        return
    if not _inside_venv():
        ensure_venv()
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(ROOT / "build.py"), *argv])
    ensure_node_modules()
    ensure_browser_wheels()
    ensure_system_packages(command)
