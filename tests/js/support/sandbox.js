// Loading the add-ins' pages into Node: each page's classic scripts, fetched from the real
// server exactly as WPS or Excel would fetch them, run in order in a vm context whose globals
// are the page's (window, location, localStorage, alert or Office/Excel, a tiny document).
"use strict";

const vm = require("node:vm");

function storage(initial = {}) {
  const map = new Map(Object.entries(initial));
  return {
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => { map.set(k, String(v)); },
    removeItem: (k) => { map.delete(k); },
    clear: () => map.clear(),
    _map: map,
  };
}

// Just enough DOM for the settings panes and the pages' data blocks: elements by id, click and
// DOMContentLoaded listeners; load(html) gives each <script id=… type="application/json"> of a page
// its text, as a browser's element.textContent.
function fakeDocument() {
  const elements = new Map();
  const listeners = [];
  const element = (id) => {
    if (!elements.has(id)) {
      const handlers = [];
      elements.set(id, { id, value: "", textContent: "", addEventListener: (t, fn) => handlers.push([t, fn]),
        click() { handlers.filter(([t]) => t === "click").forEach(([, fn]) => fn({ target: this })); } });
    }
    return elements.get(id);
  };
  return {
    load(html) {
      for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        const id = /\bid="([^"]+)"/.exec(m[1]);
        if (id && /type="application\/json"/.test(m[1])) element(id[1]).textContent = m[2];
      }
    },
    getElementById: element,
    addEventListener: (t, fn) => listeners.push([t, fn]),
    querySelector: () => null,
    querySelectorAll: () => [],
    ready: () => listeners.filter(([t]) => t === "DOMContentLoaded").forEach(([, fn]) => fn()),
  };
}

// The <script src> of a page in the order a browser runs them: classic scripts as they come,
// then deferred ones; module scripts are left out (the add-ins' own scripts are classic).
function scriptOrder(html, pageUrl) {
  const now = [], later = [];
  for (const m of html.matchAll(/<script\b([^>]*)>/g)) {
    const attrs = m[1];
    const src = /\bsrc="([^"]+)"/.exec(attrs);
    if (!src || /type="module"/.test(attrs)) continue;
    (/\bdefer\b/.test(attrs) ? later : now).push(new URL(src[1], pageUrl).href);
  }
  return now.concat(later);
}

async function fetchText(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`GET ${url}: ${r.status}`);
  return r.text();
}

// A page: its HTML fetched from pageUrl, the scripts `keep(url)` selects run in a fresh context.
async function loadPage(pageUrl, globals, keep = () => true) {
  const html = await fetchText(pageUrl);
  const context = vm.createContext({
    console, setTimeout, clearTimeout, AbortController, fetch, URL, URLSearchParams, TextEncoder, TextDecoder,
    ...globals,
  });
  context.window = context;
  if (globals.document && typeof globals.document.load === "function") globals.document.load(html);
  const loaded = [];
  for (const url of scriptOrder(html, pageUrl)) {
    if (!keep(url)) continue;
    vm.runInContext(await fetchText(url), context, { filename: url });
    loaded.push(url);
  }
  return { context, html, loaded };
}

// The same from files on disk (an add-in folder as written by nianbao addin-wps).
function loadFiles(paths, globals) {
  const fs = require("node:fs");
  const context = vm.createContext({ console, setTimeout, clearTimeout, AbortController, fetch, URL, ...globals });
  context.window = context;
  for (const p of paths) vm.runInContext(fs.readFileSync(p, "utf-8"), context, { filename: p });
  return context;
}

module.exports = { storage, fakeDocument, scriptOrder, loadPage, loadFiles, fetchText };
