// nianbao: the ribbon callbacks of the WPS add-in, named by ribbon.xml (onLoad, onAction,
// getImage). Which button runs which server script comes from gwnb-config.js (written by the
// server from xl_addin/server/buttons.py), so this file never changes when a button is added.
// The 设置 button opens ui/settings.html in a task pane for the access token (gwnb-token.js).
//
// ES5 on purpose, and every callback returns at once (no async callback: some WPS builds drop a
// ribbon whose callbacks are async). The buttons' work is in gwnb-core.js and gwnb-et.js (ES2017);
// an engine too old to run them leaves Gwnb/GwnbEt undefined, and a click then says so in Chinese
// (GWNB_OLD_ENGINE) with the engine's navigator.userAgent, instead of doing nothing.
var GwnbWps = { last: null };
var GWNB_OLD_ENGINE = "请升级WPS：这台电脑上的WPS版本较旧，“政务公开年报”加载项的程序无法在其中运行。" +
  "请安装单位统一部署的新版WPS；仍不能使用的，请把这段提示告诉县级信息化管理员。\n运行环境：";

function gwnbReady() {
  return typeof window.Gwnb === "object" && typeof window.GwnbEt === "object" && typeof window.GwnbToken === "object";
}

function gwnbBase() {
  var href = String(window.location.href);
  return href.substring(0, href.lastIndexOf("/") + 1);
}

function gwnbSettings() {
  var config = window.GWNB_CONFIG || {};
  return {
    server: config.server,
    token: window.GwnbToken.read(window.Application) || config.token || "",
    exclude: config.exclude || [],
    clientVersion: config.clientVersion || ""
  };
}

function gwnbOpenSettings() {
  var app = window.Application;
  var key = (window.GWNB_CONFIG || {}).settingsPane;
  var id = app.PluginStorage.getItem(key);
  if (id) {
    var existing = app.GetTaskPane(id);
    existing.Visible = !existing.Visible;
    return existing;
  }
  var pane = app.CreateTaskPane(gwnbBase() + "ui/settings.html");
  app.PluginStorage.setItem(key, pane.ID);
  pane.Visible = true;
  return pane;
}

function GwnbOnLoad(ribbonUI) {
  if (typeof window.Application.ribbonUI !== "object") window.Application.ribbonUI = ribbonUI;
  return true;
}

function GwnbOnAction(control) {
  var config = window.GWNB_CONFIG || {};
  var id = control.Id;
  if (id === config.settings) {
    gwnbOpenSettings();
    return true;
  }
  var script = (config.buttons || {})[id];
  if (!script) return true;
  if (!gwnbReady()) {
    window.alert(GWNB_OLD_ENGINE + String(window.navigator ? window.navigator.userAgent : ""));
    return true;
  }
  GwnbWps.last = window.Gwnb.click(new window.GwnbEt.Host(window.Application, window), script, gwnbSettings());
  return true;
}

function GwnbGetImage(control) {
  return "images/nianbao-32.png";
}
