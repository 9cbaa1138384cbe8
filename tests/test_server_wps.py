"""The WPS add-in: what ``nianbao addin-wps`` writes for county IT (online folder, offline folder
and package, publish.html, publish.xml, jsplugins.xml, oem.ini lines, README) and what ``nianbao
serve`` serves at /wps/. The add-in's behaviour in ET and the install page's talk with WPS's relay
are tested in tests/js (a fake ET and a fake relay against a real server)."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import py7zr
import pytest

from tests.support.server_support import ROOT, AppClient, settings
from xl_addin.errors import InputError
from xl_addin.server import buttons, wps
from xl_addin.server import wps_deploy as D

URL = "https://nianbao.example.gov.cn"
CUI = "{http://schemas.microsoft.com/office/2006/01/customui}"


def nianbao(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xl_addin", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


def config_of(js: bytes | str) -> dict:
    text = js.decode("ascii") if isinstance(js, bytes) else js
    m = re.search(r"window\.GWNB_CONFIG = (\{.*\});", text, re.S)
    assert m, text
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wps") / "wps加载项"
    wps.write(out, URL, "county-token-7")
    return out


@pytest.mark.slow
def test_the_command_writes_the_add_in_and_says_where_it_goes(tmp_path):
    out = tmp_path / "wps加载项"
    r = nianbao("addin-wps", "--url", URL + "/", "--token", "county-token-7", "-o", out)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        f"已生成 WPS 加载项：{out}（版本 {D.version()}，服务器 {URL}）",
        f"  单台电脑：用浏览器打开 publish.html（或 {URL}/wps/publish.html），点“安装”",
        f"  集中管理：在 oem.ini 中加入 oem.ini.txt 的几行，加载项从 {URL}/wps/ 加载",
        "  详见该文件夹中的 README.txt",
        f"注意：访问口令已明文写入离线加载项（offline/{D.folder_name()}/js/gwnb-config.js 和 nianbao.7z），"
        "请只在单位内部分发；不写口令时由乡镇同志点“设置”填写一次。"]
    assert (out / "offline" / "nianbao.7z").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("token", ["T", "short12", "有汉字的口令abcdefg", "with space 123", ""])
def test_the_command_refuses_a_token_the_server_would_refuse(tmp_path, token):
    out = tmp_path / "wps加载项"
    r = nianbao("addin-wps", "--url", URL, "--token", token, "-o", out)
    assert (r.returncode, r.stderr.strip()) == (2, "无法处理：--token 给的访问口令服务器不会接受：口令应为至少8个字符的"
                                                   "英文字母、数字或符号（不能有汉字和空格），并与服务器配置的 NIANBAO_TOKEN 相同。")
    assert not out.exists()


def test_without_a_token_nothing_written_carries_one(tmp_path):
    out = tmp_path / "wps加载项"
    wps.write(out, URL)
    for path in out.rglob("gwnb-config.js"):
        assert config_of(path.read_bytes())["token"] == ""
    readme = (out / "README.txt").read_text(encoding="utf-8")
    assert "访问口令：未写入加载项；服务器设置了口令时，请乡镇同志点“设置”填写一次。" in readme


def test_writes_the_online_and_offline_add_in_and_the_deployment_files(written):
    top = sorted(p.name for p in written.iterdir())
    assert top == ["README.txt", "jsplugins.xml", "oem.ini.txt", "offline", "online", "publish.html", "publish.xml"]
    folder = written / "offline" / D.folder_name()
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert files == ["images/nianbao-16.png", "images/nianbao-32.png", "index.html", "js/gwnb-config.js",
                     "js/gwnb-core.js", "js/gwnb-et.js", "js/gwnb-token.js", "js/gwnb-wps.js", "manifest.xml",
                     "ribbon.xml", "ui/settings.html", "ui/settings.js"]
    assert sorted(p.relative_to(written / "online").as_posix() for p in (written / "online").rglob("*")
                  if p.is_file()) == files


def test_puts_the_token_only_into_the_offline_add_in(written):
    offline = config_of((written / "offline" / D.folder_name() / "js" / "gwnb-config.js").read_bytes())
    online = config_of((written / "online" / "js" / "gwnb-config.js").read_bytes())
    assert offline["token"] == "county-token-7" and online["token"] == ""
    assert offline["server"] == online["server"] == URL
    assert offline["buttons"] == {b.control_id: b.script for b in buttons.BUTTONS}
    assert offline["settings"] == buttons.SETTINGS_ID
    assert offline["exclude"] == ["xlwings.conf"]


def test_the_offline_package_holds_the_offline_folder(written, tmp_path):
    folder = written / "offline" / D.folder_name()
    with py7zr.SevenZipFile(written / "offline" / "nianbao.7z") as archive:
        archive.extractall(tmp_path)
    unpacked = tmp_path / D.folder_name()
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert sorted(p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()) == files
    assert all((unpacked / f).read_bytes() == (folder / f).read_bytes() for f in files)


def test_publish_and_jsplugins_xml_are_what_wps_reads(written):
    publish = ET.parse(written / "publish.xml").getroot()
    assert publish.tag == "jsplugins"
    assert [dict(e.attrib) for e in publish] == [{"name": "nianbao", "type": "et", "url": D.folder_name(),
                                                  "version": D.version(), "enable": "enable_dev", "install": "null",
                                                  "customDomain": ""}]
    listing = ET.parse(written / "jsplugins.xml").getroot()
    assert [(e.tag, dict(e.attrib)) for e in listing] == [
        ("jspluginonline", {"name": "nianbao", "type": "et", "url": URL + "/wps/"})]
    assert (written / "oem.ini.txt").read_text(encoding="utf-8") == (
        "[Support]\nJsApiPlugin=true\n\n[Server]\nJSPluginsServer=" + URL + "/wps/jsplugins.xml\n")
    readme = (written / "README.txt").read_text(encoding="utf-8")
    assert "访问口令：已用 --token 写入离线加载项" in readme and "~/.local/share/Kingsoft/wps/jsaddons/" in readme


def test_manifest_xml_is_the_wpsjs_jsplugin_manifest_without_unused_blocks(written):
    for folder in (written / "online", written / "offline" / D.folder_name()):
        root = ET.parse(folder / "manifest.xml").getroot()
        assert root.tag == "JsPlugin"
        assert [(e.tag, e.text) for e in root] == [("ApiVersion", "1.0.0"), ("Name", "nianbao"),
                                                   ("Description", "政务公开年报：校验年报工作簿，生成报告和数据描述")]


def test_publish_html_offers_the_online_add_in_and_the_offline_package_of_the_server(written):
    html = (written / "publish.html").read_text(encoding="utf-8")
    assert html == D.publish_html(URL)
    m = re.search(r"var GWNB_ADDONS = (\[.*?\]);\n", html)
    assert json.loads(m.group(1)) == [
        {"name": "nianbao", "addonType": "et", "customDomain": "", "online": "true", "url": URL + "/wps/", "version": ""},
        {"name": "nianbao", "addonType": "et", "customDomain": "", "online": "false", "url": URL + "/wps/nianbao.7z",
         "version": D.version()}]
    assert "__ADDONS__" not in html and "127.0.0.1:58890" in html
    assert balanced(html)


VOID = {"meta", "link", "br", "img", "input", "hr"}


def balanced(html: str) -> bool:
    """The page parses as HTML with every element closed where it was opened."""
    class Checker(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.ok = [], True

        def handle_starttag(self, tag, attrs):
            if tag not in VOID:
                self.stack.append(tag)

        def handle_endtag(self, tag):
            self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag

    checker = Checker()
    checker.feed(html)
    checker.close()
    return checker.ok and checker.stack == []


def test_the_readme_walks_through_trust_and_the_restart_for_both_kinds_of_build(written):
    readme = (written / "README.txt").read_text(encoding="utf-8")
    for step in ("点“信任并安装”或“允许”", "完全退出 WPS（包括屏幕右下角托盘中的 WPS 图标），再打开 WPS 表格",
                 f"{URL}/wps/publish.html", "个人版 WPS（12.1.0.16910 及以后）不再接受这种方式，请用第一种",
                 "%APPDATA%\\nianbao\\wps-token.txt", "点“关闭”关掉设置窗格"):
        assert step in readme, step
    assert "$" not in readme


def test_ribbon_xml_draws_the_tab_from_the_buttons(written):
    text = (written / "online" / "ribbon.xml").read_text(encoding="utf-8")
    assert text.startswith("<customUI ")                       # WPS rejects an XML declaration here
    root = ET.fromstring(text)
    assert root.get("onLoad") == wps.ON_LOAD
    tab = root.find(f"{CUI}ribbon/{CUI}tabs/{CUI}tab")
    assert tab.get("label") == "政务公开年报"
    controls = tab.findall(f"{CUI}group/{CUI}button")
    assert [c.get("label") for c in controls] == ["校验", "清除标记", "生成报告", "生成数据描述", "设置"]
    assert {c.get("onAction") for c in controls} == {wps.ON_ACTION}
    assert [c.get("id") for c in controls] == [b.control_id for b in buttons.BUTTONS] + [buttons.SETTINGS_ID]


def test_the_add_in_scripts_are_ascii_or_utf8_and_load_as_classic_scripts(written):
    html = (written / "online" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<script src="([^"]+)"', html) == list(wps.SCRIPTS)
    assert "type=\"module\"" not in html
    assert (written / "online" / "js" / "gwnb-config.js").read_bytes().isascii()


@pytest.mark.slow
@pytest.mark.parametrize("args, message", [
    (["--url", "nianbao.example.gov.cn"], "无法处理：服务器地址“nianbao.example.gov.cn”不对，应以 http:// 或 https:// 开头，"
                                          "例如 https://nianbao.example.gov.cn"),
    (["--url", URL, "-o", "{tmp}/a/b"], "无法处理：{tmp}/a/b：所在文件夹不存在"),
])
def test_explains_bad_arguments(tmp_path, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if "-o" not in args:
        args += ["-o", str(tmp_path / "out")]
    r = nianbao("addin-wps", *args)
    assert (r.returncode, r.stderr.strip()) == (2, message.replace("{tmp}", str(tmp_path)))


def test_never_overwrites_a_folder_with_files(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as e:
        wps.write(tmp_path / "out", URL)
    assert e.value.message == f"{tmp_path / 'out'}：文件夹不是空的，请指定一个新文件夹，或加 --overwrite 替换其中的文件"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["keep.txt"]


def test_overwrite_replaces_the_add_in_and_keeps_other_files(tmp_path):
    out = tmp_path / "out"
    wps.write(out, URL, "old-token-1")
    (out / "keep.txt").write_text("x", encoding="utf-8")
    wps.write(out, URL, "new-token-2", overwrite=True)
    assert config_of((out / "offline" / D.folder_name() / "js" / "gwnb-config.js").read_bytes())["token"] == "new-token-2"
    assert (out / "keep.txt").read_text(encoding="utf-8") == "x"


# ---------------------------------------------------------------- served at /wps/

def test_the_server_serves_the_online_add_in_for_its_own_address_without_the_token():
    client = AppClient(base_url="https://nianbao.example.gov.cn")
    try:
        with settings(token="county-token-7", base_url=None):
            ribbon = client.get("/wps/ribbon.xml")
            assert ribbon.status_code == 200 and ribbon.headers["content-type"] == "text/xml; charset=utf-8"
            assert ribbon.text == wps.ribbon_xml()
            config = client.get("/wps/js/gwnb-config.js")
            assert config_of(config.text) == wps.config(URL, None)
            assert config_of(config.text)["token"] == ""
            page = client.get("/wps/")
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
            listing = client.get("/wps/jsplugins.xml")
            assert listing.text == D.jsplugins_xml(URL)
            manifest = client.get("/wps/manifest.xml")
            assert (manifest.status_code, manifest.text) == (200, D.manifest_xml())
            assert ET.fromstring(manifest.content).tag == "JsPlugin"
            publish = client.get("/wps/publish.html")
            assert (publish.status_code, publish.text) == (200, D.publish_html(URL))
            assert balanced(publish.text)
            assert publish.headers["content-type"] == "text/html; charset=utf-8"
            package = client.get("/wps/nianbao.7z")
            assert package.status_code == 200 and package.headers["content-type"] == "application/x-7z-compressed"
            with tempfile.TemporaryDirectory() as tmp, py7zr.SevenZipFile(io.BytesIO(package.content)) as archive:
                archive.extractall(tmp)
                top = Path(tmp) / D.folder_name()
                assert config_of((top / "js" / "gwnb-config.js").read_bytes())["token"] == ""
                assert (top / "ribbon.xml").read_text(encoding="utf-8") == wps.ribbon_xml()
            assert not {"x-frame-options", "cross-origin-embedder-policy", "cross-origin-opener-policy",
                        "cross-origin-resource-policy"} & set(page.headers)
            assert client.get("/taskpane.html").headers["cross-origin-embedder-policy"] == "require-corp"  # elsewhere kept
            missing = client.get("/wps/nothing.js")
            assert (missing.status_code, missing.json()) == (404, {"detail": "WPS 加载项中没有这个文件。"})
    finally:
        client.close()
