"""``python -m tests.mockserver --root DIR --port 0``: print the base URL, then serve until terminated."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType


def main(argv: list[str] | None = None) -> int:
    from crawler.demo import SITE_ROOT
    from crawler.demo.server import base_url, make_server

    parser = argparse.ArgumentParser(description="Serve a static tree (default: the demo marketplace).")
    parser.add_argument("--root", type=Path, default=None, help="directory to serve")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1; 0 picks a free one")
    args = parser.parse_args(argv)
    server = make_server(args.root or SITE_ROOT, args.port)

    def _stop(signum: int, frame: FrameType | None) -> None:
        # shutdown() blocks until serve_forever returns, so it must run off the serving thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    print(base_url(server), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
