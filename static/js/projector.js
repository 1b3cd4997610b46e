/* The projector view: polls the data endpoint (ETag / 304), updates the page, recovers by
   itself after a network drop, and reveals the results one by one (k-th to 1st). */
(function () {
  "use strict";
  var root = document.getElementById("projector");
  if (!root || !window.fetch) return;
  var url = root.getAttribute("data-url");
  var etag = root.getAttribute("data-etag") || "";
  var every = (parseFloat(root.getAttribute("data-poll")) || 2) * 1000;
  var revealed = root.getAttribute("data-revealed") === "true";
  var status = document.getElementById("p-status");
  var failures = 0;
  var timer = null;
  var stopped = false;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function byId(id) { return document.getElementById(id); }
  function setText(id, value) {
    var el = byId(id);
    if (el && el.textContent !== String(value)) el.textContent = String(value);
  }
  function showStatus(message) {
    if (status.textContent !== message) status.textContent = message;
    status.classList.toggle("is-visible", Boolean(message));
    root.classList.toggle("is-offline", Boolean(message));
  }

  function revealItem(row, animate) {
    var li = document.createElement("li");
    li.className = "reveal__item" + (animate ? "" : " is-shown");
    li.setAttribute("data-place", row.place);
    var place = document.createElement("span");
    place.className = "reveal__place";
    place.textContent = row.place;
    var body = document.createElement("span");
    body.className = "reveal__body";
    var title = document.createElement("span");
    title.className = "reveal__title";
    title.textContent = row.title;
    var team = document.createElement("span");
    team.className = "reveal__team";
    team.textContent = row.team + (row.organisations ? " · " + row.organisations : "");
    body.appendChild(title);
    body.appendChild(team);
    li.appendChild(place);
    li.appendChild(body);
    return li;
  }

  // The facilitator paces the reveal: the data holds only the places shown so far (from the
  // last place up). A newly shown place fades in, unless the viewer prefers reduced motion.
  function renderReveal(data) {
    var section = byId("p-reveal");
    var list = byId("p-reveal-list");
    root.classList.toggle("is-revealing", Boolean(data.revealed));
    if (!data.revealed) {
      section.hidden = true;
      list.textContent = "";
      revealed = false;
      return;
    }
    revealed = true;
    section.hidden = false;
    setText("p-reveal-heading", data.reveal_heading || "");
    var known = {};
    Array.prototype.forEach.call(list.children, function (li) {
      known[li.getAttribute("data-place")] = true;
    });
    var rows = data.reveal || [];
    list.textContent = "";
    rows.forEach(function (row) {
      var isNew = !known[String(row.place)];
      var li = revealItem(row, isNew && !reduceMotion);
      list.appendChild(li);
      if (isNew && !reduceMotion) {
        setTimeout(function () { li.classList.add("is-shown"); }, 50);
      }
    });
  }

  // In the facilitator's own session, the space bar, the arrow keys, Page Down (a presenter's
  // clicker) or a click shows the next place.
  var nextUrl = root.getAttribute("data-next-url");
  var busy = false;
  function showNext() {
    if (!nextUrl || busy || !revealed) return;
    busy = true;
    var body = new URLSearchParams();
    body.set("csrf_token", root.getAttribute("data-csrf") || "");
    fetch(nextUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function () { busy = false; schedule(0); },
            function () { busy = false; });
  }
  if (nextUrl) {
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if ([" ", "ArrowRight", "ArrowDown", "PageDown", "Enter"].indexOf(event.key) === -1) return;
      event.preventDefault();
      showNext();
    });
    byId("p-reveal").addEventListener("click", showNext);
  }

  function render(data) {
    setText("p-phase", data.phase_label);
    var deadline = byId("p-deadline");
    deadline.setAttribute("data-deadline", data.deadline || "");
    deadline.hidden = !data.deadline;
    ["joined", "drafted", "submitted", "reviews"].forEach(function (key) {
      setText("p-count-" + key, data.counts[key]);
    });
    var box = byId("p-announcement");
    box.hidden = !data.announcement;
    setText("p-announcement-text", data.announcement ? data.announcement.message : "");
    renderReveal(data);
  }

  function schedule(delay) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(poll, delay);
  }

  function poll() {
    var headers = { "Accept": "application/json", "X-Requested-With": "fetch" };
    if (etag) headers["If-None-Match"] = '"' + etag + '"';
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) return null;
        if (response.status === 404 || response.status === 403 || response.status === 401) {
          stopped = true;
          showStatus(root.getAttribute("data-msg-gone"));
          return null;
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        var tag = (response.headers.get("ETag") || "").replace(/^W\//, "").replace(/"/g, "");
        return response.json().then(function (data) { etag = tag; return data; });
      })
      .then(function (data) {
        if (stopped) return;
        if (data) render(data);
        failures = 0;
        showStatus("");
        schedule(every);
      })
      .catch(function () {
        failures += 1;
        showStatus(root.getAttribute("data-msg-lost"));
        // Back off gently, but never wait more than 10 s between tries.
        schedule(Math.min(10000, every * Math.pow(1.5, Math.min(failures, 6))));
      });
  }

  window.addEventListener("online", function () { schedule(0); });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) schedule(0);
  });
  schedule(every);
})();
