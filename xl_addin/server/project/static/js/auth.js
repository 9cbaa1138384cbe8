// Overrides xlwings_server/static/js/auth.js: the token the clerk saved in the task pane
// (button 设置) is sent as the Authorization header of every button call.
globalThis.getAuth = async function () {
  let token = "";
  try { token = localStorage.getItem("nianbao-token") || ""; } catch (e) { /* ignore */ }
  return { token: token, provider: "" };
};
