"""Precompressed copies beside a file: `<name>.br` (brotli, quality 11) and `<name>.gz` (zopfli), which
builder/serve.py and the deploy/ settings send as they are (builder/delivery.py names them): 2.9 MB in
transit for the engine with brotli, 3.5 MB with the .gz copies, 3.9 MB with gzip on the fly. Both are
cached in .cache/engine/ by content, since brotli at quality 11 needs ~20 s for the wasm.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

from builder.delivery import PRECOMPRESSED

ROOT = Path(__file__).resolve().parent.parent


COMPRESSED_CACHE = ROOT / ".cache" / "engine"


def _brotli(data: bytes) -> bytes:
    import brotli

    return brotli.compress(data, quality=11)


def _zopfli(data: bytes) -> bytes:
    import zopfli.gzip

    # 5 iterations: 3.5 % smaller than gzip -9 on the wasm in 12 s; more gains almost nothing.
    return zopfli.gzip.compress(data, numiterations=5)


def precompress(directory: Path) -> None:
    """Write <name>.br and <name>.gz beside every file in `directory` that they make smaller,
    the same bytes a server would send with Content-Encoding br or gzip."""
    precompress_files(sorted(p for p in directory.iterdir() if p.is_file() and p.suffix not in (".br", ".gz")))


def precompress_files(paths: list[Path]) -> None:
    makers = {"br": _brotli, "gzip": _zopfli}
    for path in paths:
        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        for encoding, suffix in PRECOMPRESSED.items():
            cached = COMPRESSED_CACHE / f"{key}{suffix}"
            if not cached.exists():
                COMPRESSED_CACHE.mkdir(parents=True, exist_ok=True)
                partial = cached.with_name(cached.name + f".{os.getpid()}.tmp")
                partial.write_bytes(makers[encoding](data))
                partial.replace(cached)
            else:
                cached.touch()          # in use: kept by the clean-up below
            if cached.stat().st_size < len(data) * 0.9:
                shutil.copyfile(cached, path.with_name(path.name + suffix))
    # Each change to the engine leaves ~1.5 MB of copies behind: forget those unused for a month.
    for old in COMPRESSED_CACHE.glob("*"):
        if old.stat().st_mtime < time.time() - 30 * 86400:
            old.unlink(missing_ok=True)
