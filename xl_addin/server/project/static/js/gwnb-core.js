// nianbao: the shared core of the two JavaScript add-ins (Office.js and WPS ET).
//
// One button click = read the open workbook through a host adapter (gwnb-officejs.js for
// Excel, gwnb-et.js for WPS), build the request the xlwings clients send (the Office.js
// client's shape: {client, version, book, names, sheets: [{name, values, pictures, tables}]}),
// POST it to <server>/xlwings/custom-scripts-call/<script>, and apply the returned actions
// through the same adapter. The server's scripts therefore serve every client unchanged.
// Only the actions the server's scripts emit are applied (ACTIONS; xl_addin/server/scripts.py
// EMITTED_ACTIONS, checked by the tests); anything else is refused with a Chinese message.
//
// Plain classic script (no modules, ES2017 at most): the WPS add-in is loaded from file://
// by an old embedded Chromium. In Node (tests) it is also a CommonJS module.
(function (root) {
  "use strict";

  var MESSAGES = {
    title: "政务公开年报",
    noServer: "加载项没有配置年报服务器的地址，请联系县级信息化管理员重新安装加载项。",
    noWorkbook: "请先打开要处理的年报工作簿，再点按钮。",
    busy: "上一次操作还在进行中，请等它完成后再点。",
    network: "无法连接年报服务器（{server}）。请检查网络，或请县级信息化管理员确认服务已启动。",
    timeout: "年报服务器在{seconds}秒内没有答复，请稍后重试。",
    httpError: "年报服务器返回错误（HTTP {status}），请稍后重试；如仍出错，请联系县级信息化管理员。",
    badAnswer: "年报服务器的答复无法识别，请联系县级信息化管理员。",
    unknownAction: "服务器要求执行加载项不认识的操作“{func}”，请向县级信息化管理员索取新版加载项。",
    failed: "按钮运行出错：{detail}",
  };
  var SCRIPT_PATH = "/xlwings/custom-scripts-call/";
  var TIMEOUT_SECONDS = 120;

  // A failure the clerk is told about in Chinese (anything else is reported as MESSAGES.failed).
  function UserError(message) {
    this.name = "UserError";
    this.message = message;
  }
  UserError.prototype = Object.create(Error.prototype);

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  // ------------------------------------------------------------ addresses, colours, dates

  function columnName(n) {
    var s = "";
    while (n > 0) {
      var m = (n - 1) % 26;
      s = String.fromCharCode(65 + m) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  }

  // 0-based row/column and a size -> "E29" or "E29:K30"
  function address(row, col, rows, cols) {
    var first = columnName(col + 1) + (row + 1);
    if ((rows || 1) === 1 && (cols || 1) === 1) return first;
    return first + ":" + columnName(col + cols) + (row + rows);
  }

  // "#FFC7CE" -> the BGR integer of VBA's and ET's Interior.Color
  function hexToBgr(hex) {
    var h = String(hex).replace(/^#/, "");
    var r = parseInt(h.substr(0, 2), 16), g = parseInt(h.substr(2, 2), 16), b = parseInt(h.substr(4, 2), 16);
    return r + g * 256 + b * 65536;
  }

  function bgrToHex(n) {
    var r = n % 256, g = Math.floor(n / 256) % 256, b = Math.floor(n / 65536) % 256;
    return "#" + [r, g, b].map(function (x) { return (x < 16 ? "0" : "") + x.toString(16).toUpperCase(); }).join("");
  }

  // True for a number format that shows a date or time (quoted text, escapes, colours and
  // locale tags in brackets are skipped; [h]/[m]/[s] elapsed times count as time).
  function isDateFormat(format) {
    if (typeof format !== "string" || !format || format === "General" || format === "@") return false;
    var section = format.split(";")[0];
    var plain = section
      .replace(/"[^"]*"/g, "")
      .replace(/\\./g, "")
      .replace(/[_*]./g, "")
      .replace(/\[(h+|m+|s+)\]/gi, "h")
      .replace(/\[[^\]]*\]/g, "");
    return /[dmyhse]/i.test(plain.replace(/E\+|E-/g, ""));
  }

  // An Excel serial date -> the ISO text both xlwings clients send ("2021-03-15T00:00:00.000Z").
  function serialToIso(serial) {
    return new Date(Math.round((serial - 25569) * 86400 * 1000)).toISOString();
  }

  // ------------------------------------------------------------ the request

  // book: {name, activeSheetIndex, selection, sheets: [{name, values}]} from an adapter.
  function buildPayload(book, settings) {
    var exclude = (settings && settings.exclude) || [];
    return {
      client: "Office.js",
      version: (settings && settings.clientVersion) || "",
      book: { name: book.name, active_sheet_index: book.activeSheetIndex || 0, selection: book.selection || "A1" },
      names: [],
      sheets: book.sheets.map(function (s) {
        var values = exclude.indexOf(s.name) >= 0 || !s.values || !s.values.length ? [[]] : s.values;
        return { name: s.name, values: values, pictures: [], tables: [] };
      }),
    };
  }

  function detailOf(status, text) {
    var body = (text || "").trim();
    if (body.charAt(0) === "{") {
      try {
        var parsed = JSON.parse(body);
        if (parsed && typeof parsed.detail === "string") return parsed.detail;
      } catch (e) { /* not JSON: fall through */ }
    }
    if (body && /[\u4e00-\u9fff]/.test(body) && body.length < 600) return body;   // the server's Chinese text
    return format(MESSAGES.httpError, { status: status });
  }

  function scriptUrl(server, script) {
    return String(server).replace(/\/+$/, "") + SCRIPT_PATH + encodeURIComponent(script);
  }

  async function post(settings, script, payload) {
    if (!settings.server) throw new UserError(MESSAGES.noServer);
    var headers = { "Content-Type": "application/json" };
    if (settings.token) headers.Authorization = settings.token;
    var fetchFn = settings.fetch || root.fetch;
    var seconds = settings.timeoutSeconds || TIMEOUT_SECONDS;
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, seconds * 1000) : null;
    var response;
    try {
      response = await fetchFn(scriptUrl(settings.server, script), {
        method: "POST", headers: headers, body: JSON.stringify(payload),
        signal: controller ? controller.signal : undefined,
      });
    } catch (e) {
      if (e && e.name === "AbortError") throw new UserError(format(MESSAGES.timeout, { seconds: seconds }));
      throw new UserError(format(MESSAGES.network, { server: settings.server }));
    } finally {
      if (timer) clearTimeout(timer);
    }
    var text = await response.text();
    if (!response.ok) throw new UserError(detailOf(response.status, text));
    try {
      var answer = JSON.parse(text);
      if (answer && Array.isArray(answer.actions)) return answer;
    } catch (e) { /* fall through */ }
    throw new UserError(MESSAGES.badAnswer);
  }

  // ------------------------------------------------------------ the answer

  function where(a) {
    return { sheet: a.sheet_position, row: a.start_row, col: a.start_column, rows: a.row_count, cols: a.column_count };
  }

  // xlwings action -> a call on the adapter's writer. The writer's methods take 0-based
  // positions: setValues(sheet, row, col, values), setColor(sheet, row, col, rows, cols, hex),
  // clearContents(sheet, row, col, rows, cols), insert(sheet, row, col, rows, cols, "down"|"right"),
  // activate(sheet). Alerts are collected and shown once the workbook is updated.
  var HANDLERS = {
    setValues: function (w, a) {
      var p = where(a);
      return w.setValues(p.sheet, p.row, p.col, a.values);
    },
    setRangeColor: function (w, a) {
      var p = where(a);
      if (a.args[0] == null) throw new UserError(format(MESSAGES.unknownAction, { func: "setRangeColor(null)" }));
      return w.setColor(p.sheet, p.row, p.col, p.rows, p.cols, String(a.args[0]));
    },
    rangeClearContents: function (w, a) {
      var p = where(a);
      return w.clearContents(p.sheet, p.row, p.col, p.rows, p.cols);
    },
    rangeInsert: function (w, a) {
      var p = where(a);
      return w.insert(p.sheet, p.row, p.col, p.rows, p.cols, a.args[0] === "right" ? "right" : "down");
    },
    activateSheet: function (w, a) {
      return w.activate(parseInt(a.args[0], 10));
    },
    alert: function (w, a, alerts) {
      alerts.push({ text: String(a.args[0]), title: String(a.args[1] || MESSAGES.title), mode: String(a.args[3] || "info") });
    },
  };
  var ACTIONS = Object.keys(HANDLERS).sort();

  async function applyActions(writer, actions) {
    var alerts = [];
    for (var i = 0; i < actions.length; i++) {
      var handler = HANDLERS[actions[i].func];
      if (!handler) throw new UserError(format(MESSAGES.unknownAction, { func: actions[i].func }));
      await handler(writer, actions[i], alerts);
    }
    return alerts;
  }

  // ------------------------------------------------------------ a click

  // host: readBook(exclude) -> book; write(async fn(writer)) (unprotects the sheets around fn);
  // alert(text, title, mode). settings: {server, token, exclude, clientVersion, fetch}.
  async function run(host, script, settings) {
    var book = await host.readBook(settings.exclude || []);
    if (!book) throw new UserError(MESSAGES.noWorkbook);
    var answer = await post(settings, script, buildPayload(book, settings));
    var alerts = [];
    await host.write(async function (writer) {
      alerts = await applyActions(writer, answer.actions);
    });
    for (var i = 0; i < alerts.length; i++) await host.alert(alerts[i].text, alerts[i].title, alerts[i].mode);
    return answer;
  }

  var busy = false;

  // run() for a ribbon button: one click at a time, every failure shown to the clerk in Chinese.
  async function click(host, script, settings) {
    if (busy) {
      await host.alert(MESSAGES.busy, MESSAGES.title, "info");
      return null;
    }
    busy = true;
    try {
      return await run(host, script, settings);
    } catch (e) {
      var text = e instanceof UserError ? e.message : format(MESSAGES.failed, { detail: (e && e.message) || String(e) });
      try { await host.alert(text, MESSAGES.title, "critical"); } catch (ignored) { /* nothing left to tell */ }
      return null;
    } finally {
      busy = false;
    }
  }

  var api = {
    MESSAGES: MESSAGES, ACTIONS: ACTIONS, SCRIPT_PATH: SCRIPT_PATH, UserError: UserError,
    format: format, columnName: columnName, address: address, hexToBgr: hexToBgr, bgrToHex: bgrToHex,
    isDateFormat: isDateFormat, serialToIso: serialToIso, buildPayload: buildPayload, detailOf: detailOf,
    scriptUrl: scriptUrl, post: post, applyActions: applyActions, run: run, click: click,
  };
  root.Gwnb = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
