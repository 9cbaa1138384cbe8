// nianbao: the WPS ET host adapter of the shared core (gwnb-core.js).
//
// ET's object model is VBA's, synchronous, reached from JavaScript as window.Application.
// Only this documented subset is used (docs/server.md lists it; the tests' fake ET refuses
// anything else):
//   Application.ActiveWorkbook, Application.ActiveSheet.Index, Application.Selection.Address()
//   Workbook.Name, Workbook.Worksheets.Count / .Item(i)
//   Worksheet.Name, .UsedRange, .Cells.Item(r, c), .Range(address), .Activate(),
//     .ProtectContents, .ProtectDrawingObjects, .ProtectScenarios, .Protection.Allow*,
//     .Unprotect(), .Protect(...)
//   Range.Row, .Column, .Rows.Count, .Columns.Count, .Value2 (read, write), .Formula (write),
//     .NumberFormat (read), .Text (read), .Interior.Color (write), .ClearContents(), .Insert(shift, origin)
// Values are read as VBA's RunServerPython reads them: A1 to the last cell of the used range,
// dates (a number shown with a date format) as ISO text, error cells as the text they show.
(function (root) {
  "use strict";
  var Gwnb = root.Gwnb || (typeof require === "function" ? require("./gwnb-core.js") : null);

  var XL_SHIFT_DOWN = -4121, XL_SHIFT_TO_RIGHT = -4161, XL_FORMAT_FROM_LEFT_OR_ABOVE = 0;
  // Worksheet.Protect's parameters after Password, DrawingObjects, Contents, Scenarios, UserInterfaceOnly.
  var ALLOW = ["AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns",
    "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns", "AllowDeletingRows",
    "AllowSorting", "AllowFiltering", "AllowUsingPivotTables"];

  function blank(v) {
    return v === undefined || v === null || v === "";
  }

  // ET's Value2 gives an error cell (#DIV/0! …) as its CVErr code, a VARIANT SCODE: 0x800A0000 plus
  // the XlCVError number (et-jsapi-declare lib.et.d.ts), i.e. a negative 32-bit number. Range.Text
  // tells such a cell from a real number that happens to equal a code (it shows its digits); the
  // error is sent as Excel writes it ("#DIV/0!", as Office.js and the VBA client send it), an error
  // ET knows and we do not as the text the cell shows.
  var CVERR_BASE = -2146828288;
  var CVERR = { 2000: "#NULL!", 2007: "#DIV/0!", 2015: "#VALUE!", 2023: "#REF!", 2029: "#NAME?", 2036: "#NUM!",
    2042: "#N/A", 2045: "#SPILL!", 2049: "#FIELD!", 2050: "#CALC!" };

  function errorText(ws, r, c, v) {
    var code = v - CVERR_BASE;
    if (code < 2000 || code > 2100) return v;
    var text = String(ws.Cells.Item(r, c).Text || "").trim();
    if (text.replace(/[^0-9]/g, "") === String(Math.abs(v))) return v;
    return CVERR[code] || (/^#[^#]/.test(text) ? text : v);
  }

  function cellValue(ws, r, c, v) {
    if (v === undefined) v = null;
    if (typeof v !== "number") return v;
    var shown = errorText(ws, r, c, v);
    if (shown !== v) return shown;
    if (Gwnb.isDateFormat(ws.Cells.Item(r, c).NumberFormat)) return Gwnb.serialToIso(v);
    return v;
  }

  // One Range.Value2 read for the block when ET returns rows of values, else cell by cell.
  function readValues(ws) {
    var used = ws.UsedRange;
    var lastRow = used.Row + used.Rows.Count - 1, lastCol = used.Column + used.Columns.Count - 1;
    if (lastRow === 1 && lastCol === 1 && blank(ws.Cells.Item(1, 1).Value2)) return [[]];
    var block = lastRow * lastCol > 1 ? ws.Range(Gwnb.address(0, 0, lastRow, lastCol)).Value2 : null;
    var whole = Array.isArray(block) && block.length === lastRow && Array.isArray(block[0]) && block[0].length === lastCol;
    var rows = [];
    for (var r = 1; r <= lastRow; r++) {
      var row = [];
      for (var c = 1; c <= lastCol; c++) {
        row.push(cellValue(ws, r, c, whole ? block[r - 1][c - 1] : ws.Cells.Item(r, c).Value2));
      }
      rows.push(row);
    }
    return rows;
  }

  // app: window.Application; ui: the window (for alert).
  function Host(app, ui) {
    this.app = app;
    this.ui = ui;
  }

  Host.prototype.readBook = function (exclude) {
    var wb = this.app.ActiveWorkbook;
    if (!wb) return null;
    var sheets = [];
    for (var i = 1; i <= wb.Worksheets.Count; i++) {
      var ws = wb.Worksheets.Item(i);
      var name = String(ws.Name);
      sheets.push({ name: name, values: exclude.indexOf(name) >= 0 ? [[]] : readValues(ws) });
    }
    var active = 0, selection = "A1";
    try { active = this.app.ActiveSheet.Index - 1; } catch (e) { /* a chart sheet is active */ }
    try { selection = String(this.app.Selection.Address(false, false)); } catch (e) { /* not a range */ }
    return { name: String(wb.Name), activeSheetIndex: active, selection: selection, sheets: sheets };
  };

  // The template's sheets are protected without a password: unprotect for the writes, protect
  // again afterwards with the options each sheet had.
  Host.prototype.write = async function (fn) {
    var wb = this.app.ActiveWorkbook;
    var states = [];
    for (var i = 1; i <= wb.Worksheets.Count; i++) {
      var ws = wb.Worksheets.Item(i);
      if (ws.ProtectContents) {
        var p = ws.Protection;
        states.push({ ws: ws, drawing: ws.ProtectDrawingObjects, scenarios: ws.ProtectScenarios,
          allow: ALLOW.map(function (name) { return p[name]; }) });
        ws.Unprotect();
      }
    }
    function sheet(index) { return wb.Worksheets.Item(index + 1); }
    var writer = {
      setValues: function (index, row, col, values) {
        var ws = sheet(index);
        for (var r = 0; r < values.length; r++) {
          for (var c = 0; c < values[r].length; c++) {
            var cell = ws.Cells.Item(row + r + 1, col + c + 1), v = values[r][c];
            if (typeof v === "string" && v.charAt(0) === "=") cell.Formula = v;
            else if (blank(v)) cell.ClearContents();
            else cell.Value2 = v;
          }
        }
      },
      setColor: function (index, row, col, rows, cols, hex) {
        sheet(index).Range(Gwnb.address(row, col, rows, cols)).Interior.Color = Gwnb.hexToBgr(hex);
      },
      clearContents: function (index, row, col, rows, cols) {
        sheet(index).Range(Gwnb.address(row, col, rows, cols)).ClearContents();
      },
      insert: function (index, row, col, rows, cols, shift) {
        sheet(index).Range(Gwnb.address(row, col, rows, cols))
          .Insert(shift === "right" ? XL_SHIFT_TO_RIGHT : XL_SHIFT_DOWN, XL_FORMAT_FROM_LEFT_OR_ABOVE);
      },
      activate: function (index) { sheet(index).Activate(); },
    };
    try {
      await fn(writer);
    } finally {
      states.forEach(function (st) {
        st.ws.Protect.apply(st.ws, ["", st.drawing, true, st.scenarios, false].concat(st.allow));
      });
    }
  };

  // ET shows the page's alert() as a message box; its title is the add-in's.
  Host.prototype.alert = function (text) {
    this.ui.alert(text);
  };

  var api = { Host: Host, ALLOW: ALLOW, CVERR_BASE: CVERR_BASE, CVERR: CVERR };
  root.GwnbEt = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
