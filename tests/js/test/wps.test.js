// The WPS add-in as WPS loads it from a real `nianbao serve` (/wps/index.html and its scripts),
// clicking its ribbon buttons in a fake ET holding a real filled workbook; what it leaves in the
// workbook is compared with `nianbao validate --json` for the same file.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const { environment, REPO } = require("../support/env.js");
const { Book } = require("../support/model.js");
const { FakeEt, Disk } = require("../support/fake-et.js");
const { storage, fakeDocument, loadPage } = require("../support/sandbox.js");
const C = require("../support/contract.js");

let env;
const used = new Set();           // ET members the add-in used, over every test

before(async () => { env = await environment(); });
after(async () => { if (env) await env.stop(); });

// Where the token is kept (docs/server.md): %APPDATA%\nianbao\wps-token.txt, as WPS's Env gives %APPDATA%.
const APPDATA = "C:\\Users\\clerk\\AppData\\Roaming";
const TOKEN_FILE = APPDATA + "\\nianbao\\wps-token.txt";
const USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.141 " +
  "Safari/537.36 WpsOffice";

function savedDisk(token) {
  const disk = new Disk([APPDATA, "C:\\Users\\clerk", APPDATA + "\\nianbao"]);
  disk.files.set(TOKEN_FILE, token);
  return disk;
}

// The add-in's hidden page loaded by a fake ET. token: "saved" (the file 设置 writes), null (none)
// or a Disk to start from; keep: which of the page's scripts the engine manages to run.
async function wps(name, { token = "saved", bulkValue2 = true, store, etOptions = {}, keep } = {}) {
  const book = new Book(env.fixtures.books[name]);
  const disk = token === "saved" ? savedDisk(env.token) : token instanceof Disk ? token : undefined;
  const et = new FakeEt(book, { bulkValue2, disk, ...etOptions });
  const alerts = [];
  const localStorage = store || storage();
  const pageUrl = env.server + "/wps/index.html";
  const page = await loadPage(pageUrl, { Application: et.Application, alert: (t) => alerts.push(t), localStorage,
    location: new URL(pageUrl), navigator: { userAgent: USER_AGENT } }, keep);
  const g = page.context;
  const ids = Object.fromEntries(Object.entries(g.GWNB_CONFIG.buttons).map(([id, script]) => [script, id]));
  assert.equal(g.GwnbOnLoad({ kind: "ribbonUI" }), true);
  async function click(script) {
    assert.equal(g.GwnbOnAction({ Id: ids[script] }), true);
    await g.GwnbWps.last;
    record(et);
  }
  return { book, et, alerts, click, g, localStorage, page };
}

function record(et) {
  et.used.forEach((m) => used.add(m));
}

// The 设置 pane as WPS opens it for `w` (its own page, the same Application and page storage).
async function settingsPane(w) {
  assert.equal(w.g.GwnbOnAction({ Id: w.g.GWNB_CONFIG.settings }), true);
  const [paneUrl] = [...w.et.paneUrls.values()];
  const document = fakeDocument();
  await loadPage(paneUrl, { Application: w.et.Application, localStorage: w.localStorage, document,
    location: new URL(paneUrl), navigator: { userAgent: USER_AGENT } });
  document.ready();
  record(w.et);
  return { document, paneUrl, pane: [...w.et.panes.values()][0] };
}

const ERROR_ALERT = "校验不通过：发现错误 3 个、警告 1 个。出错的单元格已标红，警告已标黄，详见“校验结果”工作表。";
const DIV_ZERO_ALERT = "校验不通过：发现错误 3 个、警告 5 个。出错的单元格已标红，警告已标黄，详见“校验结果”工作表。";
const TOKEN_REFUSED = "访问口令不正确或未填写，服务器拒绝了请求。加载项请点“设置”填写县级信息化管理员提供的访问口令；" +
  "网页请在“访问口令”处填写；按钮版工作簿请向管理员索取新的工作簿。";

test("the workbook under test has a typed-over total and an unbalanced 表三, as nianbao validate says", () => {
  const found = env.fixtures.validate.checked.findings.map((f) => [f.rule, f.cell]);
  assert.deepEqual(found.filter(([rule]) => rule === "W-2"), [["W-2", env.fixtures.typedOver]]);
  assert.ok(found.some(([rule]) => rule === "T3-1"));
  assert.deepEqual(C.counts(env.fixtures.validate.checked), { errors: 3, warnings: 1 });
});

