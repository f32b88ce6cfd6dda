#include "mock-server/admin/dashboard.h"

namespace vi::admin {

std::string_view DashboardPage() {
  static constexpr std::string_view kPage = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>vi-sandbox dashboard</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1em 2em; color: #222; }
h1 { font-size: 1.3em; } h2 { font-size: 1.05em; margin-top: 1.5em; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
th { background: #f0f0f0; } .muted { color: #777; } #errors { color: #b00; }
button, input { font: inherit; }
</style>
</head>
<body data-ready="0" data-errors="0">
<h1>vi-sandbox</h1>
<p>Clock: <b id="now">…</b> <span id="frozen" class="muted"></span>
  <button id="freeze">freeze</button> <button id="resume">resume</button>
  advance <input id="secs" type="number" value="60" min="0" style="width:6em"> s <button id="advance">advance</button>
  <button id="reset">reset</button></p>
<pre id="errors"></pre>
<h2>Holdings</h2>
<table id="holdings"><thead><tr><th>tn</th><th>kind</th><th>login</th><th>epg</th><th>until</th><th>seconds left</th></tr></thead><tbody></tbody></table>
<h2>Latest requests</h2>
<table id="requests"><thead><tr><th>virtual time</th><th>operation</th><th>login</th><th>tns</th><th>code</th><th>status codes</th><th>HTTP</th><th>fault</th></tr></thead><tbody></tbody></table>
<h2>Fault rules</h2>
<table id="faults"><thead><tr><th>id</th><th>operation</th><th>fault</th><th>stateEffect</th><th>times</th><th>fired</th></tr></thead><tbody></tbody></table>
<script>
"use strict";
var errors = 0;
function noteError(text) {
  errors += 1;
  document.body.setAttribute("data-errors", String(errors));
  document.getElementById("errors").textContent += text + "\n";
}
window.addEventListener("error", function (e) { noteError("error: " + e.message); });
window.addEventListener("unhandledrejection", function (e) { noteError("rejection: " + e.reason); });

function get(path) {
  return fetch(path, { cache: "no-store" }).then(function (r) {
    if (!r.ok) throw new Error(path + " answered " + r.status);
    return r.json();
  });
}
function post(path, body) {
  return fetch(path, { method: "POST", body: body ? JSON.stringify(body) : "" }).then(refresh);
}
function cell(row, text) {
  var td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "" : String(text);
  row.appendChild(td);
}
function fill(id, items, columns) {
  var body = document.querySelector("#" + id + " tbody");
  body.textContent = "";
  items.forEach(function (item) {
    var row = document.createElement("tr");
    columns(item).forEach(function (c) { cell(row, c); });
    body.appendChild(row);
  });
}
function refresh() {
  return Promise.all([get("/_admin/clock"), get("/_admin/state"), get("/_admin/requests?limit=20"),
                      get("/_admin/faults")]).then(function (all) {
    var clock = all[0], state = all[1], requests = all[2], faults = all[3];
    var now = Date.parse(clock.now);
    document.getElementById("now").textContent = clock.now;
    document.getElementById("frozen").textContent = clock.frozen ? "(frozen)" : "(running)";
    fill("holdings", state.holdings.filter(function (h) {
      return !h.until || Date.parse(h.until) > now;
    }), function (h) {
      var left = h.until ? Math.max(0, Math.floor((Date.parse(h.until) - now) / 1000)) : "";
      return [h.tn, h.kind, h.login, h.epg, h.until, left];
    });
    fill("requests", requests.requests, function (e) {
      return [e.virtualTime, e.operation, e.login, e.tns.join(" "), e.responseCode, e.statusCodes.join(" "),
              e.httpStatus, e.fault];
    });
    fill("faults", faults.faults, function (f) {
      return [f.id, f.operation, f.fault, f.stateEffect, f.times, f.fired];
    });
    document.body.setAttribute("data-ready", "1");
  }).catch(function (e) { noteError(String(e)); });
}
document.getElementById("freeze").onclick = function () { post("/_admin/clock/freeze"); };
document.getElementById("resume").onclick = function () { post("/_admin/clock/resume"); };
document.getElementById("reset").onclick = function () { post("/_admin/reset"); };
document.getElementById("advance").onclick = function () {
  post("/_admin/clock/advance", { seconds: Number(document.getElementById("secs").value) });
};
refresh();
setInterval(refresh, 1000);
</script>
</body>
</html>
)html";
  return kPage;
}

}  // namespace vi::admin
