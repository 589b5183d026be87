"""Page weight on a phone (issue 11): a public form's first load transfers under 200 kB, and a
second page fetches no static file again (hashed names, one-year cache).

Bytes are what Chromium reports as received over the wire (`encodedDataLength`, headers
included): static files come gzip-compressed from intake itself, the HTML as the app server
sends it (uncompressed; a compressing proxy would make it smaller still). The browser cache is
on, so this context does not route requests (Playwright's routing turns the cache off);
requests to other hosts are still recorded and fail the test.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.browser.conftest import MOBILE

BUDGET = 200 * 1024


def _measure(browser, live_server):
    static_hits: list[str] = []
    serve = live_server.app.wsgi_app

    def counting(environ, start_response):
        if environ["PATH_INFO"].startswith("/static/"):
            static_hits.append(environ["PATH_INFO"])
        return serve(environ, start_response)

    live_server.app.wsgi_app = counting
    context = browser.new_context(base_url=live_server.url, viewport=MOBILE, locale="da-DK")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    received: dict[str, int] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"],
                                                                    e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: received.__setitem__(
        urls.get(e["requestId"], e["requestId"]), int(e["encodedDataLength"])))
    return page, context, received, static_hits


def test_first_load_of_a_form_is_under_200_kb(browser, live_server):
    page, context, received, _ = _measure(browser, live_server)
    page.goto("/f/netvaerksmesse")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    total = sum(received.values())
    own = urlsplit(live_server.url).netloc
    assert all(urlsplit(url).netloc == own for url in received), received
    assert any("/static/fonts/" in url for url in received), "the web fonts were not loaded"
    assert any("/static/css/" in url for url in received)
    context.close()
    assert total < BUDGET, f"{total} bytes: {sorted(received.items(), key=lambda i: -i[1])}"


def test_a_second_page_fetches_no_static_file_again(browser, live_server):
    page, context, _, static_hits = _measure(browser, live_server)
    page.goto("/f/netvaerksmesse")
    page.wait_for_load_state("networkidle")
    first = list(static_hits)
    assert any(hit.endswith(".css") for hit in first) and any(".woff2" in h for h in first)
    static_hits.clear()
    page.goto("/")
    page.wait_for_load_state("networkidle")
    page.goto("/f/ivaerksaetterfredag")
    page.wait_for_load_state("networkidle")
    context.close()
    assert static_hits == [], f"fetched again: {static_hits}"
