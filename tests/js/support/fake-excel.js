// A fake Office.js (`Excel`, `Office`) over a workbook model (model.js), written after the
// documented Excel JavaScript API's request-context rules: property writes and method calls are
// queued and run at `context.sync()`, in order; a property can be read only after `load()` and a
// `sync()` (else it throws PropertyNotLoaded, as Office.js does); a write to a protected sheet
// makes the sync fail. office-addin-mock was considered: it mocks property bags, not a grid with
// getRangeByIndexes / insert / protection semantics, so it could not hold a real workbook.
"use strict";

const { parseAddress, cellName } = require("./model.js");

const OPTIONS = { allowFormatCells: "AllowFormattingCells", allowFormatColumns: "AllowFormattingColumns",
  allowFormatRows: "AllowFormattingRows", allowInsertColumns: "AllowInsertingColumns",
  allowInsertRows: "AllowInsertingRows", allowInsertHyperlinks: "AllowInsertingHyperlinks",
  allowDeleteColumns: "AllowDeletingColumns", allowDeleteRows: "AllowDeletingRows", allowSort: "AllowSorting",
  allowAutoFilter: "AllowFiltering", allowPivotTables: "AllowUsingPivotTables" };

class ClientObject {
  constructor(context, props) {
    this._context = context;
    this._props = props;            // name -> () => value, read at sync
    this._loaded = {};
  }

  load(spec) {
    const names = String(spec).split(",").map((s) => s.trim()).filter(Boolean);
    this._context._queue.push(() => {
      for (const name of names) {
        const [head] = name.split("/");
        if (!(head in this._props)) throw new Error(`InvalidArgument: unknown property ${head}`);
        this._loaded[head] = this._props[head]();
      }
    });
    return this;
  }

  _get(name) {
    if (!(name in this._loaded)) {
      throw new Error(`PropertyNotLoaded: The property '${name}' is not available. Before reading the property's ` +
        "value, call the load method on the containing object and call \"context.sync()\" on the associated request context.");
    }
    return this._loaded[name];
  }
}

class Range extends ClientObject {
  constructor(context, sheet, box) {
    super(context, {
      values: () => this._grid((c) => (c.value === null ? "" : c.value)),
      formulas: () => this._grid((c) => c.formula || (c.value === null ? "" : c.value)),
      numberFormat: () => this._grid((c) => c.format),
      address: () => `${sheet.name}!${cellName(box[0], box[1])}` +
        (box[0] === box[2] && box[1] === box[3] ? "" : `:${cellName(box[2], box[3])}`),
    });
    this._sheet = sheet;
    this._box = box;
    const range = this;
    this.format = { fill: {} };
    Object.defineProperty(this.format.fill, "color", {
      get() { throw new Error("PropertyNotLoaded: format/fill/color"); },
      set(hex) { context._queue.push(() => range._each((r, c) => sheet.setFill(r, c, hex))); },
    });
  }

  get values() { return this._get("values"); }
  set values(v) { this._write(v); }
  get formulas() { return this._get("formulas"); }
  set formulas(v) { this._write(v); }
  get numberFormat() { return this._get("numberFormat"); }
  get address() { return this._get("address"); }
  get isNullObject() { return false; }

  _grid(fn) {
    const rows = [];
    for (let r = this._box[0]; r <= this._box[2]; r++) {
      const row = [];
      for (let c = this._box[1]; c <= this._box[3]; c++) row.push(fn(this._sheet.get(r, c)));
      rows.push(row);
    }
    return rows;
  }

  _each(fn) {
    for (let r = this._box[0]; r <= this._box[2]; r++) for (let c = this._box[1]; c <= this._box[3]; c++) fn(r, c);
  }

  _write(values) {
    const [r0, c0] = this._box;
    if (values.length !== this._box[2] - r0 + 1 || values[0].length !== this._box[3] - c0 + 1) {
      throw new Error("InvalidArgument: the number of rows or columns does not match the range");
    }
    this._context._queue.push(() => values.forEach((row, i) => row.forEach((v, j) => this._sheet.setValue(r0 + i, c0 + j, v))));
  }

  clear(applyTo) {
    if (applyTo !== "Contents") throw new Error("the add-in only clears contents");
    this._context._queue.push(() => this._each((r, c) => this._sheet.clear(r, c)));
  }

  insert(shift) {
    const [r1, c1, r2, c2] = this._box;
    this._context._queue.push(() => this._sheet.insert(r1, c1, r2 - r1 + 1, c2 - c1 + 1, shift === "Down" ? "down" : "right"));
  }
}

