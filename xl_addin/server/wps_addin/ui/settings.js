// The WPS add-in's settings pane (button 设置): keep the access token in this PC's local
// storage (shared with the add-in's hidden page, which sends it with every button call).
(function () {
  "use strict";
  var KEY = "nianbao-token";
  function init() {
    var config = window.GWNB_CONFIG || {};
    var input = document.getElementById("gwnb-token");
    var button = document.getElementById("gwnb-save");
    var saved = document.getElementById("gwnb-saved");
    document.getElementById("gwnb-server").textContent = config.server || "";
    try { input.value = window.localStorage.getItem(KEY) || ""; } catch (e) { /* storage disabled */ }
    button.addEventListener("click", function () {
      try {
        window.localStorage.setItem(KEY, input.value.trim());
        saved.textContent = "已保存。";
      } catch (e) {
        saved.textContent = "无法保存，请联系县级信息化管理员。";
      }
    });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
