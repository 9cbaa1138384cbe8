// `npm test`: make the fixtures once (make_fixtures.py: real workbooks, nianbao validate --json,
// the add-in files), start one `nianbao serve` on loopback with a token, run every test file with
// Node's test runner against them, stop the server. Exit code: the test runner's.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { makeFixtures, startServer, TOKEN } = require("./support/env.js");

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-js-fixtures-"));
  let server = null;
  let status = 1;
  try {
    const started = Date.now();
    makeFixtures(dir);
    server = await startServer(TOKEN);
    console.log(`fixtures and nianbao serve ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${server.base})`);
    const files = fs.readdirSync(path.join(__dirname, "test")).filter((n) => n.endsWith(".test.js")).sort()
      .map((n) => path.join("test", n));
    const r = spawnSync(process.execPath, ["--test", "--test-concurrency=1", "--test-reporter=spec", ...files], {
      cwd: __dirname, stdio: "inherit",
      env: { ...process.env, GWNB_FIXTURES: dir, GWNB_SERVER: server.base, GWNB_TOKEN: TOKEN },
    });
    status = r.status === null ? 1 : r.status;
  } finally {
    if (server) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = status;
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
