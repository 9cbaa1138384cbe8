// The Office.js add-in as Excel loads it from a real `nianbao serve` (/taskpane.html, the
// <FunctionFile>, and its scripts), its ribbon functions run against a fake Excel API holding a
// real filled workbook; what they leave is compared with `nianbao validate --json`.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");

const { environment } = require("../support/env.js");
const { Book } = require("../support/model.js");
const { officeGlobals, dialogText } = require("../support/fake-excel.js");
const { storage, fakeDocument, loadPage } = require("../support/sandbox.js");
const C = require("../support/contract.js");

const OURS = ["auth.js", "gwnb-core.js", "gwnb-officejs.js", "ribbon.js", "gwnb-taskpane.js"];
const FUNCTIONS = { validate: "gwnb-validate", clear_marks: "gwnb-clear-marks", generate_report: "gwnb-generate-report",
  generate_description: "gwnb-generate-description" };
let env;

before(async () => { env = await environment(); });
after(async () => { if (env) await env.stop(); });

// The task pane page with our scripts (xlwings' own module scripts and office.js are not run:
// Office and Excel are the fakes).
async function excel(name, { token = "saved", store } = {}) {
  const book = new Book(env.fixtures.books[name]);
  const office = officeGlobals(book);
  const localStorage = store || storage(token === "saved" ? { "nianbao-token": env.token } : {});
  const document = fakeDocument();
  const pageUrl = env.server + "/taskpane.html";
  const page = await loadPage(pageUrl, { Excel: office.Excel, Office: office.Office, localStorage, document,
    location: new URL(pageUrl) }, (url) => url.includes("/static/js/") && OURS.includes(url.split("/").pop()));
  document.ready();
  async function click(script) {
    let completed = 0;
    await office.associated.get(FUNCTIONS[script])({ completed: () => { completed += 1; } });
    assert.equal(completed, 1, "event.completed() is called once");
  }
  const alerts = () => office.dialogs.map(dialogText);
  return { book, office, page, click, alerts, document, localStorage };
}

const ERROR_ALERT = "校验不通过：发现错误 3 个、警告 1 个。出错的单元格已标红，警告已标黄，详见“校验结果”工作表。";

test("taskpane.html runs the shared core and the adapter before the ribbon binds its buttons", async () => {
  const x = await excel("clean");
  assert.deepEqual(x.page.loaded.map((u) => u.split("/").pop()), ["auth.js", "gwnb-core.js", "gwnb-officejs.js",
    "ribbon.js", "gwnb-taskpane.js"]);
  assert.deepEqual([...x.office.associated.keys()], Object.values(FUNCTIONS));
});

test("校验 colours the cells, lists the rows and shows exactly what nianbao validate finds", async () => {
  const x = await excel("checked");
  const before = C.protectionOf(x.book);
  await x.click("validate");
  const validate = env.fixtures.validate.checked;
  assert.deepEqual(C.markedCells(x.book, env.fixtures), C.expectedMarks(validate));
  assert.deepEqual(C.resultRows(x.book, env.fixtures), C.expectedRows(validate, env.fixtures));
  assert.deepEqual(x.alerts(), [ERROR_ALERT]);
  const dialog = x.office.dialogs[0];
  assert.ok(dialog.url.startsWith(env.server + "/xlwings/alert?"), dialog.url);
  assert.equal(new URL(dialog.url).searchParams.get("title"), "政务公开年报");
  assert.equal(new URL(dialog.url).searchParams.get("mode"), "critical");
  assert.deepEqual(C.protectionOf(x.book), before);
  assert.equal(x.book.sheets[x.book.active].name, env.fixtures.results.sheet);
});

test("清除标记 gives every cell its fill back and empties 校验结果", async () => {
  const x = await excel("checked");
  const original = new Book(env.fixtures.books.checked).fills();
  await x.click("validate");
  await x.click("clear_marks");
  assert.deepEqual(x.book.fills(), original);
  assert.deepEqual(C.resultRows(x.book, env.fixtures), []);
  assert.deepEqual(x.alerts(), [ERROR_ALERT, "已清除校验标记，“校验结果”工作表已清空（填写的“说明”保留）。"]);
});

