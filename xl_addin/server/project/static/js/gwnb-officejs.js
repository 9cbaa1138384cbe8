// nianbao: the Office.js host adapter of the shared core (gwnb-core.js), for Excel with the
// add-in (Microsoft 365, Excel 2021 and later).
//
// Uses only documented Excel JavaScript API members: Excel.run, workbook.name,
// workbook.worksheets (items, getActiveWorksheet), Worksheet.getUsedRangeOrNullObject(true),
// Worksheet.getRange / getRangeByIndexes, Range.values / numberFormat / formulas / address,
// Range.format.fill.color, Range.clear(contents), Range.insert, Worksheet.activate,
// WorksheetProtection.protected / options / protect / unprotect, workbook.getSelectedRange,
// and Office.context.ui.displayDialogAsync for the message box (the server's /xlwings/alert page).
(function (root) {
  "use strict";
  var Gwnb = root.Gwnb || (typeof require === "function" ? require("./gwnb-core.js") : null);

  function lastCell(address) {
    return String(address).split("!").pop().split(":").pop();
  }

  function dated(values, formats) {
    return values.map(function (row, r) {
      return row.map(function (v, c) {
        return typeof v === "number" && formats && formats[r] && Gwnb.isDateFormat(formats[r][c]) ? Gwnb.serialToIso(v) : v;
      });
    });
  }

  function hasFormula(values) {
    return values.some(function (row) {
      return row.some(function (v) { return typeof v === "string" && v.charAt(0) === "="; });
    });
  }

  // origin: where the server's /xlwings/alert page is (the add-in's own origin).
  function Host(origin) {
    this.origin = origin;
  }

  Host.prototype.readBook = async function (exclude) {
    return Excel.run(async function (context) {
      var workbook = context.workbook;
      workbook.load("name");
      var sheets = workbook.worksheets;
      sheets.load("items/name");
      var active = sheets.getActiveWorksheet();
      active.load("position");
      await context.sync();
      var used = sheets.items.map(function (s) {
        if (exclude.indexOf(s.name) >= 0) return null;
        var u = s.getUsedRangeOrNullObject(true);
        u.load("address");
        return u;
      });
      await context.sync();
      var ranges = sheets.items.map(function (s, i) {
        if (!used[i] || used[i].isNullObject) return null;
        var r = s.getRange("A1:" + lastCell(used[i].address));
        r.load("values, numberFormat");
        return r;
      });
      await context.sync();
      var selection = "A1";
      try {
        var picked = workbook.getSelectedRange();
        picked.load("address");
        await context.sync();
        selection = String(picked.address).split("!").pop();
      } catch (e) { /* a shape is selected: keep A1 */ }
      return {
        name: workbook.name,
        activeSheetIndex: active.position,
        selection: selection,
        sheets: sheets.items.map(function (s, i) {
          return { name: s.name, values: ranges[i] ? dated(ranges[i].values, ranges[i].numberFormat) : [[]] };
        }),
      };
    });
  };

  // The template's sheets are protected without a password and the answer colours cells and
  // writes 校验结果: unprotect for the writes, protect again with the same options afterwards.
  Host.prototype.write = async function (fn) {
    return Excel.run(async function (context) {
      var sheets = context.workbook.worksheets;
      sheets.load("items/name");
      await context.sync();
      sheets.items.forEach(function (s) { s.protection.load("protected, options"); });
      await context.sync();
      var states = [];
      sheets.items.forEach(function (s) {
        if (s.protection.protected) {
          states.push({ sheet: s, options: s.protection.options });
          s.protection.unprotect();
        }
      });
      await context.sync();
      function range(i, row, col, rows, cols) {
        return sheets.items[i].getRangeByIndexes(row, col, rows, cols);
      }
      var writer = {
        setValues: function (i, row, col, values) {
          var r = range(i, row, col, values.length, values[0].length);
          if (hasFormula(values)) r.formulas = values;
          else r.values = values;
        },
        setColor: function (i, row, col, rows, cols, hex) { range(i, row, col, rows, cols).format.fill.color = hex; },
        clearContents: function (i, row, col, rows, cols) { range(i, row, col, rows, cols).clear(Excel.ClearApplyTo.contents); },
        insert: function (i, row, col, rows, cols, shift) {
          range(i, row, col, rows, cols).insert(shift === "right" ? Excel.InsertShiftDirection.right : Excel.InsertShiftDirection.down);
        },
        activate: function (i) { sheets.items[i].activate(); },
      };
      try {
        await fn(writer);
        await context.sync();
      } finally {
        states.forEach(function (st) { st.sheet.protection.protect(st.options); });
        await context.sync();
      }
    });
  };

  // The same message box xlwings' Office.js client opens: the server's /xlwings/alert page in a
  // dialog (Office requires HTTPS for it). Resolves once the dialog is open.
  Host.prototype.alert = function (text, title, mode) {
    var url = this.origin + "/xlwings/alert?prompt=" + encodeURIComponent(text) + "&title=" + encodeURIComponent(title) +
      "&buttons=ok&mode=" + encodeURIComponent(mode) + "&callback=";
    return new Promise(function (resolve) {
      Office.context.ui.displayDialogAsync(url, { height: 40, width: 30, displayInIframe: true }, function (result) {
        if (result.status === Office.AsyncResultStatus.Succeeded) {
          var dialog = result.value;
          dialog.addEventHandler(Office.EventType.DialogMessageReceived, function () { dialog.close(); });
        }
        resolve();
      });
    });
  };

  var api = { Host: Host };
  root.GwnbOffice = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
