// Overrides xlwings_server/static/js/ribbon.js (loaded by taskpane.html, the <FunctionFile>).
// Binds each <FunctionName> of templates/manifest.xml (gwnb-<script>) to its server script, as
// taskpane.html lists them (<script id="gwnb-buttons" type="application/json">, written from
// xl_addin/server/buttons.py): this file never changes when a button is added. A click runs the shared core
// (gwnb-core.js) through the Office.js adapter (gwnb-officejs.js), both loaded by taskpane.html:
// read the workbook, POST it with the token saved under 设置 (auth.js), apply the answer with the
// sheets unprotected, show the server's message.
function gwnbSettings(token) {
  return {
    server: window.location.origin,           // the add-in is served by the nianbao server itself
    token: token,
    exclude: ["xlwings.conf"],                // the VBA variant's settings sheet is never sent
    clientVersion: "nianbao-officejs",
  };
}

function runScript(scriptName) {
  return async function (event) {
    try {
      await Office.onReady();
      const authResult =
        typeof globalThis.getAuth === "function" ? await globalThis.getAuth() : { token: "", provider: "" };
      await Gwnb.click(new GwnbOffice.Host(window.location.origin), scriptName, gwnbSettings(authResult.token));
    } finally {
      event.completed(); // must always be called for ExecuteFunction buttons
    }
  };
}
// [["gwnb-validate", "validate"], ...]: the page's list of buttons, in the ribbon's order
function gwnbButtons() {
  const list = document.getElementById("gwnb-buttons");
  return list ? JSON.parse(list.textContent) : [];
}

for (const [functionName, scriptName] of gwnbButtons()) {
  Office.actions.associate(functionName, runScript(scriptName));
}
