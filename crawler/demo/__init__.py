"""The bundled demo marketplace ("Harbor Trade Demo Market") and the local HTTP server that serves it."""

from __future__ import annotations

from pathlib import Path

SITE_ROOT = Path(__file__).resolve().parent / "site"
EXPECTED_FILE = SITE_ROOT / "EXPECTED.yml"  # ground truth for the end-to-end crawl

from crawler.demo.server import DemoServer, MockServer, serve_in_thread  # noqa: E402

__all__ = ["EXPECTED_FILE", "SITE_ROOT", "DemoServer", "MockServer", "serve_in_thread"]
