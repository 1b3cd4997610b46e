// "Det er prøvet før": while the team writes its problem and idea, ask the server for similar
// bank entries (a pause of a second after typing) and show them beside the form.
(function () {
  "use strict";
  var box = document.getElementById("bank-suggestions");
  var list = document.getElementById("bank-suggestions-list");
  var form = document.getElementById("proposal-form");
  if (!box || !list || !form) { return; }
  var names = ["title", "target_group", "problem", "idea", "summary"];
  var timer = null;
  var last = "";
  function text() {
    return names.map(function (name) {
      var el = form.elements[name];
      return el && el.value ? el.value : "";
    }).join("\n");
  }
  function ask() {
    var now = text();
    if (now === last) { return; }
    last = now;
    var url = box.getAttribute("data-url") + "&text=" + encodeURIComponent(now.slice(0, 6000));
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html !== null) { list.innerHTML = html; }
    }).catch(function () { /* keep the list shown */ });
  }
  form.addEventListener("input", function (event) {
    if (names.indexOf(event.target.name) < 0) { return; }
    clearTimeout(timer);
    timer = setTimeout(ask, 1000);
  });
  last = text();
}());