test("校验 colours the cells, lists the rows and alerts exactly what nianbao validate finds", async () => {
  const w = await wps("checked");
  const before = C.protectionOf(w.book);
  await w.click("validate");
  const validate = env.fixtures.validate.checked;
  assert.deepEqual(C.markedCells(w.book, env.fixtures), C.expectedMarks(validate));
  assert.deepEqual(C.resultRows(w.book, env.fixtures), C.expectedRows(validate, env.fixtures));
  assert.deepEqual(w.alerts, [ERROR_ALERT]);
  assert.deepEqual(C.protectionOf(w.book), before);           // protected again, same options
  assert.equal(w.book.sheets[w.book.active].name, env.fixtures.results.sheet);
});

test("校验 reads the workbook cell by cell when ET gives no block of values, with the same result", async () => {
  const w = await wps("checked", { bulkValue2: false });
  await w.click("validate");
  assert.deepEqual(C.markedCells(w.book, env.fixtures), C.expectedMarks(env.fixtures.validate.checked));
  assert.deepEqual(w.alerts, [ERROR_ALERT]);
});

test("清除标记 gives every cell its fill back and empties 校验结果", async () => {
  const w = await wps("checked");
  const original = new Book(env.fixtures.books.checked).fills();
  await w.click("validate");
  assert.notDeepEqual(w.book.fills(), original);
  await w.click("clear_marks");
  assert.deepEqual(w.book.fills(), original);
  assert.deepEqual(C.resultRows(w.book, env.fixtures), []);
  assert.equal(w.book.sheet(env.fixtures.results.sheet).get(1, 1).value, env.fixtures.results.sheet);
  assert.deepEqual(w.alerts, [ERROR_ALERT, "已清除校验标记，“校验结果”工作表已清空（填写的“说明”保留）。"]);
});

test("生成报告 writes download links that work", async () => {
  const w = await wps("clean");
  await w.click("generate_report");
  const sheet = w.book.sheet(env.fixtures.results.sheet);
  const links = [];
  for (const [, cell] of sheet.cells) {
    const m = /^=HYPERLINK\("([^"]+)","([^"]+)"\)$/.exec(cell.formula || "");
    if (m && /^http/.test(m[1])) links.push([m[2], m[1], cell.value]);
  }
  assert.deepEqual(links.map(([label, , shown]) => [label, shown]),
    [["下载 Word 报告", "下载 Word 报告"], ["下载网页版报告", "下载网页版报告"]]);
  const [[, docx], [, html]] = links;
  assert.ok(docx.startsWith(env.server + "/files/") && docx.endsWith("/docx"), docx);
  assert.deepEqual(w.alerts, ["报告已生成。请到“校验结果”工作表第1行点击“下载 Word 报告”或“下载网页版报告”下载，链接2小时内有效。\n" +
    `Word 报告地址：${docx}`]);
  const r = await fetch(docx);
  assert.equal(r.status, 200);
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), "PK");
  const page = await fetch(html);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /青山市人民政府2021年政府信息公开工作年度报告/);
});

test("生成报告 is refused while the workbook has errors", async () => {
  const w = await wps("checked");
  await w.click("generate_report");
  assert.deepEqual(w.alerts, ["报告未生成：有 3 个错误。请先点“校验”查看标红的单元格并改正，再点“生成报告”。"]);
});

test("生成数据描述 writes its paragraph on the row below the 依申请公开 heading", async () => {
  const w = await wps("nodesc");
  const d = env.fixtures.description;
  const sheet = w.book.sheet(d.sheet);
  const below = sheet.get(d.row, d.textColumn).value;               // the next heading, moved down
  await w.click("generate_description");
  assert.match(String(sheet.get(d.row - 1, d.textColumn).value), new RegExp(d.heading));
  assert.equal(sheet.get(d.row, d.levelColumn).value, d.level);
  assert.equal(sheet.get(d.row, d.textColumn).value, d.text);
  assert.equal(sheet.get(d.row + 1, d.textColumn).value, below);
  assert.deepEqual(w.alerts, ["已根据表三、表四生成“（二）依申请公开”的文字，插入在“一、总体情况”工作表第8行，请核对修改；" +
    "原有的文字下移到第9行，未作改动，不再需要的请删除。"]);
  assert.equal(d.row, 8);
});

