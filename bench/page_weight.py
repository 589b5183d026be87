"""Page weight of a public form on a phone, as Chromium receives it (issue 11).

    .venv/bin/python bench/page_weight.py [--path /f/netvaerksmesse]

Serves intake (SQLite in a temporary folder, the shipped forms) on 127.0.0.1, opens the path
in Debian's Chromium at 375 px with an empty cache, and prints every response with the bytes
received over the wire (`encodedDataLength`, headers included; static files gzip-compressed
by intake, HTML uncompressed), then the total. It then opens the index in the same tab and
prints how many static files were fetched again (0: the hashed names are cached).
The last lines are `bytes_first_load <n>` and `static_refetched <n>`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intake import create_app  # noqa: E402
from intake.extensions import db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", default="/f/netvaerksmesse")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="intake-weight-")
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/intake.sqlite3",
        "SECRET_KEY": "page-weight-benchmark", "INSTANCE_PATH": folder, "MAIL_BACKEND": "file",
    })
    with app.app_context():
        db.create_all()
    hits: list[str] = []
    serve = app.wsgi_app

    def counting(environ, start_response):
        if environ["PATH_INFO"].startswith("/static/"):
            hits.append(environ["PATH_INFO"])
        return serve(environ, start_response)

    app.wsgi_app = counting
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 375, "height": 740})
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        urls: dict[str, str] = {}
        sizes: dict[str, int] = {}
        cdp.on("Network.requestWillBeSent",
               lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished",
               lambda e: sizes.__setitem__(urls.get(e["requestId"], "?"),
                                           int(e["encodedDataLength"])))
        page.goto(base + args.path)
        page.wait_for_load_state("networkidle")
        for url, size in sorted(sizes.items(), key=lambda item: -item[1]):
            print(f"{size:>8}  {url.removeprefix(base)}")
        total = sum(sizes.values())
        hits.clear()
        page.goto(base + "/")
        page.wait_for_load_state("networkidle")
        browser.close()
    server.shutdown()
    print(f"bytes_first_load {total}")
    print(f"static_refetched {len(hits)}")


if __name__ == "__main__":
    main()
