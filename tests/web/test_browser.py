"""The web reader in a real headless Chromium (Debian's ``chromium``, driven by Playwright with
``executable_path``): the seed article opened through the upload form, its highlights and their
details, layer toggles, a hostile article that must run no script, and a phone-width viewport.

The app runs with uvicorn on a free 127.0.0.1 port in a thread. Screenshots go to
``test-artifacts/screenshots/`` (gitignored). Without chromium or playwright these tests skip,
except in CI (``CI`` set, as ``.ci/run`` does), where a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared"))
SEED_MD = SHARED / "examples" / "globalresearch-aleppo-2016.md"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--no-first-run", "--disable-extensions"]
HOSTILE = ("The council met on Tuesday to discuss the harbour budget, which rose by 12 per cent this year, said Daniel Okafor, "
           "the treasurer. <script>window.pwned = 1; alert('script')</script> "
           "<img src=x onerror=\"window.pwned = 2; alert('onerror')\"> <a href=\"javascript:window.pwned=3\">click me</a> "
           "<style>body { display: none }</style><svg onload=\"window.pwned = 4\"></svg>\n\n"
           "Residents said the vote was close and that another meeting would follow in the spring, when the harbour "
           "budget comes back. <iframe src=\"javascript:window.pwned=5\"></iframe> <body onload=\"window.pwned=6\">")


def _browser_path() -> str | None:
    return os.environ.get("PRESSLENS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def _missing(why: str):
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"CI is set but {why}: the browser tests must not be skipped in CI (.ci/run installs chromium)")
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[dev]')")
    path = _browser_path()
    if not path:
        _missing("no chromium on PATH (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app over a small SQLite corpus (the seed article and an invented one), on 127.0.0.1."""
    import uvicorn

    from presslens.corpus.ingest import ingest
    from presslens.pipeline import Pipeline, default_components
    from presslens.store import open_store
    from presslens.web.app import create_app

    root = tmp_path_factory.mktemp("browser")
    records = root / "news.jsonl"
    records.write_text(json.dumps({"id": "council", "title": "Harbour Budget Vote", "source": "Harbour Post", "date": "2025-03-11",
                                   "url": "https://harbourpost.example/budget", "text": HOSTILE}) + "\n", encoding="utf-8")
    db = root / "news.db"
    with open_store(db) as store:
        ingest([SEED_MD, records], store, Pipeline(default_components()))
    app = create_app(db)
    app.state.pipelines.warm()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started:
        assert time.time() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{port}", "db": db}
    srv.should_exit = True
    thread.join(10)


class Watch:
    """Everything a page does that a test must see: dialogs, console messages, page errors."""

    def __init__(self, page) -> None:
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