test("without the token the server refuses, the clerk is told so and the workbook is left alone", async () => {
  const w = await wps("checked", { token: null });
  assert.equal(w.g.GWNB_CONFIG.token, "");                             // the add-in the server serves has none
  const original = new Book(env.fixtures.books.checked).fills();
  await w.click("validate");
  assert.deepEqual(w.alerts, [TOKEN_REFUSED]);
  assert.deepEqual(w.book.fills(), original);
});

test("设置 opens the settings pane; the token saved there is in the user's profile, not in page storage", async () => {
  const store = storage();
  const w = await wps("checked", { token: null, store });
  const { document, paneUrl, pane } = await settingsPane(w);
  assert.equal(paneUrl, env.server + "/wps/ui/settings.html");
  assert.equal(pane.Visible, true);
  assert.equal(document.getElementById("gwnb-server").textContent, env.server);
  assert.equal(document.getElementById("gwnb-where").textContent, TOKEN_FILE);
  assert.equal(document.getElementById("gwnb-engine").textContent, USER_AGENT);
  assert.equal(document.getElementById("gwnb-token").value, "");
  document.getElementById("gwnb-token").value = `  ${env.token} `;
  document.getElementById("gwnb-save").click();
  assert.equal(document.getElementById("gwnb-saved").textContent, "已保存。");
  assert.equal(w.et.disk.files.get(TOKEN_FILE), env.token);
  // another file:// page (an offline add-in shares its origin) finds nothing in the page storage,
  // nor does the add-in's PluginStorage (WPS does not persist it) hold the token
  assert.deepEqual([...store._map.values()].filter((v) => v.includes(env.token)), []);
  assert.deepEqual([...w.et.storage.values()].filter((v) => String(v).includes(env.token)), []);
  await w.click("validate");
  assert.deepEqual(w.alerts, [ERROR_ALERT]);
});

test("the token survives a restart of WPS: a new session on the same profile sends it", async () => {
  const first = await wps("checked", { token: null });
  const { document } = await settingsPane(first);
  document.getElementById("gwnb-token").value = env.token;
  document.getElementById("gwnb-save").click();
  const after = await wps("checked", { token: first.et.disk });         // WPS restarted: new page, new storage
  assert.notEqual(after.et, first.et);
  assert.equal(after.localStorage._map.size, 0);
  await after.click("validate");
  assert.deepEqual(after.alerts, [ERROR_ALERT]);
  const reopened = await settingsPane(after);
  assert.equal(reopened.document.getElementById("gwnb-token").value, env.token);   // shown again in 设置
});

test("on Linux, where WPS gives no AppData folder, the token goes to ~/.config/nianbao", async () => {
  const linux = { appData: "", home: "/home/clerk" };
  const disk = new Disk(["/home/clerk", "/home/clerk/.config"]);
  const w = await wps("checked", { token: disk, etOptions: { env: linux } });
  const { document } = await settingsPane(w);
  assert.equal(document.getElementById("gwnb-where").textContent, "/home/clerk/.config/nianbao/wps-token.txt");
  document.getElementById("gwnb-token").value = env.token;
  document.getElementById("gwnb-save").click();
  assert.equal(disk.files.get("/home/clerk/.config/nianbao/wps-token.txt"), env.token);
  await w.click("validate");
  assert.deepEqual(w.alerts, [ERROR_ALERT]);
});

test("设置's 关闭 closes the pane, and 设置 opens it again", async () => {
  const w = await wps("clean");
  const { document, pane } = await settingsPane(w);
  assert.equal(pane.Visible, true);
  document.getElementById("gwnb-close").click();
  assert.equal(pane.Visible, false);
  w.g.GwnbOnAction({ Id: w.g.GWNB_CONFIG.settings });
  assert.equal(pane.Visible, true);
  assert.equal(w.et.panes.size, 1);                                   // the same pane, not a second one
  w.g.GwnbOnAction({ Id: w.g.GWNB_CONFIG.settings });                  // and the button still toggles it
  assert.equal(pane.Visible, false);
  record(w.et);
});

