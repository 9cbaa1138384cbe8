// The ribbons as the commands write them: WPS's ribbon.xml (nianbao addin-wps), the .xlsm's
// customUI14.xml (nianbao addin-xlsm) and the Office.js manifest (nianbao addin-manifest) parse,
// and every callback they name exists in the code they load. The WPS scripts are plain ES2017
// classic scripts, which an old embedded Chromium runs from file://; the ribbon, token, config and
// 设置 scripts are ES5, so that an engine too old for the core can still say so. WPS's manifest.xml
// parses, and the install page publish.html, fetched from a real nianbao serve, installs the online
// add-in and the offline package through a fake of WPS's local relay as wpsjs's page does.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { DOMParser } = require("@xmldom/xmldom");
const acorn = require("acorn");
const vm = require("node:vm");

const { environment } = require("../support/env.js");
const { scriptOrder, loadFiles, fakeDocument, fetchText } = require("../support/sandbox.js");
const { officeGlobals } = require("../support/fake-excel.js");
const { Book } = require("../support/model.js");

const CUSTOMUI_2006 = "http://schemas.microsoft.com/office/2006/01/customui";
const CUSTOMUI_2009 = "http://schemas.microsoft.com/office/2009/07/customui";
const LABELS = ["校验", "清除标记", "生成报告", "生成数据描述"];
let env;

before(async () => { env = await environment(); });
after(async () => { if (env) await env.stop(); });

function parseXml(text) {
  const errors = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== "warning") errors.push(msg); } })
    .parseFromString(text, "text/xml");
  assert.deepEqual(errors, []);
  return doc;
}

function all(doc, name) {
  return Array.from(doc.getElementsByTagName("*")).filter((e) => e.localName === name);
}

function wpsFolders() {
  const offline = env.fixtures.files.wpsOffline;
  const folder = fs.readdirSync(offline).find((n) => fs.statSync(path.join(offline, n)).isDirectory());
  return { online: env.fixtures.files.wps, offline: path.join(offline, folder) };
}

for (const [kind, folderOf] of [["online", (f) => f.online], ["offline", (f) => f.offline]]) {
  test(`the ${kind} WPS add-in's ribbon.xml parses and every callback it names exists`, () => {
    const folder = folderOf(wpsFolders());
    const text = fs.readFileSync(path.join(folder, "ribbon.xml"), "utf-8");
    assert.ok(text.startsWith("<customUI "), "WPS wants ribbon.xml to start with <customUI (no XML declaration)");
    const doc = parseXml(text);
    assert.equal(doc.documentElement.namespaceURI, CUSTOMUI_2006);
    const [tab] = all(doc, "tab");
    assert.equal(tab.getAttribute("label"), "政务公开年报");
    const buttons = all(doc, "button");
    assert.deepEqual(buttons.map((b) => b.getAttribute("label")), [...LABELS, "设置"]);

    const html = fs.readFileSync(path.join(folder, "index.html"), "utf-8");
    const scripts = scriptOrder(html, "file:///addin/index.html").map((u) => path.join(folder, u.replace("file:///addin/", "")));
    const g = loadFiles(scripts, {});
    const callbacks = new Set();
    for (const el of Array.from(doc.getElementsByTagName("*"))) {
      for (const attr of ["onLoad", "onAction", "getImage", "getEnabled", "getLabel", "getVisible"]) {
        if (el.getAttribute(attr)) callbacks.add(el.getAttribute(attr));
      }
    }
    assert.deepEqual([...callbacks].sort(), ["GwnbGetImage", "GwnbOnAction", "GwnbOnLoad"]);
    for (const name of callbacks) assert.equal(typeof g[name], "function", name);
    const ids = buttons.map((b) => b.getAttribute("id"));
    assert.deepEqual(ids.filter((id) => id !== g.GWNB_CONFIG.settings).sort(), Object.keys(g.GWNB_CONFIG.buttons).sort());
    assert.equal(ids[ids.length - 1], g.GWNB_CONFIG.settings);
    assert.equal(g.GwnbGetImage({ Id: ids[0] }), "images/nianbao-32.png");
    assert.ok(fs.existsSync(path.join(folder, "images", "nianbao-32.png")));
  });
}

test("the WPS add-in's scripts are classic ES2017 scripts (no modules, nothing newer)", () => {
  const { online } = wpsFolders();
  const files = [];
  const walk = (d) => fs.readdirSync(d).forEach((n) => {
    const p = path.join(d, n);
    if (fs.statSync(p).isDirectory()) walk(p); else if (p.endsWith(".js")) files.push(p);
  });
  walk(online);
  assert.ok(files.length >= 5, files.join(" "));
  for (const f of files) {
    assert.doesNotThrow(() => acorn.parse(fs.readFileSync(f, "utf-8"), { ecmaVersion: 2017, sourceType: "script" }), f);
  }
});

