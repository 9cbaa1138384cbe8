// nianbao: the ribbon callbacks of the WPS add-in, named by ribbon.xml (onLoad, onAction,
// getImage). Which button runs which server script comes from gwnb-config.js (written by the
// server from xl_addin/server/buttons.py), so this file never changes when a button is added.
// The 设置 button opens ui/settings.html in a task pane for the access token.
var GwnbWps = { last: null, paneKey: "gwnb_settings_pane" };

function gwnbBase() {
  var href = String(window.location.href);
  return href.substring(0, href.lastIndexOf("/") + 1);
}

function gwnbSettings() {
  var config = window.GWNB_CONFIG || {};
  return {
    server: config.server,
    token: Gwnb.savedToken(window.localStorage, config.token),
    exclude: config.exclude || [],
    clientVersion: config.clientVersion || "",
  };
}

function gwnbOpenSettings() {
  var app = window.Application;
  var id = app.PluginStorage.getItem(GwnbWps.paneKey);
  if (id) {
    var existing = app.GetTaskPane(id);
    existing.Visible = !existing.Visible;
    return existing;
  }
  var pane = app.CreateTaskPane(gwnbBase() + "ui/settings.html");
  app.PluginStorage.setItem(GwnbWps.paneKey, pane.ID);
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
  if (script) {
    GwnbWps.last = Gwnb.click(new GwnbEt.Host(window.Application, window), script, gwnbSettings());
  }
  return true;
}

function GwnbGetImage(control) {
  return "images/nianbao-32.png";
}