test("a saved token that cannot be written is said so; an unreadable profile falls back to the built-in token", async () => {
  const w = await wps("checked", { token: new Disk([]) });               // no AppData folder on this disk
  const { document } = await settingsPane(w);
  document.getElementById("gwnb-token").value = env.token;
  document.getElementById("gwnb-save").click();
  assert.equal(document.getElementById("gwnb-saved").textContent, "无法保存，请联系县级信息化管理员。");
  w.g.GWNB_CONFIG.token = env.token;                                  // nianbao addin-wps --token
  await w.click("validate");
  assert.deepEqual(w.alerts, [ERROR_ALERT]);
});

test("an engine that cannot run the core: a click says 请升级WPS with the engine, not nothing", async () => {
  const w = await wps("checked", { keep: (url) => !/gwnb-(core|et)\.js$/.test(url) });
  assert.deepEqual(w.page.loaded.map((u) => u.split("/").pop()), ["gwnb-config.js", "gwnb-token.js", "gwnb-wps.js"]);
  assert.equal(w.g.Gwnb, undefined);
  assert.equal(w.g.GwnbOnAction({ Id: Object.keys(w.g.GWNB_CONFIG.buttons)[0] }), true);
  assert.deepEqual(w.alerts, ["请升级WPS：这台电脑上的WPS版本较旧，“政务公开年报”加载项的程序无法在其中运行。" +
    "请安装单位统一部署的新版WPS；仍不能使用的，请把这段提示告诉县级信息化管理员。\n运行环境：" + USER_AGENT]);
  assert.deepEqual(w.book.fills(), new Book(env.fixtures.books.checked).fills());
});

test("a #DIV/0! total gives the same cells, rows and message as nianbao validate --json", async () => {
  const w = await wps("divzero");
  await w.click("validate");
  const validate = env.fixtures.validate.divzero;
  assert.ok(validate.findings.some((f) => f.cell === env.fixtures.divZero && f.message.includes("错误值#DIV/0!")));
  assert.deepEqual(C.counts(validate), { errors: 3, warnings: 5 });
  assert.deepEqual(C.markedCells(w.book, env.fixtures), C.expectedMarks(validate));
  assert.deepEqual(C.resultRows(w.book, env.fixtures), C.expectedRows(validate, env.fixtures));
  assert.deepEqual(w.alerts, [DIV_ZERO_ALERT]);
  assert.ok(used.has("Range.Text"));
});

test("a #DIV/0! total read cell by cell gives the same result", async () => {
  const w = await wps("divzero", { bulkValue2: false });
  await w.click("validate");
  assert.deepEqual(C.resultRows(w.book, env.fixtures), C.expectedRows(env.fixtures.validate.divzero, env.fixtures));
  assert.deepEqual(w.alerts, [DIV_ZERO_ALERT]);
});

test("a second click while the first is running is turned away politely", async () => {
  const w = await wps("checked");
  const id = w.g.GWNB_CONFIG.buttons;
  const validateId = Object.keys(id).find((k) => id[k] === "validate");
  w.g.GwnbOnAction({ Id: validateId });
  const first = w.g.GwnbWps.last;
  w.g.GwnbOnAction({ Id: validateId });
  await w.g.GwnbWps.last;
  await first;
  assert.deepEqual(w.alerts, ["上一次操作还在进行中，请等它完成后再点。", ERROR_ALERT]);
});

test("no open workbook and an unreachable server are explained in Chinese", async () => {
  const w = await wps("checked");
  w.et.closed = true;
  await w.click("validate");
  w.et.closed = false;
  w.g.GWNB_CONFIG.server = "http://127.0.0.1:9";
  await w.click("validate");
  assert.deepEqual(w.alerts, ["请先打开要处理的年报工作簿，再点按钮。",
    "无法连接年报服务器（http://127.0.0.1:9）。请检查网络，或请县级信息化管理员确认服务已启动。"]);
});

test("the add-in uses only the ET members docs/server.md lists", () => {
  const docs = fs.readFileSync(path.join(REPO, "docs", "server.md"), "utf-8");
  const start = docs.indexOf("<!-- ET subset -->"), end = docs.indexOf("<!-- /ET subset -->");
  assert.ok(start > 0 && end > start, "docs/server.md marks the ET subset table");
  const listed = new Set([...docs.slice(start, end).matchAll(/`([A-Za-z]+\.[A-Za-z0-9]+)`/g)].map((m) => m[1]));
  assert.ok(used.size > 20, [...used].join(" "));
  assert.deepEqual([...used].filter((m) => !listed.has(m)).sort(), []);
  assert.deepEqual([...listed].filter((m) => !used.has(m)).sort(), []);
});