test("the WPS ribbon, token, config and 设置 scripts are ES5: they load in an engine too old for the core", () => {
  const { online, offline } = wpsFolders();
  for (const folder of [online, offline]) {
    for (const rel of ["js/gwnb-wps.js", "js/gwnb-token.js", "js/gwnb-config.js", "ui/settings.js"]) {
      const f = path.join(folder, rel);
      assert.doesNotThrow(() => acorn.parse(fs.readFileSync(f, "utf-8"), { ecmaVersion: 5, sourceType: "script" }), f);
    }
    for (const rel of ["js/gwnb-core.js", "js/gwnb-et.js"]) {      // the core is not, which the guard is for
      const f = path.join(folder, rel);
      assert.throws(() => acorn.parse(fs.readFileSync(f, "utf-8"), { ecmaVersion: 5, sourceType: "script" }), f);
    }
  }
});

test("the WPS add-in's manifest.xml parses: a wpsjs JsPlugin manifest", () => {
  for (const folder of Object.values(wpsFolders())) {
    const doc = parseXml(fs.readFileSync(path.join(folder, "manifest.xml"), "utf-8"));
    assert.equal(doc.documentElement.localName, "JsPlugin");
    assert.deepEqual(Array.from(doc.documentElement.childNodes).filter((n) => n.nodeType === 1)
      .map((e) => [e.localName, e.textContent]),
    [["ApiVersion", "1.0.0"], ["Name", "nianbao"], ["Description", "政务公开年报：校验年报工作簿，生成报告和数据描述"]]);
  }
});

// WPS's local relay (127.0.0.1:58890) as the publish page sees it through XMLHttpRequest: down at
// first when `down` (the page then starts it through ksoWPSCloudSvr://), then answering /version,
// /publishlist and /deployaddons/runParams (a base64 UTF-8 JSON command) as the wpsjs page expects.
function fakeRelay({ down = 0 } = {}) {
  const relay = { calls: [], commands: [], installed: [], down };
  relay.XMLHttpRequest = class {
    open(method, url) { this.method = method; this.url = url; }
    send(body) {
      const url = new URL(this.url);
      relay.calls.push([this.method, url.host, url.pathname]);
      setImmediate(() => {
        if (relay.down > 0) {
          relay.down -= 1;
          this.onerror();
          return;
        }
        this.status = 200;
        if (url.pathname === "/version") this.responseText = "1.0.0";
        if (url.pathname === "/publishlist") this.responseText = JSON.stringify(relay.installed);
        if (url.pathname === "/deployaddons/runParams") {
          const command = JSON.parse(Buffer.from(body, "base64").toString("utf-8"));
          relay.commands.push(command);
          if (command.cmd === "enable") relay.installed.push({ ...command, enable: "true" });
          else relay.installed = relay.installed.filter((a) => a.online !== command.online);
          this.responseText = "OK";
        }
        this.onload();
      });
    }
  };
  return relay;
}

async function publishPage(relay) {
  const pageUrl = env.server + "/wps/publish.html";
  const html = await (await fetch(pageUrl)).text();
  const document = new DOMParser().parseFromString(html, "text/html");
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)[1];
  assert.doesNotThrow(() => acorn.parse(script, { ecmaVersion: 5, sourceType: "script" }));
  const location = { href: pageUrl };
  const context = vm.createContext({ document, XMLHttpRequest: relay.XMLHttpRequest, location,
    btoa: (s) => Buffer.from(s, "latin1").toString("base64"), setTimeout: (fn) => setImmediate(fn),
    unescape, encodeURIComponent, JSON });
  context.window = context;
  vm.runInContext(script, context);
  context.window.onload();
  const settle = () => new Promise((r) => setTimeout(r, 50));
  await settle();
  const text = (id) => document.getElementById(id).textContent;
  return { document, context, location, settle, text, click: (id) => document.getElementById(id).onclick() };
}

test("publish.html installs the online add-in and the offline package through WPS's local relay", async () => {
  const relay = fakeRelay();
  const p = await publishPage(relay);
  assert.deepEqual(relay.calls.slice(0, 2), [["POST", "127.0.0.1:58890", "/version"], ["POST", "127.0.0.1:58890", "/publishlist"]]);
  assert.equal(p.text("gwnb-message"), "已连接本机 WPS，请在上表中点“安装”。");
  assert.deepEqual([p.text("gwnb-status-0"), p.text("gwnb-status-1")], ["未安装", "未安装"]);
  p.click("gwnb-install-0");
  await p.settle();
  p.click("gwnb-install-1");
  await p.settle();
  const version = relay.commands[1].version;                          // the nianbao package's (wps_deploy.version)
  assert.deepEqual(relay.commands, [
    { cmd: "enable", name: "nianbao", url: env.server + "/wps/", addonType: "et", online: "true", version: "", customDomain: "" },
    { cmd: "enable", name: "nianbao", url: env.server + "/wps/nianbao.7z", addonType: "et", online: "false", version,
      customDomain: "" }]);
  assert.match(version, /^\d+\.\d+/);
  assert.equal(p.text("gwnb-message"), "安装成功。请完全退出 WPS（包括屏幕右下角托盘中的 WPS 图标），再打开 WPS 表格；" +
    "如询问是否信任这个加载项，点“允许”。");
  assert.deepEqual([p.text("gwnb-status-0"), p.text("gwnb-status-1")], ["已安装", "已安装"]);
  // what WPS then fetches: the online add-in's ribbon.xml (wpsjs checks it starts with <customUI)
  // and the offline package (a 7z archive)
  const ribbon = await fetch(relay.commands[0].url + "ribbon.xml");
  assert.equal(ribbon.status, 200);
  assert.ok((await ribbon.text()).startsWith("<customUI"));
  const manifest = await fetch(relay.commands[0].url + "manifest.xml");
  assert.equal(manifest.status, 200);
  parseXml(await manifest.text());
  const archive = Buffer.from(await (await fetch(relay.commands[1].url)).arrayBuffer());
  assert.deepEqual([...archive.subarray(0, 6)], [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]);
  p.click("gwnb-remove-0");
  await p.settle();
  assert.deepEqual(relay.commands[2], { ...relay.commands[0], cmd: "disable" });
  assert.equal(p.text("gwnb-message"), "已卸载。重新打开 WPS 后生效。");
  assert.deepEqual([p.text("gwnb-status-0"), p.text("gwnb-status-1")], ["未安装", "已安装"]);
});

