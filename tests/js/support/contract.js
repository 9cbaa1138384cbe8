// What a click left in the workbook, side by side with what `nianbao validate --json` says about
// the same file: the coloured cells (red errors, yellow warnings) and the 校验结果 rows. Sheet
// names, the results sheet's place and the colours come from the fixtures (i.e. the schema).
"use strict";

const { cellName } = require("./model.js");

// "表三!E29" -> "error" | "warning", from the fills the click left (the legend sheet shows the
// colours on purpose and is left out).
function markedCells(book, fixtures) {
  const bySeverity = { [fixtures.marks.error]: "error", [fixtures.marks.warning]: "warning" };
  const out = {};
  for (const sheet of book.sheets) {
    if (sheet.name === fixtures.legendSheet) continue;
    for (const [k, cell] of sheet.cells) {
      if (cell.fill && bySeverity[cell.fill]) {
        const [r, c] = k.split(",").map(Number);
        out[`${sheet.name}!${cellName(r, c)}`] = bySeverity[cell.fill];
      }
    }
  }
  return out;
}

// The marking policy (xl_addin/workbook/marks.py) read from validate --json: each finding's cell, and
// each cell a workbook finding lists (one W-3 for a table), the worst severity per cell.
function expectedMarks(validate) {
  const out = {};
  for (const f of validate.findings) {
    const listed = f.kind === "workbook" ? Object.values(f.operands || {}).map(([, cell]) => cell) : [];
    for (const cell of new Set([f.cell, ...listed].filter((c) => c && c.includes("!")))) {
      out[cell] = f.severity === "error" || out[cell] === "error" ? "error" : "warning";
    }
  }
  return out;
}

// The rows of 校验结果 below its header, the 单元格 column as the link's target and text.
function resultRows(book, fixtures) {
  const { sheet: name, top, left, columns } = fixtures.results;
  const sheet = book.sheet(name);
  const rows = [];
  let last = 0;
  for (const k of sheet.cells.keys()) last = Math.max(last, Number(k.split(",")[0]));
  for (let r = top; r <= last; r++) {
    const row = [];
    for (let j = 0; j < columns; j++) {
      const cell = sheet.get(r, left + j);
      row.push(j === 2 && cell.formula ? { formula: cell.formula, text: cell.value } : cell.value);
    }
    if (row.some((v) => v !== null && v !== "")) rows.push(row);
  }
  return rows;
}

function link(cell) {
  const [sheet, ref] = cell.split("!");
  return { formula: `=HYPERLINK("#'${sheet}'!${ref}","${cell}")`, text: cell };
}

function expectedRows(validate, fixtures) {
  return validate.findings.map((f) => [fixtures.severity[f.severity], f.rule, f.cell ? link(f.cell) : null, f.path,
    f.message, null]);
}

function protectionOf(book) {
  return book.sheets.map((s) => ({ name: s.name, protected: s.protected, drawing: s.drawing, scenarios: s.scenarios,
    protection: { ...s.protection } }));
}

function counts(validate) {
  const errors = validate.findings.filter((f) => f.severity === "error").length;
  return { errors, warnings: validate.findings.length - errors };
}

module.exports = { markedCells, expectedMarks, resultRows, expectedRows, protectionOf, counts, link };