@pytest.fixture(scope="module")
def seed(browser, server):
    """The seed article, uploaded through the form, at 1280 px."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    watch = Watch(page)
    page.goto(f"{server['url']}/reader")
    page.set_input_files("#file", str(SEED_MD))
    page.click("#analyse")
    page.wait_for_selector("#body .ly")
    assert page.evaluate("window.presslensReaderLoaded") is True  # reader.js ran: the CSP lets 'self' scripts in
    yield page, watch
    context.close()


def details_text(page) -> str:
    return page.inner_text("#details")


def test_seed_quote_claim_and_technique_are_highlighted_with_details(seed):
    page, watch = seed
    quote = page.locator('#body .ly[data-layer="quotes"]', has_text="incapable of shame").first
    assert quote.is_visible()
    assert quote.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    quote.click()
    text = details_text(page)
    assert "Samantha Power" in text and "The US ambassador to the United Nations" in text and "Quotations" in text

    claim = page.locator('#body .ly[data-layer="claims"]', has_text="312,000").first
    assert claim.evaluate("e => getComputedStyle(e).borderBottomStyle") == "double"
    claim.click()
    text = details_text(page)
    assert "312,000" in text and "Syrian Observatory for Human Rights" in text and "people have died since the war began" in text
    # the figure's source is itself highlighted (a named source) and outlined while the claim is selected
    source = page.locator('#body .ly[data-layer="sources"]', has_text="Syrian").first
    assert source.is_visible()
    outlined = page.locator("#body .rel.rel-on").all_inner_texts()
    assert "Syrian Observatory for Human Rights" in " ".join(outlined).replace("\n", " ")
    shot(page, "seed-claim-1280")

    # a technique, selected from the keyboard: focus its first span, press Enter
    technique = page.locator('#body .ly[data-layer="techniques"][tabindex="0"]').first
    assert technique.evaluate("e => getComputedStyle(e).borderTopStyle") in ("dashed", "solid", "dotted")
    technique.focus()
    page.keyboard.press("Enter")
    text = details_text(page)
    assert "Persuasion techniques" in text and "Technique" in text and "Confidence" in text
    hover_target = page.locator('#body .ly[data-layer="vague"]').first
    hover_target.hover()
    assert "Vague sources" in details_text(page)
    assert not watch.errors and not watch.dialogs
    assert not [m for m in watch.console if m.startswith("error")], watch.console  # no CSP violation either


def test_toggling_a_layer_hides_its_highlights(seed):
    page, _ = seed
    quote = page.locator('#body .ly[data-layer="quotes"]', has_text="incapable of shame").first
    page.uncheck("#layer-quotes")
    assert page.locator('#body .ly[data-layer="quotes"]:not(.off)').count() == 0
    assert quote.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert quote.get_attribute("tabindex") in (None, "-1")
    shot(page, "seed-quotes-off-1280")
    page.check("#layer-quotes")
    assert quote.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    # the checkboxes are reachable from the keyboard
    page.focus("#layer-techniques")
    page.keyboard.press("Space")
    assert page.locator('#body .ly[data-layer="techniques"]:not(.off)').count() == 0
    page.keyboard.press("Space")
    assert page.locator('#body .ly[data-layer="techniques"].off').count() == 0


TAG = "e => getComputedStyle(e, '::before').content"


def test_technique_tags_show_the_technique_name(seed):
    page, watch = seed
    tags = page.locator('#body .ly[data-layer="techniques"]:not(.low) > .tag')
    assert tags.count() >= 1
    names = {tags.nth(i).evaluate(TAG).strip('"') for i in range(tags.count())}
    assert "T" not in names and all(len(n) > 2 for n in names), names
    assert names & {"Loaded language", "Doubt", "Name calling", "Fear", "Exaggeration", "Flag-waving", "Slogan", "Cliché",
                    "Repetition", "Oversimplification", "Whataboutism", "Authority", "Black-and-white", "Bandwagon"}, names
    first = page.locator('#body .ly[data-layer="techniques"]:not(.low)[tabindex="0"]').first
    tag = first.locator("> .tag").first.evaluate(TAG).strip('"')
    first.click()
    assert tag.split()[0] in details_text(page)  # the tag names the technique its details give
    assert not watch.errors


def test_uncertain_spans_are_hidden_until_asked_for(seed):
    page, _ = seed
    low = page.locator('#body .ly[data-layer="techniques"].low')
    assert low.count() >= 1, "the seed article should have technique spans under the display threshold"
    control = page.locator("#show-uncertain")
    assert control.is_enabled() and not control.is_checked()
    span = low.first
    assert span.evaluate("e => getComputedStyle(e).borderTopStyle") == "none"
    tag = span.locator("> .tag.low")
    if tag.count():
        assert tag.first.evaluate("e => getComputedStyle(e).display") == "none"
    assert span.get_attribute("tabindex") in (None, "-1")
    shot(page, "reader-uncertain-hidden-1280")
    control.check()
    assert span.evaluate("e => getComputedStyle(e).borderTopStyle") != "none"
    if tag.count():
        assert tag.first.evaluate("e => getComputedStyle(e).display") != "none"
        assert tag.first.evaluate(TAG).strip('"') not in ("", "T", "none")
    span.click()
    assert "uncertain" in details_text(page).lower() and "Confidence" in details_text(page)
    shot(page, "reader-uncertain-shown-1280")
    control.uncheck()
    assert span.evaluate("e => getComputedStyle(e).borderTopStyle") == "none"
    assert "Select a highlight" in details_text(page) or "uncertain" not in details_text(page).lower()


def test_hostile_article_runs_no_script(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    watch = Watch(page)
    for fmt in ("text", "html"):
        page.goto(f"{server['url']}/reader")
        page.fill("#content", HOSTILE)
        page.select_option("#format", fmt)
        page.click("#analyse")
        page.wait_for_selector("#body")
        page.wait_for_timeout(300)  # give an onerror / onload a chance to fire
        assert page.evaluate("window.pwned") is None
        assert page.evaluate("document.querySelectorAll('#body script, #body img, #body a, #body iframe, #body svg, #body style').length") == 0
        assert page.evaluate("document.scripts.length") == 1  # reader.js only
        assert page.is_visible("#body")  # the <style> trick hid nothing
        if fmt == "text":
            assert "<script>window.pwned = 1" in page.inner_text("#body")
            page.locator("#body", has_text="click me").click()  # the javascript: "link" is just text
        shot(page, f"hostile-{fmt}")
    # the stored copy, with its title, on the article page and in the corpus list
    page.goto(f"{server['url']}/corpus")
    page.click("text=Harbour Budget Vote")
    page.wait_for_selector("#body")
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned") is None
    assert watch.dialogs == [] and watch.errors == []
    assert not [m for m in watch.console if m.startswith("error")], watch.console
    context.close()


def test_phone_width_and_corpus_pages(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    watch = Watch(page)
    page.goto(f"{server['url']}/corpus?q=Aleppo")
    page.click("#main .results a.title")
    page.wait_for_selector("#body .ly")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    claim = page.locator('#body .ly[data-layer="claims"]', has_text="312,000").first
    claim.scroll_into_view_if_needed()
    claim.tap()
    assert "Syrian Observatory for Human Rights" in details_text(page)
    assert page.locator("#details").is_visible()
    shot(page, "seed-claim-390")
    page.goto(f"{server['url']}/corpus/source/Global%20Research")
    assert page.locator("svg rect").count() >= 1 and "Persuasion techniques per 1,000 words" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "source-profile-390")
    page.goto(f"{server['url']}/reader/sample")
    page.wait_for_selector("#body .ly")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "reader-sample-390")
    page.check("#show-uncertain")
    tag = page.locator('#body .ly[data-layer="techniques"] > .tag').first
    tag.scroll_into_view_if_needed()
    assert tag.evaluate(TAG).strip('"') not in ("", "T")
    assert float(tag.evaluate("e => parseFloat(getComputedStyle(e, '::before').fontSize)")) >= 11  # readable on a phone
    page.mouse.wheel(0, -120)
    shot(page, "reader-uncertain-shown-390")
    assert not watch.errors and not [m for m in watch.console if m.startswith("error")], watch.console
    context.close()
