"""How long the print step takes and how big its files are, for every jurisdiction in policies/.

- cold: every jurisdiction rendered from scratch (the first build, or after policies/ changed):
  wall time and this process's CPU time (the machine is shared; CPU is the steadier figure);
  layouts: WeasyPrint layouts run (two per jurisdiction when every height estimate was right);
- warm: the same inputs again, so every file comes from .cache/print/;
- the rest of the build: `build --no-pdf`, CPU of this process, for the comparison the goal makes;
- sizes: the largest file of each kind and the sum of all files.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

NAME = "print_pdfs"
GOAL = ("cold ≤ 2 s CPU per jurisdiction for its four PDFs and ≤ 1 MB per file; unchanged inputs ≤ 0.2 s per "
        "jurisdiction (less than the rest of the build)")

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://mingbai.example.gov.cn/"


def _timed(fn):
    wall, cpu = time.monotonic(), time.process_time()
    result = fn()
    return result, round(time.monotonic() - wall, 2), round(time.process_time() - cpu, 2)


def run() -> dict:
    from builder import print_pdf
    from builder.policies import load_policies
    from builder.site import BuildOptions, build_site

    policies = load_policies(ROOT / "policies")
    jurisdictions = list(policies.data["jurisdictions"].values())
    today = dt.date.today()
    layouts = 0
    original = print_pdf.Renderer.render

    def counting(self, html):
        nonlocal layouts
        layouts += 1
        return original(self, html)

    with tempfile.TemporaryDirectory() as tmp:
        out, cache = Path(tmp) / "out", Path(tmp) / "cache"
        print_pdf.Renderer.render = counting
        try:
            files, cold_wall, cold_cpu = _timed(lambda: print_pdf.write_print_files(
                policies, jurisdictions, SITE_URL, today, out, log=lambda m: None, warn=lambda m: None, cache=cache))
        finally:
            print_pdf.Renderer.render = original
        shutil.rmtree(out)
        _, warm_wall, warm_cpu = _timed(lambda: print_pdf.write_print_files(
            policies, jurisdictions, SITE_URL, today, out, log=lambda m: None, warn=lambda m: None, cache=cache))
        _, rest_wall, rest_cpu = _timed(lambda: build_site(BuildOptions(
            site_dir=Path(tmp) / "site", pdf=False, quiet=True, site_url=SITE_URL)))
    n = len(jurisdictions)
    largest = {}
    for f in files:
        largest[f.kind] = max(largest.get(f.kind, 0), f.size)
    return {
        "jurisdictions": n,
        "cold wall s": cold_wall,
        "cold CPU s": cold_cpu,
        "cold CPU s per jurisdiction": round(cold_cpu / n, 2),
        "layouts": layouts,
        "warm wall s": warm_wall,
        "warm CPU s": warm_cpu,
        "rest of the build (--no-pdf): wall s": rest_wall,
        "rest of the build (--no-pdf): CPU s (this process)": rest_cpu,
        "largest file KB by kind": {k: round(v / 1024) for k, v in sorted(largest.items())},
        "all files MB": round(sum(f.size for f in files) / 1024 / 1024, 1),
        "pages": {f"{f.jurisdiction} {f.kind}": f.pages for f in files if f.kind.endswith("a6")},
    }
