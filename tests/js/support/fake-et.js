// A fake WPS ET `Application` over a workbook model (model.js), written after the ET object
// model (VBA's, synchronous, 1-based) and Kingsoft's add-in root (et-jsapi-declare index.d.ts:
// Env, FileSystem, PluginStorage, task panes). It answers only the members docs/server.md lists
// as the subset the add-in uses, records each one used ("Range.Value2") and throws on any other,
// so a test fails when the add-in reaches for something that is not documented there.
//
// As ET does, Value2 gives an error cell as its CVErr code (0x800A0000 + XlCVError, a negative
// 32-bit number) and Text gives what the cell shows ("#DIV/0!"). FileSystem works on a `Disk`
// that outlives the fake: a new FakeEt on the same disk is WPS after a restart.
"use strict";

const { parseAddress, cellName } = require("./model.js");

const XL_SHIFT_DOWN = -4121;
const XL_SHIFT_TO_RIGHT = -4161;
const ALLOW = ["AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns",
  "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns", "AllowDeletingRows",
  "AllowSorting", "AllowFiltering", "AllowUsingPivotTables"];

const CVERR_BASE = -2146828288;
const CVERR = { "#NULL!": 2000, "#DIV/0!": 2007, "#VALUE!": 2015, "#REF!": 2023, "#NAME?": 2029, "#NUM!": 2036,
  "#N/A": 2042, "#SPILL!": 2045, "#FIELD!": 2049, "#CALC!": 2050 };

// The files and folders of one PC's user profile, as WPS's FileSystem sees them.
class Disk {
  constructor(folders = []) {
    this.folders = new Set(folders);
    this.files = new Map();
  }

  parent(path) {
    return path.replace(/[\\/][^\\/]*$/, "");
  }
}

