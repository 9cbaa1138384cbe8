// nianbao: where the WPS add-in keeps the access token the clerk enters once under 设置.
//
// A file in the user's profile, written and read through WPS's own FileSystem and Env objects
// (Kingsoft's et-jsapi-declare: WPS.AddonRoot.Env / .FileSystem): %APPDATA%\nianbao\wps-token.txt
// on Windows (Env.GetAppDataPath), the same under the folder WPS gives on Linux, or
// ~/.config/nianbao/wps-token.txt when WPS gives none (Env.GetHomePath). It survives a restart of
// WPS and an update of the add-in, and no web page can read it: not localStorage (shared by every
// file:// page of an offline add-in, and not documented by WPS as persistent), nor PluginStorage
// (documented by WPS as not persisted). Anything running as this Windows/Linux user can read the
// file, as with any file in the profile (docs/server.md, 访问口令).
//
// ES5 on purpose, like the ribbon script: it must load in any WPS engine.
(function (root) {
  "use strict";
  var FOLDER = "nianbao", FILE = "wps-token.txt";

  function trimmed(s) {
    return String(s === undefined || s === null ? "" : s).replace(/^\s+|\s+$/g, "");
  }

  function envPath(env, name) {
    try { return trimmed(env[name]()); } catch (e) { return ""; }
  }

  // The separator of the paths WPS gives: "\\" on Windows, "/" elsewhere.
  function join(base, name) {
    return base.replace(/[\\\/]+$/, "") + (base.indexOf("\\") >= 0 ? "\\" : "/") + name;
  }

  // The folder the token lives in, or "" when WPS tells us neither folder.
  function folder(app) {
    var base = envPath(app.Env, "GetAppDataPath");
    if (!base) {
      base = envPath(app.Env, "GetHomePath");
      if (base) base = join(base, ".config");
    }
    return base ? join(base, FOLDER) : "";
  }

  function path(app) {
    var dir = folder(app);
    return dir ? join(dir, FILE) : "";
  }

  // The saved token, or "" (none saved, or the file cannot be read).
  function read(app) {
    var file = path(app);
    if (!file) return "";
    try {
      return app.FileSystem.Exists(file) ? trimmed(app.FileSystem.ReadFile(file)) : "";
    } catch (e) {
      return "";
    }
  }

  // Save (an empty token removes the saved one); true when it was written.
  function save(app, token) {
    var dir = folder(app);
    if (!dir) return false;
    try {
      if (!app.FileSystem.Exists(dir)) app.FileSystem.Mkdir(dir);
      return app.FileSystem.WriteFile(join(dir, FILE), trimmed(token)) !== false;
    } catch (e) {
      return false;
    }
  }

  var api = { path: path, read: read, save: save, FILE: FILE };
  root.GwnbToken = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