test("publish.html starts WPS's relay when it does not answer, and says so when it never does", async () => {
  const relay = fakeRelay({ down: 1 });
  const p = await publishPage(relay);
  assert.equal(p.location.href, "ksoWPSCloudSvr://start=RelayHttpServer");
  assert.equal(p.text("gwnb-message"), "已连接本机 WPS，请在上表中点“安装”。");
  const dead = fakeRelay({ down: 1000 });
  const q = await publishPage(dead);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(dead.calls.length, 4);
  assert.match(q.text("gwnb-message"), /^无法连接本机 WPS 的加载项服务（127\.0\.0\.1:58890）。/);
});

test("the .xlsm's customUI14.xml parses and its one callback is the VBA module's public Sub", () => {
  const doc = parseXml(fs.readFileSync(env.fixtures.files.customUI, "utf-8"));
  assert.equal(doc.documentElement.namespaceURI, CUSTOMUI_2009);
  const buttons = all(doc, "button");
  assert.deepEqual(buttons.map((b) => b.getAttribute("label")), LABELS);
  assert.deepEqual([...new Set(buttons.map((b) => b.getAttribute("onAction")))], [env.fixtures.files.vbaCallback]);
  assert.deepEqual(buttons.map((b) => b.getAttribute("tag")), ["validate", "clear_marks", "generate_report",
    "generate_description"]);
  const vba = fs.readFileSync(env.fixtures.files.vbaModule, "utf-8");
  assert.match(vba, new RegExp(`^Public Sub ${env.fixtures.files.vbaCallback}\\(control As IRibbonControl\\)\\r?$`, "m"));
});

test("the Office.js manifest parses and ribbon.js binds every FunctionName to its script, as the task pane lists them", async () => {
  const doc = parseXml(fs.readFileSync(env.fixtures.files.manifest, "utf-8"));
  const names = all(doc, "FunctionName").map((e) => e.textContent.trim());
  assert.deepEqual(names, ["gwnb-validate", "gwnb-clear-marks", "gwnb-generate-report", "gwnb-generate-description"]);
  const book = new Book(env.fixtures.books.clean);
  const office = officeGlobals(book);
  const js = env.fixtures.files.staticJs;
  const document = fakeDocument();
  document.load(await fetchText(env.server + "/taskpane.html"));        // the page that runs ribbon.js
  assert.deepEqual(JSON.parse(document.getElementById("gwnb-buttons").textContent), [
    ["gwnb-validate", "validate"], ["gwnb-clear-marks", "clear_marks"], ["gwnb-generate-report", "generate_report"],
    ["gwnb-generate-description", "generate_description"]]);
  loadFiles(["auth.js", "gwnb-core.js", "gwnb-officejs.js", "ribbon.js"].map((n) => path.join(js, n)),
    { Excel: office.Excel, Office: office.Office, document,
      location: new URL("https://nianbao.example.gov.cn/taskpane.html") });
  assert.deepEqual([...office.associated.keys()], names);
  for (const fn of office.associated.values()) assert.equal(typeof fn, "function");
  const settings = all(doc, "Control").filter((c) => all(c, "TaskpaneId").length);
  assert.deepEqual(settings.map((c) => c.getAttribute("id")), ["GwnbSettings"]);
  const strings = Object.fromEntries(all(doc, "String").map((s) => [s.getAttribute("id"), s.getAttribute("DefaultValue")]));
  assert.equal(strings["GwnbTab.TabLabel"], "政务公开年报");
  assert.equal(strings["GwnbSettings.Label"], "设置");
});

test("the shared core applies exactly the actions the server's scripts emit", () => {
  const Gwnb = require(path.join(env.fixtures.files.staticJs, "gwnb-core.js"));
  assert.deepEqual(Gwnb.ACTIONS, env.fixtures.emittedActions);
});
