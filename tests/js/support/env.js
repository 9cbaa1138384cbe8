// The test environment: the fixtures (make_fixtures.py) and a real `nianbao serve` on loopback.
// run.js makes both once and hands them to every test file through GWNB_FIXTURES, GWNB_SERVER
// and GWNB_TOKEN; a test file run on its own (node --test test/x.test.js) makes its own.
"use strict";

const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const REPO = path.resolve(__dirname, "..", "..", "..");
const TOKEN = "js-test-token-2024";

function python() {
  if (process.env.NIANBAO_PYTHON) return process.env.NIANBAO_PYTHON;
  const venv = path.join(REPO, ".venv", "bin", "python");
  return fs.existsSync(venv) ? venv : "python3";
}

function makeFixtures(dir) {
  const r = spawnSync(python(), [path.join(__dirname, "make_fixtures.py"), dir], { cwd: REPO, encoding: "utf-8" });
  if (r.status !== 0) throw new Error("make_fixtures.py failed:\n" + r.stderr + r.stdout);
  return dir;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = srv.address().port;
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(token) {
  const port = await freePort();
  const store = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-js-store-"));
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(NIANBAO_|XLWINGS_)/.test(k)) env[k] = v;
  Object.assign(env, { NIANBAO_STORE_DIR: store, NIANBAO_TOKEN: token, PYTHONUNBUFFERED: "1" });
  const child = spawn(python(), ["-m", "xl_addin", "serve", "--host", "127.0.0.1", "--port", String(port)],
    { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => { log += d; });
  child.stderr.on("data", (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) throw new Error("nianbao serve exited early:\n" + log);
    try {
      const r = await fetch(base + "/healthz");
      if (r.ok) break;
    } catch (e) { /* not up yet */ }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error("nianbao serve did not come up:\n" + log);
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  return {
    base,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      child.once("exit", () => { fs.rmSync(store, { recursive: true, force: true }); resolve(); });
      child.kill("SIGTERM");
    }),
  };
}

function loadFixtures(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, "fixtures.json"), "utf-8"));
}

// {fixtures, server, token, stop}: from run.js's environment, or made here.
async function environment({ server = true } = {}) {
  let dir = process.env.GWNB_FIXTURES;
  let cleanup = () => {};
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-js-fixtures-"));
    makeFixtures(dir);
    cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const result = { fixtures: loadFixtures(dir), dir, token: process.env.GWNB_TOKEN || TOKEN, server: null };
  let stopServer = async () => {};
  if (server) {
    if (process.env.GWNB_SERVER) {
      result.server = process.env.GWNB_SERVER;
    } else {
      const s = await startServer(result.token);
      result.server = s.base;
      stopServer = s.stop;
    }
  }
  result.stop = async () => { await stopServer(); cleanup(); };
  return result;
}

module.exports = { REPO, TOKEN, python, makeFixtures, startServer, environment };
