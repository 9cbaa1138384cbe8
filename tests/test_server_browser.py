"""The web page in a real browser: Debian's Chromium, headless, driven through chromedriver.

A clerk uploads a workbook with a known error and sees that error's cell and message; after
correcting it, downloads the Word report, which opens. Skipped when Chromium, chromedriver or
selenium is missing, unless CI=true or NIANBAO_REQUIRE_RENDER=1 (then it fails).
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.support.needs import required
from tests.support.server_support import ServerProcess, sample, with_error, write_workbook

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
REQUIRED = required()


def _missing() -> str | None:
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not (Path(tool).is_file() and os.access(tool, os.X_OK)):
            return f"{tool} is not installed (make system-deps)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    reason = _missing()
    if reason:
        if REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)
    os.environ["SE_OFFLINE"] = "true"           # selenium-manager must not download anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    profile = tmp_path_factory.mktemp("profile")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,1600"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False,
                                              "safebrowsing.enabled": False})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def server():
    s = ServerProcess()
    yield s
    s.stop()


def _wait(predicate, timeout: float = 30, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _check(browser, path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.find_element(By.ID, "file").send_keys(str(path))
    browser.find_element(By.ID, "submit").click()
    _wait(lambda: browser.find_element(By.ID, "status").text == "检查完成。" or browser.find_element(By.ID, "error").text,
          what="the result")


def test_a_clerk_sees_the_error_then_downloads_the_report(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(server.base + "/")
    assert browser.title == "政务公开年报 · 在线校验和生成报告"
    assert browser.find_element(By.ID, "submit").text == "开始检查"

    wrong = write_workbook(tmp_path, with_error(sample()), "青山市年报.xlsx")
    _check(browser, wrong)
    assert browser.find_element(By.ID, "summary").text == "不通过：发现错误 2 个、警告 1 个，请按下表改正后重新上传检查。"
    row = browser.find_element(By.CSS_SELECTOR, '#findings tbody tr[data-cell="表三!E29"]')
    cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
    assert cells == ["1", "错误", "表三!E29", "T3-1",
                     "自然人列：第一项(45)+第二项(3)=48，应等于第三项（七）总计(37)+第四项(6)=43，相差5"]
    assert not browser.find_element(By.ID, "dl-docx").is_displayed()
    assert browser.find_element(By.ID, "dl-xlsx").is_displayed()
    assert "暂不生成报告" in browser.find_element(By.ID, "advice").text

    right = write_workbook(tmp_path, sample(), "青山市年报-改正后.xlsx")
    _check(browser, right)
    assert browser.find_element(By.ID, "summary").text == "通过：没有发现错误或警告。"
    link = browser.find_element(By.ID, "dl-docx")
    assert link.is_displayed() and link.text == "下载 Word 报告（.docx）"
    link.click()
    name = "青山市人民政府2021年政府信息公开工作年度报告.docx"
    target = browser.downloads / name
    _wait(lambda: target.is_file() and not list(browser.downloads.glob("*.crdownload")), what="the download")

    import docx

    text = "".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "青山市人民政府" in text and "政府信息公开工作年度报告" in text
