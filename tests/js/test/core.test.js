// The shared core (gwnb-core.js) on its own: the request it builds, the answer it applies,
// what it tells the clerk when something goes wrong. No server, no workbook.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const http = require("node:http");
const path = require("node:path");

const Gwnb = require(path.join(__dirname, "..", "..", "..", "xl_addin", "server", "project", "static", "js", "gwnb-core.js"));

test("addresses and colours convert as Excel and ET write them", () => {
  assert.equal(Gwnb.address(28, 4, 1, 1), "E29");
  assert.equal(Gwnb.address(0, 0, 30, 11), "A1:K30");
  assert.equal(Gwnb.columnName(27), "AA");
  assert.equal(Gwnb.hexToBgr("#FFC7CE"), 0xCEC7FF);
  assert.equal(Gwnb.bgrToHex(0xCEC7FF), "#FFC7CE");
});

test("date formats are told from number formats", () => {
  for (const f of ["yyyy-mm-dd", "yyyy\"年\"m\"月\"d\"日\"", "[$-804]yyyy年m月d日", "m/d/yy h:mm", "[h]:mm:ss", "d-mmm"]) {
    assert.equal(Gwnb.isDateFormat(f), true, f);
  }
  for (const f of ["General", "0", "#,##0.00", "0.00E+00", "@", "0%", "[Red]0", "\"件\"0", "0_ ", null, undefined]) {
    assert.equal(Gwnb.isDateFormat(f), false, String(f));
  }
  assert.equal(Gwnb.serialToIso(44286), "2021-03-31T00:00:00.000Z");
});

test("the request has the xlwings Office.js client's shape, excluded sheets empty", () => {
  const book = { name: "年报.xlsx", activeSheetIndex: 2, selection: "B3",
    sheets: [{ name: "表三", values: [[1, null]] }, { name: "xlwings.conf", values: [["AUTH", "x"]] }, { name: "空", values: [] }] };
  assert.deepEqual(Gwnb.buildPayload(book, { exclude: ["xlwings.conf"], clientVersion: "nianbao-wps 1" }), {
    client: "Office.js", version: "nianbao-wps 1", book: { name: "年报.xlsx", active_sheet_index: 2, selection: "B3" },
    names: [],
    sheets: [{ name: "表三", values: [[1, null]], pictures: [], tables: [] },
      { name: "xlwings.conf", values: [[]], pictures: [], tables: [] },
      { name: "空", values: [[]], pictures: [], tables: [] }],
  });
});

function recorder() {
  const calls = [];
  const w = {};
  for (const m of ["setValues", "setColor", "clearContents", "insert", "activate"]) w[m] = (...a) => { calls.push([m, ...a]); };
  return { w, calls };
}

test("the answer's actions become writer calls; alerts wait until the end", async () => {
  const { w, calls } = recorder();
  const at = { sheet_position: 1, start_row: 28, start_column: 4, row_count: 1, column_count: 2 };
  const alerts = await Gwnb.applyActions(w, [
    { func: "setRangeColor", args: ["#FFC7CE"], ...at },
    { func: "alert", args: ["完成", "政务公开年报", "ok", "info", ""] },
    { func: "setValues", args: [], values: [["a", "=1+1"]], ...at },
    { func: "rangeClearContents", args: [], ...at },
    { func: "rangeInsert", args: ["down", "format_from_left_or_above"], ...at },
    { func: "activateSheet", args: [3] },
  ]);
  assert.deepEqual(calls, [["setColor", 1, 28, 4, 1, 2, "#FFC7CE"], ["setValues", 1, 28, 4, [["a", "=1+1"]]],
    ["clearContents", 1, 28, 4, 1, 2], ["insert", 1, 28, 4, 1, 2, "down"], ["activate", 3]]);
  assert.deepEqual(alerts, [{ text: "完成", title: "政务公开年报", mode: "info" }]);
  assert.deepEqual(Gwnb.ACTIONS, ["activateSheet", "alert", "rangeClearContents", "rangeInsert", "setRangeColor", "setValues"]);
});

test("an action the add-in does not know stops the click with a Chinese message", async () => {
  const { w } = recorder();
  await assert.rejects(Gwnb.applyActions(w, [{ func: "addChart", args: [] }]),
    { message: "服务器要求执行加载项不认识的操作“addChart”，请向县级信息化管理员索取新版加载项。" });
});

test("the server's refusal reaches the clerk in its own words", () => {
  assert.equal(Gwnb.detailOf(401, '{"detail": "访问口令不正确"}'), "访问口令不正确");
  assert.equal(Gwnb.detailOf(400, "工作簿中的 xlwings 程序版本不一致"), "工作簿中的 xlwings 程序版本不一致");
  assert.equal(Gwnb.detailOf(502, "<html>Bad Gateway</html>"),
    "年报服务器返回错误（HTTP 502），请稍后重试；如仍出错，请联系县级信息化管理员。");
});

test("a server that does not answer in time is reported, not waited on forever", async () => {
  const server = http.createServer(() => { /* never answers */ });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}`;
  try {
    await assert.rejects(Gwnb.post({ server: url, timeoutSeconds: 0.3 }, "validate", {}),
      { message: "年报服务器在0.3秒内没有答复，请稍后重试。" });
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test("a click with no server address configured is explained", async () => {
  const alerts = [];
  const host = { readBook: () => ({ name: "a", sheets: [] }), write: async () => {}, alert: (t) => alerts.push(t) };
  assert.equal(await Gwnb.click(host, "validate", { server: "" }), null);
  assert.deepEqual(alerts, ["加载项没有配置年报服务器的地址，请联系县级信息化管理员重新安装加载项。"]);
});

test("the ET adapter reads an error cell as the text it shows, and a number that only equals a CVErr code as a number", async () => {
  const GwnbEt = require(path.join(__dirname, "..", "..", "..", "xl_addin", "server", "wps_addin", "js", "gwnb-et.js"));
  const div0 = GwnbEt.CVERR_BASE + 2007;
  const cells = { "1,1": [div0, "#DIV/0!"], "1,2": [div0, "-2146826281"], "1,3": [div0, "-2,146,826,281"],
    "1,4": [div0, "#除数为零"], "1,5": [GwnbEt.CVERR_BASE + 2042, "#N/A"], "1,6": [2007, "2007"],
    "1,7": [GwnbEt.CVERR_BASE + 2043, "#GETTING_DATA"] };
  const cell = (r, c) => ({ Value2: cells[`${r},${c}`][0], Text: cells[`${r},${c}`][1], NumberFormat: "General" });
  const ws = { Name: "表三", UsedRange: { Row: 1, Column: 1, Rows: { Count: 1 }, Columns: { Count: 7 } },
    Cells: { Item: cell }, Range: () => ({ Value2: [[1, 2, 3, 4, 5, 6, 7].map((c) => cells[`1,${c}`][0])] }) };
  const app = { ActiveWorkbook: { Name: "a.xlsx", Worksheets: { Count: 1, Item: () => ws } },
    ActiveSheet: { Index: 1 }, Selection: { Address: () => "A1" } };
  const book = new GwnbEt.Host(app, {}).readBook([]);
  // a localised display still gives Excel's #DIV/0!; an error ET knows beyond XlCVError, its text
  assert.deepEqual(book.sheets[0].values, [["#DIV/0!", div0, div0, "#DIV/0!", "#N/A", 2007, "#GETTING_DATA"]]);
});