function bgr(hex) {
  const h = hex.replace(/^#/, "");
  return parseInt(h.substr(0, 2), 16) + parseInt(h.substr(2, 2), 16) * 256 + parseInt(h.substr(4, 2), 16) * 65536;
}

function hexOf(n) {
  const parts = [n % 256, Math.floor(n / 256) % 256, Math.floor(n / 65536) % 256];
  return parts.map((x) => x.toString(16).toUpperCase().padStart(2, "0")).join("");
}

class FakeEt {
  // options.bulkValue2: whether Range.Value2 of a block returns its rows (else only cell by cell);
  // options.disk: the user's files (a Disk, kept across "restarts"); options.env: what Env's
  // GetAppDataPath and GetHomePath answer (WPS on Windows gives %APPDATA%).
  constructor(book, options = {}) {
    this.book = book;
    this.bulk = options.bulkValue2 !== false;
    this.env = options.env || { appData: "C:\\Users\\clerk\\AppData\\Roaming", home: "C:\\Users\\clerk" };
    this.disk = options.disk || new Disk([this.env.appData, this.env.home].filter(Boolean));
    this.used = new Set();
    this.panes = new Map();
    this.paneUrls = new Map();
    this.storage = new Map();
    this.Application = this._application();
  }

  _object(type, members) {
    const used = this.used;
    return new Proxy(members, {
      get(target, prop) {
        if (typeof prop === "symbol" || prop === "then" || prop === "toJSON") return undefined;
        if (!(prop in target)) throw new Error(`ET member not in the documented subset: ${type}.${prop}`);
        used.add(`${type}.${prop}`);
        return target[prop];
      },
      set(target, prop, value) {
        if (!(prop in target)) throw new Error(`ET member not in the documented subset: ${type}.${prop}`);
        used.add(`${type}.${prop}`);
        target[prop] = value;
        return true;
      },
    });
  }

  _application() {
    const et = this;
    const storage = this._object("PluginStorage", {
      getItem: (k) => (et.storage.has(k) ? et.storage.get(k) : null),
      setItem: (k, v) => { et.storage.set(k, v); },
    });
    const disk = this.disk;
    const env = this._object("Env", { GetAppDataPath: () => et.env.appData, GetHomePath: () => et.env.home });
    const fs = this._object("FileSystem", {
      Exists: (path) => disk.folders.has(path) || disk.files.has(path),
      Mkdir: (path) => {
        if (!disk.folders.has(disk.parent(path))) throw new Error("Mkdir: no folder " + disk.parent(path));
        disk.folders.add(path);
      },
      ReadFile: (path) => {
        if (!disk.files.has(path)) throw new Error("ReadFile: no file " + path);
        return disk.files.get(path);
      },
      WriteFile: (path, data) => {
        if (!disk.folders.has(disk.parent(path))) return false;
        disk.files.set(path, String(data));
        return true;
      },
    });
    return this._object("Application", {
      get ActiveWorkbook() { return et.closed ? null : et._workbook(); },
      get ActiveSheet() { return et._worksheet(et.book.active); },
      get Selection() { return et._range(et.book.active, 1, 1, 1, 1); },
      PluginStorage: storage,
      Env: env,
      FileSystem: fs,
      CreateTaskPane: (url) => {
        const id = "pane" + (et.panes.size + 1);
        const pane = et._object("TaskPane", { ID: id, Visible: false });
        et.panes.set(id, pane);
        et.paneUrls.set(id, url);
        return pane;
      },
      GetTaskPane: (id) => et.panes.get(id),
      ribbonUI: undefined,
    });
  }

  _workbook() {
    const et = this;
    const sheets = this._object("Worksheets", {
      get Count() { return et.book.sheets.length; },
      Item: (i) => {
        const index = typeof i === "number" ? i - 1 : et.book.sheets.findIndex((s) => s.name === i);
        if (index < 0 || index >= et.book.sheets.length) throw new Error("no sheet " + i);
        return et._worksheet(index);
      },
    });
    return this._object("Workbook", { Name: et.book.name, Worksheets: sheets });
  }

  _worksheet(index) {
    const et = this, sheet = this.book.sheets[index];
    const protection = {};
    for (const name of ALLOW) Object.defineProperty(protection, name, { get: () => sheet.protection[name], enumerable: true });
    return this._object("Worksheet", {
      Name: sheet.name,
      Index: index + 1,
      get UsedRange() {
        const box = sheet.extent(false) || [1, 1, 1, 1];
        return et._range(index, box[0], box[1], box[2], box[3]);
      },
      Cells: this._object("Cells", { Item: (r, c) => et._range(index, r, c, r, c) }),
      Range: (address) => {
        const [r1, c1, r2, c2] = parseAddress(address);
        return et._range(index, r1, c1, r2, c2);
      },
      Activate: () => { et.book.active = index; },
      get ProtectContents() { return sheet.protected; },
      get ProtectDrawingObjects() { return sheet.drawing; },
      get ProtectScenarios() { return sheet.scenarios; },
      Protection: this._object("Protection", protection),
      Unprotect: (password) => {
        if (password) throw new Error("the template has no password");
        sheet.protected = false;
      },
      Protect: (...args) => {
        if (args[0]) throw new Error("the template has no password");
        if (args[2] !== true) throw new Error("Protect without Contents=True");
        sheet.protected = true;
        sheet.drawing = Boolean(args[1]);
        sheet.scenarios = Boolean(args[3]);
        ALLOW.forEach((name, i) => { sheet.protection[name] = Boolean(args[5 + i]); });
      },
    });
  }

  _range(index, r1, c1, r2, c2) {
    const et = this, sheet = this.book.sheets[index];
    const single = r1 === r2 && c1 === c2;
    const each = (fn) => {
      for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) fn(r, c);
    };
    const out = (cell) => {
      if (cell.error) return CVERR_BASE + CVERR[cell.value];
      return cell.value === null ? undefined : cell.value;
    };
    return this._object("Range", {
      Row: r1,
      Column: c1,
      Rows: this._object("Rows", { Count: r2 - r1 + 1 }),
      Columns: this._object("Columns", { Count: c2 - c1 + 1 }),
      get Value2() {
        if (single) return out(sheet.get(r1, c1));
        if (!et.bulk) return undefined;
        const rows = [];
        for (let r = r1; r <= r2; r++) {
          const row = [];
          for (let c = c1; c <= c2; c++) row.push(out(sheet.get(r, c)));
          rows.push(row);
        }
        return rows;
      },
      set Value2(v) {
        if (!single) throw new Error("the fake sets Value2 of one cell at a time");
        sheet.setValue(r1, c1, v);
      },
      get Formula() { return sheet.get(r1, c1).formula || out(sheet.get(r1, c1).value); },
      set Formula(v) {
        if (!single) throw new Error("the fake sets Formula of one cell at a time");
        sheet.setValue(r1, c1, v);
      },
      get NumberFormat() { return sheet.get(r1, c1).format; },
      get Text() {
        if (!single) throw new Error("the fake reads Text of one cell at a time");
        const v = sheet.get(r1, c1).value;
        return v === null ? "" : String(v);
      },
      Interior: this._object("Interior", {
        get Color() { const f = sheet.get(r1, c1).fill; return f ? bgr(f) : 16777215; },
        set Color(n) { each((r, c) => sheet.setFill(r, c, hexOf(n))); },
      }),
      ClearContents: () => each((r, c) => sheet.clear(r, c)),
      Insert: (shift, origin) => {
        if (shift !== XL_SHIFT_DOWN && shift !== XL_SHIFT_TO_RIGHT) throw new Error("unknown shift " + shift);
        if (origin !== 0) throw new Error("unexpected CopyOrigin " + origin);
        sheet.insert(r1, c1, r2 - r1 + 1, c2 - c1 + 1, shift === XL_SHIFT_DOWN ? "down" : "right");
      },
      Address: (rowAbsolute, columnAbsolute) => {
        const a = cellName(r1, c1) + (single ? "" : ":" + cellName(r2, c2));
        return rowAbsolute === false && columnAbsolute === false ? a : a.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2");
      },
    });
  }
}

module.exports = { FakeEt, Disk, ALLOW, CVERR_BASE, CVERR };