class NullRange extends ClientObject {
  constructor(context) {
    super(context, { address: () => null });
  }

  get isNullObject() { return true; }
  get address() { return this._get("address"); }
}

class Protection extends ClientObject {
  constructor(context, sheet) {
    super(context, {
      protected: () => sheet.protected,
      options: () => Object.fromEntries(Object.entries(OPTIONS).map(([o, a]) => [o, sheet.protection[a]])),
    });
    this._sheet = sheet;
  }

  get protected() { return this._get("protected"); }
  get options() { return this._get("options"); }

  protect(options) {
    this._context._queue.push(() => {
      if (this._sheet.protected) throw new Error("InvalidOperation: the sheet is already protected");
      this._sheet.protected = true;
      for (const [o, a] of Object.entries(OPTIONS)) this._sheet.protection[a] = Boolean(options && options[o]);
    });
  }

  unprotect() {
    this._context._queue.push(() => { this._sheet.protected = false; });
  }
}

class Worksheet extends ClientObject {
  constructor(context, book, index) {
    const sheet = book.sheets[index];
    super(context, { name: () => sheet.name, position: () => index });
    this._book = book;
    this._index = index;
    this._sheet = sheet;
    this.protection = new Protection(context, sheet);
  }

  get name() { return this._get("name"); }
  get position() { return this._get("position"); }

  getUsedRangeOrNullObject(valuesOnly) {
    const box = this._sheet.extent(Boolean(valuesOnly));
    return box ? new Range(this._context, this._sheet, box) : new NullRange(this._context);
  }

  getRange(address) {
    return new Range(this._context, this._sheet, parseAddress(address));
  }

  getRangeByIndexes(row, col, rows, cols) {
    return new Range(this._context, this._sheet, [row + 1, col + 1, row + rows, col + cols]);
  }

  activate() {
    this._context._queue.push(() => { this._book.active = this._index; });
  }
}

class Worksheets extends ClientObject {
  constructor(context, book) {
    super(context, { items: () => book.sheets.map((s, i) => new Worksheet(context, book, i)) });
    this._book = book;
  }

  get items() {
    const items = this._get("items");
    items.forEach((w) => { w._loaded.name = w._sheet.name; });   // "items/name"
    return items;
  }

  getActiveWorksheet() {
    return new Worksheet(this._context, this._book, this._book.active);
  }
}

class RequestContext {
  constructor(book) {
    this._queue = [];
    this.syncs = 0;
    const context = this;
    const workbook = new ClientObject(this, { name: () => book.name });
    Object.defineProperty(workbook, "name", { get() { return workbook._get("name"); } });
    workbook.worksheets = new Worksheets(this, book);
    workbook.getSelectedRange = () => {
      const r = new Range(context, book.sheets[book.active], [1, 1, 1, 1]);
      return r;
    };
    this.workbook = workbook;
  }

  async sync() {
    this.syncs += 1;
    const queue = this._queue;
    this._queue = [];
    for (const op of queue) op();
  }
}

// The globals an add-in page sees: Excel and Office, over `book`.
function officeGlobals(book) {
  const associated = new Map();
  const dialogs = [];
  const contexts = [];
  const Excel = {
    run: async (batch) => {
      const context = new RequestContext(book);
      contexts.push(context);
      const result = await batch(context);
      await context.sync();
      return result;
    },
    InsertShiftDirection: { down: "Down", right: "Right" },
    ClearApplyTo: { contents: "Contents", formats: "Formats", all: "All" },
  };
  const Office = {
    onReady: async () => ({ host: "Excel", platform: "PC" }),
    actions: { associate: (name, fn) => associated.set(name, fn) },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    EventType: { DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" },
    context: {
      ui: {
        displayDialogAsync: (url, options, callback) => {
          const handlers = {};
          const dialog = { url, options, closed: false, addEventHandler: (t, fn) => { handlers[t] = fn; },
            close: () => { dialog.closed = true; }, handlers };
          dialogs.push(dialog);
          callback({ status: "succeeded", value: dialog });
        },
      },
    },
  };
  return { Excel, Office, associated, dialogs, contexts };
}

// The message of a dialog opened on the server's /xlwings/alert page.
function dialogText(dialog) {
  return new URL(dialog.url).searchParams.get("prompt");
}

module.exports = { officeGlobals, dialogText, OPTIONS };
