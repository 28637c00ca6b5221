"""Print tests: the PDFs are rendered once per session from a copy of policies/ into
test-output/print/, with a site address other than mkdocs.yml's so the QR codes show it is used."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import OUTPUT, ROOT

PRINT_OUT = OUTPUT / "print"
SITE_URL = "https://mingbai.example.gov.cn/xian/"
TODAY = dt.date.today()
A6 = (297.6, 419.5)
A4 = (595.3, 841.9)


def load(root: Path):
    from builder.policies import load_policies

    return load_policies(root, check_date=TODAY)


def render_all(policies, out_dir: Path, only: list[str] | None = None, site_url: str = SITE_URL) -> dict:
    """(jurisdiction, kind) → PrintFile, rendered by the same function the build uses."""
    from builder.print_pdf import write_print_files

    js = [j for jid, j in policies.data["jurisdictions"].items() if only is None or jid in only]
    files = write_print_files(policies, js, site_url, TODAY, out_dir, log=lambda m: None, warn=lambda m: None)
    return {(f.jurisdiction, f.kind): f for f in files}


@pytest.fixture
def policies_copy(tmp_path) -> Path:
    """A private copy of policies/ that a test may change."""
    root = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", root)
    return root


@pytest.fixture(scope="session")
def policies():
    return load(ROOT / "policies")


@pytest.fixture(scope="session")
def print_files(policies) -> dict:
    out = PRINT_OUT / "files"
    shutil.rmtree(out, ignore_errors=True)
    return render_all(policies, out)


@pytest.fixture(scope="session")
def jurisdictions(policies) -> list[str]:
    return list(policies.data["jurisdictions"])


def text_of(pdf: Path, page: int | None = None, crop: tuple[float, float, float, float] | None = None) -> str:
    """Text of a PDF (or one page, or a box of it in points) with every space and line break removed."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if crop is not None:
        x, y, w, h = crop
        args += ["-r", "72", "-x", str(int(x)), "-y", str(int(y)), "-W", str(int(w)), "-H", str(int(h))]
    out = subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", out)


def pages_text(pdf: Path, crop: tuple[float, float, float, float] | None = None) -> list[str]:
    """Text of every page (or of the same box on every page), spaces removed: one pdftotext run."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if crop is not None:
        x, y, w, h = crop
        args += ["-r", "72", "-x", str(int(x)), "-y", str(int(y)), "-W", str(int(w)), "-H", str(int(h))]
    out = subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [re.sub(r"\s+", "", page) for page in out.split("\f")[:-1]]


def qr_codes(pdf: Path, page: int, png_dir: Path, dpi: int = 200) -> list[str]:
    """Render one page with pdftoppm and decode every QR code on it with zbarimg."""
    png_dir.mkdir(parents=True, exist_ok=True)
    stem = png_dir / f"{pdf.stem}-p{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    str(pdf), str(stem)], check=True)
    found = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{stem}.png"],
                           capture_output=True, text=True)
    return [line for line in found.stdout.splitlines() if line]
