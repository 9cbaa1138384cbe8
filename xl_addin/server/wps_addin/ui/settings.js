// The WPS add-in's 设置 pane: save the access token (gwnb-token.js: a file in the user's profile,
// read by the ribbon page at every click), show where it is and which engine runs the add-in,
// and close the pane (关闭: the pane's id is in PluginStorage, shared by the add-in's pages).
// ES5 on purpose: this pane must work in any WPS engine.
(function () {
  "use strict";
  var SAVED = "已保存。", NOT_SAVED = "无法保存，请联系县级信息化管理员。";

  function init() {
    var app = window.Application, config = window.GWNB_CONFIG || {};
    var input = document.getElementById("gwnb-token");
    var saved = document.getElementById("gwnb-saved");
    document.getElementById("gwnb-server").textContent = config.server || "";
    document.getElementById("gwnb-where").textContent = window.GwnbToken.path(app);
    document.getElementById("gwnb-engine").textContent = String(window.navigator ? window.navigator.userAgent : "");
    input.value = window.GwnbToken.read(app);
    document.getElementById("gwnb-save").addEventListener("click", function () {
      saved.textContent = window.GwnbToken.save(app, input.value) ? SAVED : NOT_SAVED;
    });
    document.getElementById("gwnb-close").addEventListener("click", function () {
      var id = app.PluginStorage.getItem(config.settingsPane);
      if (id) app.GetTaskPane(id).Visible = false;
    });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
