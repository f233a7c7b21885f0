from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.demo import SITE_ROOT, serve_in_thread
from crawler.demo.overrides import OverridesError
from tests.mockserver import MockServer


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str, *, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, method=method), timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_serves_files_and_directory_index(tiny_root: Path) -> None:
    with serve_in_thread(tiny_root) as server:
        assert urlsplit(server.url).hostname == "127.0.0.1"
        status, headers, body = fetch(server.url + "/")
        assert (status, body) == (200, b"<!doctype html><title>home</title>")
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert fetch(server.urljoin("/shop/?q=ignored"))[2] == b"<title>shop</title>"


def test_unknown_hidden_and_escaping_paths_get_the_404_page(tiny_root: Path) -> None:
    with serve_in_thread(tiny_root) as server:
        for path in ("/nope.html", "/_server.yml", "/secret.yml", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd"):
            status, _, body = fetch(server.url + path)
            assert status == 404, path
            assert body == b"<title>custom not found</title>", path


def test_status_header_and_encoding_overrides(tiny_root: Path) -> None:
    with serve_in_thread(tiny_root) as server:
        assert fetch(server.url + "/index.html")[0] == 500
        status, headers, body = fetch(server.url + "/gbk.html")
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=gbk"
        assert body.decode("gbk") == "<title>朝鲜加工</title>"


def test_redirect_override(tiny_root: Path) -> None:
    with serve_in_thread(tiny_root) as server:
        status, headers, _ = fetch(server.url + "/old")
        assert status == 302
        assert headers["Location"] == "/shop/"


def test_slow_override_delays_the_response(tiny_root: Path) -> None:
    with serve_in_thread(tiny_root) as server:
        started = time.monotonic()
        assert fetch(server.url + "/shop/")[0] == 200
        assert time.monotonic() - started >= 0.3


def test_truncated_body_is_detectable_data_loss(tiny_root: Path) -> None:
    with serve_in_thread(tiny_root) as server:
        port = urlsplit(server.url).port
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/big.html")
        response = connection.getresponse()
        assert response.getheader("Content-Length") == "5000"
        with pytest.raises(http.client.IncompleteRead) as caught:
            response.read()
        assert len(caught.value.partial) == 100
        connection.close()


def test_head_sends_headers_without_body(tiny_root: Path) -> None:
    with serve_in_thread(tiny_root) as server:
        status, headers, body = fetch(server.url + "/gbk.html", method="HEAD")
        assert (status, body) == (200, b"")
        assert headers["Content-Length"] == str(len("<title>朝鲜加工</title>".encode("gbk")))


def test_invalid_overrides_name_file_line_and_reason(tmp_path: Path) -> None:
    (tmp_path / "_server.yml").write_text("paths:\n  /a.html:\n    status: 200\n  /b.html:\n    dealy: 1\n")
    with pytest.raises(OverridesError) as caught:
        serve_in_thread(tmp_path)
    message = str(caught.value)
    assert f"{tmp_path / '_server.yml'}:5" in message  # the line of the bad key
    assert "dealy" in message


def test_delay_is_bounded(tmp_path: Path) -> None:
    (tmp_path / "_server.yml").write_text("paths:\n  /a.html:\n    delay: 30\n")
    with pytest.raises(OverridesError, match="less than or equal to 2"):
        serve_in_thread(tmp_path)


def test_serving_a_missing_root_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError, match="nowhere"):
        serve_in_thread(tmp_path / "nowhere")


def test_mock_server_runs_in_a_subprocess_and_stops(tiny_root: Path) -> None:
    with MockServer(tiny_root) as mock:
        assert mock.url.startswith("http://127.0.0.1:")
        assert fetch(mock.urljoin("/shop/"))[2] == b"<title>shop</title>"
        process = mock._process
        assert process is not None
        assert process.poll() is None
    assert process.poll() is not None
    with pytest.raises(urllib.error.URLError, match="refused"):
        fetch(mock.urljoin("/shop/"))


def test_mock_server_defaults_to_the_demo_site() -> None:
    with MockServer() as mock:
        status, _, body = fetch(mock.urljoin("/robots.txt"))
    assert status == 200
    assert body == (SITE_ROOT / "robots.txt").read_bytes()


def test_mock_server_reports_a_failed_start(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="did not start"):
        MockServer(tmp_path / "missing").__enter__()
