/* What-if sandbox: re-rank as the sliders move, without reloading. The form works without
 * this file (the Update button submits it). */
(function () {
  "use strict";
  var form = document.getElementById("sandbox-form");
  if (!form) return;
  var table = document.getElementById("sandbox-table");
  var body = table.querySelector("tbody");
  var same = document.getElementById("same-top");
  var timer = null;
  var latest = 0;

  function params() {
    var data = new URLSearchParams(new FormData(form));
    return data;
  }

  function mirror() {
    form.querySelectorAll("[data-weight]").forEach(function (input) {
      var hidden = document.querySelector('[data-mirror="' + input.name + '"]');
      if (hidden) hidden.value = input.value;
    });
    var method = document.getElementById("adopt-method");
    if (method) method.value = form.elements.method.value;
  }

  function render(data) {
    Object.keys(data.weights).forEach(function (key) {
      var out = form.querySelector('[data-share="' + key + '"]');
      if (out) out.textContent = Math.round(data.weights[key] * 100) + (document.documentElement.lang === "en" ? "%" : "\u00a0%");
    });
    var inTop = body.getAttribute("data-in-top");
    body.textContent = "";
    data.ranking.forEach(function (row) {
      var tr = document.createElement("tr");
      if (row.in_top_k) tr.className = "in-top";
      var rank = document.createElement("td");
      rank.className = "num";
      rank.textContent = row.rank;
      var title = document.createElement("th");
      title.scope = "row";
      title.textContent = row.title;
      var official = document.createElement("td");
      official.className = "num";
      official.textContent = row.official_rank == null ? "–" : row.official_rank;
      var top = document.createElement("td");
      top.textContent = row.in_top_k ? inTop : "";
      tr.append(rank, title, official, top);
      body.appendChild(tr);
    });
    same.textContent = same.getAttribute(data.same_top_k ? "data-same" : "data-changed");
    same.className = data.same_top_k ? "status status--ok" : "alert alert--warning";
  }

  function update() {
    mirror();
    var ticket = ++latest;
    var url = form.getAttribute("data-json") + "&" + params().toString();
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && ticket === latest) render(data); })
      .catch(function () { /* offline: the Update button still works */ });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  });
  form.addEventListener("change", function () {
    clearTimeout(timer);
    update();
  });
})();
