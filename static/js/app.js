/* Small progressive enhancements; every page works without this file. */
(function () {
  "use strict";

  // Copy buttons next to read-only link fields.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) return;
    input.select();
    var done = function () {
      var original = button.textContent;
      button.textContent = document.documentElement.lang === "en" ? "Copied" : "Kopieret";
      setTimeout(function () { button.textContent = original; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {});
    } else {
      try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
    }
  });

  // Buttons that ask before doing something that cannot be undone.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // Select the whole link when a read-only field gets focus.
  document.addEventListener("focusin", function (event) {
    if (event.target.classList && event.target.classList.contains("copy__input")) {
      event.target.select();
    }
  });

  // Without a connection the page says so (and says it is back when it is).
  var banner = document.getElementById("offline-banner");
  function showConnection() { if (banner) banner.hidden = navigator.onLine !== false; }
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  showConnection();

  // The service worker keeps the proposal form for a reload without a connection. Browsers
  // run one only on https or on localhost; on a plain-http venue network the form says that a
  // reload needs the connection (the text typed is still kept in the browser).
  var workerUrl = document.body.getAttribute("data-service-worker");
  var canKeep = !!(workerUrl && "serviceWorker" in navigator && window.isSecureContext);
  var form = document.getElementById("proposal-form");
  var note = document.getElementById("offline-reload-note");
  if (note) note.hidden = canKeep;
  if (canKeep) {
    var controlled = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.register(workerUrl, { scope: "/" }).then(function () {
      if (!form || controlled) return null; // a controlled page was kept as it loaded
      return navigator.serviceWorker.ready.then(function (registration) {
        var urls = [location.pathname];
        document.querySelectorAll("link[rel=stylesheet], link[rel=icon], script[src]").forEach(function (el) {
          urls.push(el.getAttribute("href") || el.getAttribute("src"));
        });
        registration.active.postMessage({ type: "keep", urls: urls });
      });
    }).catch(function () { /* no worker: localStorage still keeps the text */ });
  }

  // Signing out: kept pages and saved copies of proposals leave this browser at once.
  document.addEventListener("submit", function (event) {
    var action = event.target.getAttribute("action") || "";
    if (!/\/logout(\/everywhere)?$/.test(action)) return;
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "forget" });
    }
    try {
      Object.keys(window.localStorage).forEach(function (key) {
        if (key.indexOf("hackathon-saved-") === 0) window.localStorage.removeItem(key);
      });
    } catch (e) { /* storage unavailable: nothing kept there */ }
  });
})();
