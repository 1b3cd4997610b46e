/* Counts down to a deadline shown in an element with data-deadline (UTC, ISO 8601). */
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    document.querySelectorAll("[data-deadline]").forEach(function (el) {
      var left = Date.parse(el.getAttribute("data-deadline")) - Date.now();
      var out = el.querySelector(".deadline__left");
      if (!out || isNaN(left)) return;
      if (left <= 0) {
        out.textContent = "· " + el.getAttribute("data-msg-passed");
        el.classList.add("deadline--passed");
        return;
      }
      var minutes = Math.floor(left / 60000);
      var hours = Math.floor(minutes / 60);
      var days = Math.floor(hours / 24);
      var units = (el.getAttribute("data-units") || "d,h,min").split(",");
      var text = days > 0 ? days + " " + units[0] + " " + (hours % 24) + " " + units[1]
        : hours > 0 ? hours + " " + units[1] + " " + pad(minutes % 60) + " " + units[2]
        : minutes + " " + units[2];
      out.textContent = "· " + el.getAttribute("data-msg-left").replace("{time}", text);
      el.classList.toggle("deadline--soon", minutes < 10);
    });
  }
  tick();
  setInterval(tick, 15000);
})();
