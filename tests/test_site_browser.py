"""The site in a real browser: headless Chromium (Debian's ``chromium``), driven by Selenium.

Outside CI the tests skip when the browser, its driver or Selenium is missing; in CI (``CI=true``)
they fail instead, because CI installs them. Set ``ALLIANCE_DATA_SCREENSHOT=docs/viewer.png`` to
refresh the README's screenshot; otherwise it goes to a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import alliance_data as ad
from alliance_data import site

from .conftest import REPO

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
INSTALL = "apt-get install chromium chromium-driver; pip install selenium"
COMMENTARY = "pacnet-doing-more-with-less"


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).is_file() and os.access(path, os.X_OK)):
            return f"{path} is missing"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: CI must install the browser ({INSTALL})")
        pytest.skip(f"{reason}: browser tests need {INSTALL}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="alliance-data-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=1400,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, dataset: ad.Dataset) -> Path:
    target = tmp_path_factory.mktemp("browser") / "site"
    site.write_site(dataset, target)
    return target


def open_page(driver: Any, out: Path, page: str) -> None:
    driver.get((out / page).as_uri())
    driver.execute_script("window.scrollTo(0, 0)")


def segment_of(driver: Any, key: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f'mark.seg[data-ev~="{key}"]')


def shown_cards(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [c.get_attribute("data-record") for c in driver.find_elements(By.CSS_SELECTOR, ".card") if c.is_displayed()]


def in_view(driver: Any, element: Any) -> bool:
    return bool(
        driver.execute_script(
            "var r = arguments[0].getBoundingClientRect();"
            "return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;",
            element,
        )
    )


def test_clicking_a_span_shows_the_record_it_supports(browser: Any, out: Path, dataset: ad.Dataset) -> None:
    open_page(browser, out, "index.html")
    assert shown_cards(browser) == []
    segment_of(browser, "driver-rise-of-china-1").click()
    assert shown_cards(browser) == ["driver-rise-of-china"]
    card = browser.find_element("css selector", '.card[data-record="driver-rise-of-china"]')
    record = dataset["driver-rise-of-china"]
    assert record.label in card.text and record.statement in card.text
    assert "selected" in segment_of(browser, "driver-rise-of-china-1").get_attribute("class").split()


def test_a_span_used_by_several_records_shows_them_all(browser: Any, out: Path, dataset: ad.Dataset) -> None:
    text = dataset.text(COMMENTARY)
    spans = site.evidence_spans(dataset, COMMENTARY)
    shared = next(s for s in site.segments(text, spans) if len(s.record_ids) > 2)
    open_page(browser, out, "index.html")
    element = browser.find_element("css selector", f'mark.seg[data-start="{shared.start}"]')
    assert "multi" in element.get_attribute("class").split()
    element.click()
    assert sorted(shown_cards(browser)) == sorted(shared.record_ids)


def test_a_record_page_leads_back_to_its_span(browser: Any, out: Path) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, out, "trends/trend-burden-sharing.html")
    browser.find_element(By.CSS_SELECTOR, "#evidence-2 a.show-in-text").click()
    assert browser.current_url.endswith("index.html#span-trend-burden-sharing-2")
    focused = browser.find_elements(By.CSS_SELECTOR, "mark.seg.focus")
    assert focused and all("trend-burden-sharing-2" in f.get_attribute("data-ev").split() for f in focused)
    assert "".join(f.text for f in focused).startswith("First, there is a growing expectation")
    assert in_view(browser, focused[0])
    assert shown_cards(browser) == ["trend-burden-sharing"]
    current = browser.find_element(By.CSS_SELECTOR, '.card[data-record="trend-burden-sharing"] .span-link.current')
    assert current.get_attribute("data-ev") == "trend-burden-sharing-2"


def test_a_card_moves_between_a_records_passages(browser: Any, out: Path) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, out, "index.html")
    segment_of(browser, "development-alliance-value-questioned-1").click()
    card = browser.find_element(By.CSS_SELECTOR, '.card[data-record="development-alliance-value-questioned"]')
    card.find_element(By.CSS_SELECTOR, '.span-link[data-ev="development-alliance-value-questioned-3"]').click()
    assert browser.current_url.endswith("#span-development-alliance-value-questioned-3")
    focused = browser.find_elements(By.CSS_SELECTOR, "mark.seg.focus")
    assert [f.get_attribute("data-ev") for f in focused] == ["development-alliance-value-questioned-3"]
    assert in_view(browser, focused[0])
    assert browser.find_elements(By.CSS_SELECTOR, "mark.seg.selected") == []


def test_screenshot(browser: Any, out: Path, dataset: ad.Dataset, tmp_path: Path) -> None:
    """The README's picture: the text, a passage several records share, and those records."""
    wanted = os.environ.get("ALLIANCE_DATA_SCREENSHOT")
    target = (REPO / wanted) if wanted else tmp_path / "viewer.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = dataset.text(COMMENTARY)
    shared = next(s for s in site.segments(text, site.evidence_spans(dataset, COMMENTARY)) if len(s.record_ids) > 2)
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False}
    )
    open_page(browser, out, "index.html")
    browser.find_element("css selector", f'mark.seg[data-start="{shared.start}"]').click()
    browser.execute_script("window.scrollTo(0, 0)")
    try:
        assert browser.save_screenshot(str(target))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
