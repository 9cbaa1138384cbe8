// Task pane of the add-in: keep the access token in this add-in's local storage.
(function () {
  const KEY = "nianbao-token";
  function init() {
    const input = document.getElementById("gwnb-token");
    const button = document.getElementById("gwnb-save");
    if (!input || !button) return;
    try { input.value = localStorage.getItem(KEY) || ""; } catch (e) { /* ignore */ }
    button.addEventListener("click", function () {
      try {
        localStorage.setItem(KEY, input.value.trim());
        document.getElementById("gwnb-saved").textContent = "已保存。";
      } catch (e) {
        document.getElementById("gwnb-saved").textContent = "无法保存，请联系管理员。";
      }
    });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