test("生成报告 writes download links that work", async () => {
  const x = await excel("clean");
  await x.click("generate_report");
  const sheet = x.book.sheet(env.fixtures.results.sheet);
  const urls = [...sheet.cells.values()].map((c) => /^=HYPERLINK\("(http[^"]+)","([^"]+)"\)$/.exec(c.formula || ""))
    .filter(Boolean).map((m) => [m[2], m[1]]);
  assert.deepEqual(urls.map(([label]) => label), ["下载 Word 报告", "下载网页版报告"]);
  const r = await fetch(urls[0][1]);
  assert.equal(r.status, 200);
  assert.equal(Buffer.from(await r.arrayBuffer()).subarray(0, 2).toString(), "PK");
  assert.deepEqual(x.alerts(), ["报告已生成。请到“校验结果”工作表第1行点击“下载 Word 报告”或“下载网页版报告”下载，链接2小时内有效。\n" +
    `Word 报告地址：${urls[0][1]}`]);
});

test("生成数据描述 writes its paragraph on the row below the 依申请公开 heading", async () => {
  const x = await excel("nodesc");
  const d = env.fixtures.description;
  await x.click("generate_description");
  const sheet = x.book.sheet(d.sheet);
  assert.equal(sheet.get(d.row, d.levelColumn).value, d.level);
  assert.equal(sheet.get(d.row, d.textColumn).value, d.text);
  assert.deepEqual(x.alerts(), ["已根据表三、表四生成“（二）依申请公开”的文字，插入在“一、总体情况”工作表第8行，请核对修改；" +
    "原有的文字下移到第9行，未作改动，不再需要的请删除。"]);
});

test("设置: the token saved in the task pane is sent; without it the server refuses in Chinese", async () => {
  const store = storage();
  const x = await excel("checked", { store });
  await x.click("validate");
  assert.deepEqual(x.alerts(), ["访问口令不正确或未填写，服务器拒绝了请求。加载项请点“设置”填写县级信息化管理员提供的访问口令；" +
    "网页请在“访问口令”处填写；按钮版工作簿请向管理员索取新的工作簿。"]);
  assert.deepEqual(x.book.fills(), new Book(env.fixtures.books.checked).fills());
  x.document.getElementById("gwnb-token").value = ` ${env.token} `;
  x.document.getElementById("gwnb-save").click();
  assert.equal(x.document.getElementById("gwnb-saved").textContent, "已保存。");
  assert.equal(store.getItem("nianbao-token"), env.token);
  assert.deepEqual(JSON.parse(JSON.stringify(await x.page.context.getAuth())), { token: env.token, provider: "" });
  await x.click("validate");
  assert.equal(x.alerts()[1], ERROR_ALERT);
});

test("the task pane shows the token already saved", async () => {
  const x = await excel("clean", { store: storage({ "nianbao-token": "earlier-token" }) });
  assert.equal(x.document.getElementById("gwnb-token").value, "earlier-token");
});

test("an unreachable server is explained and the button still completes", async () => {
  const x = await excel("clean");
  x.page.context.location = new URL("http://127.0.0.1:9/taskpane.html");
  await x.click("validate");
  assert.deepEqual(x.alerts(), ["无法连接年报服务器（http://127.0.0.1:9）。请检查网络，或请县级信息化管理员确认服务已启动。"]);
});

test("a #DIV/0! total gives the same cells, rows and message as nianbao validate --json", async () => {
  // Office.js Range.values gives an error cell as its text ("#DIV/0!", Excel.Div0ErrorCellValue.basicValue)
  const x = await excel("divzero");
  const cell = x.book.sheet(env.fixtures.divZero.split("!")[0]).cells;
  assert.ok([...cell.values()].some((c) => c.error && c.value === "#DIV/0!"));
  await x.click("validate");
  const validate = env.fixtures.validate.divzero;
  assert.deepEqual(C.markedCells(x.book, env.fixtures), C.expectedMarks(validate));
  assert.deepEqual(C.resultRows(x.book, env.fixtures), C.expectedRows(validate, env.fixtures));
  assert.deepEqual(x.alerts(), ["校验不通过：发现错误 3 个、警告 5 个。出错的单元格已标红，警告已标黄，详见“校验结果”工作表。"]);
});
