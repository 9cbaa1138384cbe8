// Overrides xlwings_server/static/js/auth.js: the token the clerk saved in the task pane
// (button 设置, gwnb-taskpane.js) is sent as the Authorization header of every button call.
globalThis.getAuth = async function () {
  let token = "";
  try { token = localStorage.getItem("nianbao-token") || ""; } catch (e) { /* storage disabled */ }
  return { token: token, provider: "" };
};
