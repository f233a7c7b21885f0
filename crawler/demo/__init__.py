"""The bundled demo marketplace ("Harbor Trade Demo Market") and the local HTTP server that serves it.

Only what `originwatch demo` serves lives here; the generator of the site (``tests/sitegen``) and
the subprocess test server (``tests/mockserver``) are test tooling.
"""

from __future__ import annotations

from pathlib import Path

SITE_ROOT = Path(__file__).resolve().parent / "site"
EXPECTED_FILE = SITE_ROOT / "EXPECTED.yml"  # ground truth for the end-to-end crawl

from crawler.demo.server import DemoServer, serve_in_thread  # noqa: E402

__all__ = ["EXPECTED_FILE", "SITE_ROOT", "DemoServer", "serve_in_thread"]
