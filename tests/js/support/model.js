// The workbook behind the fake ET and the fake Office.js Excel: the cells of a real workbook
// (tests/js/support/make_fixtures.py; an error cell holds the text it shows and error: true),
// with what a spreadsheet program does on the few writes
// the add-ins make: values, formulas (=HYPERLINK shows its friendly name), fills, clearing,
// inserting cells (shift down, formats from above) and sheet protection (a write to a protected
// sheet fails, as in Excel and WPS).
"use strict";

class ProtectedError extends Error {}

function key(r, c) {
  return r + "," + c;
}

// =HYPERLINK("target","text") -> "text"; any other formula has no computed value here.
function formulaValue(formula) {
  const m = /^=HYPERLINK\("((?:[^"]|"")*)","((?:[^"]|"")*)"\)$/.exec(formula);
  return m ? m[2].replace(/""/g, '"') : null;
}

class Sheet {
  constructor(json, book) {
    this.book = book;
    this.name = json.name;
    this.protected = json.protected;
    this.protection = Object.assign({}, json.protection);
    this.drawing = json.drawing;
    this.scenarios = json.scenarios;
    this.columns = new Map(Object.entries(json.columns || {}).map(([c, v]) => [Number(c), v]));
    this.cells = new Map();
    for (const [r, c, value, formula, format, fill, error] of json.cells) {
      this.cells.set(key(r, c), { value, formula, format, fill, error: Boolean(error) });
    }
  }

  // An empty cell shows its column's style (the template styles whole input columns).
  blank(c) {
    const [fill, format] = this.columns.get(c) || [null, "General"];
    return { value: null, formula: null, format, fill, error: false };
  }

  get(r, c) {
    return this.cells.get(key(r, c)) || this.blank(c);
  }

  _cell(r, c) {
    if (this.protected) throw new ProtectedError(`工作表“${this.name}”受保护，不能修改（${r},${c}）`);
    let cell = this.cells.get(key(r, c));
    if (!cell) {
      cell = this.blank(c);
      this.cells.set(key(r, c), cell);
    }
    return cell;
  }

  setValue(r, c, v) {
    const cell = this._cell(r, c);
    this.book.log.push(["value", this.name, r, c]);
    cell.error = false;
    if (typeof v === "string" && v.charAt(0) === "'") {
      cell.formula = null; // as typed: a leading apostrophe makes the rest text and is not shown
      cell.value = v.slice(1);
    } else if (typeof v === "string" && v.charAt(0) === "=") {
      cell.formula = v;
      cell.value = formulaValue(v);
    } else {
      cell.formula = null;
      cell.value = v === "" || v === undefined ? null : v;
    }
  }

  setFill(r, c, hex) {
    this._cell(r, c).fill = hex === null ? null : hex.replace(/^#/, "").toUpperCase();
  }

  clear(r, c) {
    const cell = this._cell(r, c);
    cell.value = null;
    cell.formula = null;
    cell.error = false;
  }

  // Insert rows x cols cells at (r, c), shifting what is below down (or right): as Range.Insert.
  insert(r, c, rows, cols, shift) {
    if (this.protected) throw new ProtectedError(`工作表“${this.name}”受保护，不能插入单元格`);
    const moved = new Map();
    for (const [k, cell] of this.cells) {
      const [cr, cc] = k.split(",").map(Number);
      let nr = cr, nc = cc;
      if (shift === "down" && cc >= c && cc < c + cols && cr >= r) nr = cr + rows;
      if (shift === "right" && cr >= r && cr < r + rows && cc >= c) nc = cc + cols;
      moved.set(key(nr, nc), cell);
    }
    this.cells = moved;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const from = shift === "down" ? this.get(r - 1, c + j) : this.get(r + i, c - 1);
        this.cells.set(key(r + i, c + j), { value: null, formula: null, format: from.format, fill: from.fill, error: false });
      }
    }
  }

  // [first row, first col, last row, last col] of the cells holding anything (or only values).
  extent(valuesOnly) {
    let box = null;
    for (const [k, cell] of this.cells) {
      if (valuesOnly ? cell.value === null && cell.formula === null : false) continue;
      const [r, c] = k.split(",").map(Number);
      box = box ? [Math.min(box[0], r), Math.min(box[1], c), Math.max(box[2], r), Math.max(box[3], c)] : [r, c, r, c];
    }
    return box;
  }
}

class Book {
  constructor(json) {
    this.name = json.name;
    this.log = [];
    this.sheets = json.sheets.map((s) => new Sheet(s, this));
    this.active = json.active;
  }

  sheet(name) {
    return this.sheets.find((s) => s.name === name);
  }

  // Every cell whose fill differs from its column's: "sheet!row,col" -> hex (or null: no fill).
  fills() {
    const out = {};
    for (const s of this.sheets) {
      for (const [k, cell] of s.cells) {
        const c = Number(k.split(",")[1]);
        if (cell.fill !== s.blank(c).fill) out[s.name + "!" + k] = cell.fill;
      }
    }
    return out;
  }
}

function columnNumber(letters) {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

// "E29" or "$E$29:K30" -> [row, col, lastRow, lastCol] (1-based)
function parseAddress(address) {
  const parts = String(address).replace(/\$/g, "").split("!").pop().split(":");
  const one = (p) => {
    const m = /^([A-Z]+)(\d+)$/.exec(p);
    if (!m) throw new Error("bad address " + address);
    return [Number(m[2]), columnNumber(m[1])];
  };
  const [r1, c1] = one(parts[0]);
  const [r2, c2] = parts.length > 1 ? one(parts[1]) : [r1, c1];
  return [r1, c1, r2, c2];
}

function cellName(r, c) {
  let s = "";
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s + r;
}

module.exports = { Book, Sheet, ProtectedError, parseAddress, cellName, formulaValue };
