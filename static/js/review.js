/* Keyboard scoring: with focus inside a criterion, a number key picks that score and 0 picks
 * "don't know / abstain". The radio buttons work without this file. */
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) return;
  form.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.tagName === "TEXTAREA") return;
    var group = event.target.closest("[data-criterion]");
    if (!group || !/^[0-9]$/.test(event.key)) return;
    var value = event.key === "0" ? "abstain" : event.key;
    var radio = group.querySelector('input[type=radio][value="' + value + '"]');
    if (!radio || radio.disabled) return;
    event.preventDefault();
    radio.checked = true;
    radio.focus();
    radio.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();
