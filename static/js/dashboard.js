/* The live dashboard reloads its live part (#live-panel) every few seconds; the server answers
   304 while nothing changed. Forms elsewhere on the page are left alone. */
(function () {
  "use strict";
  var panel = document.getElementById("live-panel");
  if (!panel || !window.fetch) return;
  var url = panel.getAttribute("data-url");
  var every = (parseFloat(panel.getAttribute("data-poll")) || 5) * 1000;
  var etag = "";

  function poll() {
    // Marked as a script's request: signed out, it gets a 401 (never the sign-in page's HTML).
    var headers = { "X-Requested-With": "fetch" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        var html = (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
        if (response.status === 200 && html && !response.redirected) {
          etag = response.headers.get("ETag") || "";
          return response.text().then(function (html) {
            // Keep open <details> open across the refresh.
            var open = Array.prototype.map.call(panel.querySelectorAll("details[open] summary"),
              function (s) { return s.textContent; });
            panel.innerHTML = html;
            panel.querySelectorAll("details summary").forEach(function (s) {
              if (open.indexOf(s.textContent) >= 0) s.parentNode.open = true;
            });
          });
        }
        return null;
      })
      .catch(function () { /* try again at the next tick */ })
      .then(function () { setTimeout(poll, every); });
  }
  setTimeout(poll, every);
})();
