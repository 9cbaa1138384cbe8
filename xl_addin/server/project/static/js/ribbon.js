// Overrides xlwings_server/static/js/ribbon.js (loaded by taskpane.html, the <FunctionFile>).
// Binds each <FunctionName> of templates/manifest.xml (gwnb-<script>, from
// xl_addin/server/buttons.py) to the server script of that name.
//
// The template's sheets are protected without a password; the server's answer colours cells
// and writes 校验结果, which a protected sheet refuses. So the sheets are unprotected for the
// call and protected again afterwards with the same options.
async function withUnprotectedSheets(run) {
  const states = [];
  await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    sheets.items.forEach((s) => s.protection.load("protected, options"));
    await context.sync();
    sheets.items.forEach((s) => {
      if (s.protection.protected) {
        states.push({ name: s.name, options: s.protection.options });
        s.protection.unprotect();
      }
    });
    await context.sync();
  });
  try {
    await run();
  } finally {
    await Excel.run(async (context) => {
      states.forEach((st) => context.workbook.worksheets.getItem(st.name).protection.protect(st.options));
      await context.sync();
    });
  }
}

function runScript(scriptName) {
  return async function (event) {
    const authResult =
      typeof globalThis.getAuth === "function" ? await globalThis.getAuth() : { token: "", provider: "" };
    try {
      await withUnprotectedSheets(() =>
        xlwings.runPython({
          scriptName: scriptName,
          auth: authResult.token, // sent as the Authorization header
          headers: { "Auth-Provider": authResult.provider },
        }),
      );
    } finally {
      event.completed(); // must always be called for ExecuteFunction buttons
    }
  };
}
Office.actions.associate("gwnb-validate", runScript("validate"));
Office.actions.associate("gwnb-clear-marks", runScript("clear_marks"));
Office.actions.associate("gwnb-generate-report", runScript("generate_report"));
Office.actions.associate("gwnb-generate-description", runScript("generate_description"));
