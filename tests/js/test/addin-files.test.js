// The ribbons as the commands write them: WPS's ribbon.xml (nianbao addin-wps), the .xlsm's
// customUI14.xml (nianbao addin-xlsm) and the Office.js manifest (nianbao addin-manifest) parse,
// and every callback they name exists in the code they load. The WPS scripts are plain ES2017
// classic scripts, which an old embedded Chromium runs from file://.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { DOMParser } = require("@xmldom/xmldom");
const acorn = require("acorn");

const { environment } = require("../support/env.js");
const { scriptOrder, loadFiles } = require("../support/sandbox.js");
const { officeGlobals } = require("../support/fake-excel.js");
const { Book } = require("../support/model.js");

const CUSTOMUI_2006 = "http://schemas.microsoft.com/office/2006/01/customui";
const CUSTOMUI_2009 = "http://schemas.microsoft.com/office/2009/07/customui";
const LABELS = ["校验", "清除标记", "生成报告", "生成数据描述"];
let env;

before(async () => { env = await environment({ server: false }); });
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
    const g = loadFiles(scripts, { localStorage: { getItem: () => null } });
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

test("the Office.js manifest parses and every FunctionName is bound by ribbon.js", () => {
  const doc = parseXml(fs.readFileSync(env.fixtures.files.manifest, "utf-8"));
  const names = all(doc, "FunctionName").map((e) => e.textContent.trim());
  assert.deepEqual(names, ["gwnb-validate", "gwnb-clear-marks", "gwnb-generate-report", "gwnb-generate-description"]);
  const book = new Book(env.fixtures.books.clean);
  const office = officeGlobals(book);
  const js = env.fixtures.files.staticJs;
  loadFiles(["auth.js", "gwnb-core.js", "gwnb-officejs.js", "ribbon.js"].map((n) => path.join(js, n)),
    { Excel: office.Excel, Office: office.Office, location: new URL("https://nianbao.example.gov.cn/taskpane.html") });
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
