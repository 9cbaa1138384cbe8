// The web page of nianbao serve: upload a workbook, show the findings, offer the downloads.
// Plain JavaScript, no libraries, nothing loaded from the internet.
"use strict";

const TOKEN_KEY = "nianbao-token";

function $(id) { return document.getElementById(id); }

function showError(text) {
  const box = $("error");
  box.textContent = text;
  box.hidden = !text;
}

function cell(tr, text, cls) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : String(text);
  if (cls) td.className = cls;
  tr.appendChild(td);
  return td;
}

function render(result) {
  $("result").hidden = false;
  const summary = $("summary");
  summary.textContent = result.summary;
  summary.className = "summary " + (result.errors ? "fail" : "pass");
  const table = $("findings");
  const body = table.querySelector("tbody");
  body.replaceChildren();
  result.findings.forEach(function (f, i) {
    const tr = document.createElement("tr");
    tr.className = "sev-" + f.severity;
    tr.dataset.cell = f.cell || "";
    tr.dataset.rule = f.rule;
    cell(tr, i + 1, "num");
    cell(tr, f.severity_cn, "severity");
    cell(tr, f.cell || f.path, "cell");
    cell(tr, f.rule, "rule");
    cell(tr, f.message, "message");
    body.appendChild(tr);
  });
  table.hidden = result.findings.length === 0;
  $("advice").textContent = result.advice || "";
  const links = result.downloads || {};
  let any = false;
  ["xlsx", "docx", "html"].forEach(function (kind) {
    const a = $("dl-" + kind);
    if (links[kind]) {
      a.href = links[kind].url;
      a.setAttribute("download", links[kind].name);
      a.parentElement.hidden = false;
      any = true;
    } else {
      a.parentElement.hidden = true;
    }
  });
  $("retention").textContent = result.retention || "";
  $("downloads").hidden = !any;
}

async function submit(event) {
  event.preventDefault();
  showError("");
  const input = $("file");
  if (!input.files.length) {
    showError("请先选择要检查的年报工作簿。");
    return;
  }
  const headers = {};
  const token = $("token").value.trim();
  if (token) {
    headers["Authorization"] = token;
    try { localStorage.setItem(TOKEN_KEY, token); } catch (e) { /* private mode */ }
  }
  const data = new FormData();
  data.append("workbook", input.files[0]);
  $("submit").disabled = true;
  $("status").textContent = "正在检查，请稍候……";
  $("result").hidden = true;
  $("downloads").hidden = true;
  try {
    const response = await fetch("api/check", { method: "POST", body: data, headers: headers });
    let payload = null;
    try { payload = await response.json(); } catch (e) { payload = null; }
    if (!response.ok) {
      if (response.status === 401) $("token-row").hidden = false;
      showError((payload && payload.detail) || ("服务器返回错误（" + response.status + "），请稍后重试。"));
      $("status").textContent = "";
      return;
    }
    $("status").textContent = "检查完成。";
    render(payload);
  } catch (e) {
    showError("无法连接服务器，请检查网络后重试。");
    $("status").textContent = "";
  } finally {
    $("submit").disabled = false;
  }
}

async function init() {
  try { $("token").value = localStorage.getItem(TOKEN_KEY) || ""; } catch (e) { /* ignore */ }
  $("upload-form").addEventListener("submit", submit);
  try {
    const info = await (await fetch("api/info")).json();
    $("max-mb").textContent = info.max_upload_mb;
    $("token-row").hidden = !info.token_required;
  } catch (e) { /* the defaults in the page stay */ }
}

document.addEventListener("DOMContentLoaded", init);

// Show the chosen file's name beside our own (Chinese) file button.
document.getElementById("file").addEventListener("change", (event) => {
  const files = event.target.files;
  document.getElementById("file-name").textContent = files.length ? files[0].name : "尚未选择文件";
});
