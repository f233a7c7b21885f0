from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from crawler.demo import EXPECTED_FILE, SITE_ROOT, DemoServer, serve_in_thread


@pytest.fixture(scope="module")
def demo_site() -> Iterator[DemoServer]:
    """The bundled demo market, served from a thread on 127.0.0.1."""
    with serve_in_thread(SITE_ROOT) as server:
        yield server


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXPECTED_FILE.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def tiny_root(tmp_path: Path) -> Path:
    """A three-file site whose _server.yml exercises every override."""
    (tmp_path / "index.html").write_text("<!doctype html><title>home</title>", encoding="utf-8")
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "index.html").write_text("<title>shop</title>", encoding="utf-8")
    (tmp_path / "gbk.html").write_bytes("<title>朝鲜加工</title>".encode("gbk"))
    (tmp_path / "big.html").write_bytes(b"x" * 5000)
    (tmp_path / "404.html").write_text("<title>custom not found</title>", encoding="utf-8")
    (tmp_path / "secret.yml").write_text("ground: truth", encoding="utf-8")
    (tmp_path / "_server.yml").write_text(
        """hidden: [secret.yml]
paths:
  /gbk.html:
    headers: {Content-Type: "text/html; charset=gbk"}
  /index.html:
    status: 500
  /old:
    status: 302
    redirect: /shop/
  /shop/:
    delay: 0.3
  /big.html:
    truncate_at: 100
""",
        encoding="utf-8",
    )
    return tmp_path
