/* Autosave for the proposal form. Nothing typed is lost:
 * - changes are kept in localStorage at once, and sent (debounced) while typing and on leaving
 *   a field;
 * - without a connection they stay in the browser and are sent when it returns, also after a
 *   reload or a closed tab;
 * - each save carries the version it was written against and a save id, so the server merges
 *   concurrent edits and stores a retried save once;
 * - a conflict on the same field shows both texts and lets the author choose or combine;
 * - only an explicit success answer counts as saved. A redirect, an HTML page, a 401 (signed
 *   out), a 503 (database away) or anything unreadable keeps the text in the browser, says so,
 *   and sends it again: after a sign-in in another tab with a fresh security token;
 * - each answer carries the fields still missing for submission: the checklist follows it.
 * Without JavaScript the form posts normally with its Save button.
 */
(function () {
  "use strict";
  var form = document.getElementById("proposal-form");
  if (!form || !window.fetch) return;

  var DEBOUNCE_MS = 2000;
  var RETRY_MS = 4000;
  var SIGN_IN_POLL_MS = 5000;
  var statusEl = document.getElementById("save-status");
  var versionInput = document.getElementById("proposal-version");
  var url = form.getAttribute("data-autosave-url");
  var storeKey = "hackathon-proposal-" + form.getAttribute("data-proposal-id");
  // What the server last confirmed, so a page kept for offline use (older) shows it too.
  var savedKey = "hackathon-saved-" + form.getAttribute("data-proposal-id");
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var sessionUrl = form.getAttribute("data-session-url");
  var signInEl = document.getElementById("save-signin");

  // state: base version, fields changed since (dirty), the save on its way (inflight)
  var fromStore = load();
  var state = fromStore || { version: parseInt(versionInput.value, 10), dirty: {}, inflight: null };
  var timer = null;
  var retryTimer = null;
  var stopped = false;
  var signedOut = false;
  var conflicted = {};
  var known = {}; // the value the server has for each field, as far as this page knows

  function msg(name, time) {
    var text = statusEl.getAttribute("data-msg-" + name) || "";
    return time ? text.replace("{time}", time) : text;
  }
  function show(name, time, kind) {
    statusEl.textContent = msg(name, time);
    statusEl.className = "save-status save-status--" + (kind || name);
    if (signInEl) signInEl.hidden = name !== "signed-out";
  }
  function load() {
    try { return JSON.parse(window.localStorage.getItem(storeKey)); } catch (e) { return null; }
  }
  function persist() {
    try {
      if (isEmpty(state.dirty) && !state.inflight) window.localStorage.removeItem(storeKey);
      else window.localStorage.setItem(storeKey, JSON.stringify(state));
    } catch (e) { /* private mode or full: the server save still runs */ }
  }
  function isEmpty(obj) { for (var k in obj) { if (obj.hasOwnProperty(k)) return false; } return true; }
  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  // --- reading and writing field values -------------------------------------------------
  function orgTableValue() {
    var rows = [];
    form.querySelectorAll("[data-org-row]").forEach(function (row) {
      var select = row.querySelector("select");
      if (!select || !select.value) return;
      rows.push({
        organisation_id: parseInt(select.value, 10),
        process_owner: row.querySelector("input[type=checkbox]").checked,
        contact: row.querySelector("input[type=text]").value
      });
    });
    return JSON.stringify(rows);
  }
  function fieldName(el) {
    if (el.closest("[data-org-table]")) return "organisations";
    var wrapper = el.closest("[data-field]");
    return wrapper ? wrapper.getAttribute("data-field") : null;
  }
  function valueOf(name) {
    if (name === "organisations") return orgTableValue();
    var el = form.elements[name];
    return el ? el.value : null;
  }
  function setValue(name, value) {
    if (name === "organisations") {
      var rows;
      try { rows = JSON.parse(value); } catch (e) { return; }
      var trs = form.querySelectorAll("[data-org-row]");
      trs.forEach(function (tr, i) {
        var row = rows[i];
        tr.querySelector("select").value = row ? String(row.organisation_id) : "";
        tr.querySelector("input[type=checkbox]").checked = !!(row && row.process_owner);
        tr.querySelector("input[type=text]").value = row ? row.contact : "";
      });
      return;
    }
    var el = form.elements[name];
    if (el) { el.value = value; updateCounter(el); }
  }

  // --- saving ---------------------------------------------------------------------------
  function changed(name) {
    if (!name || stopped || conflicted[name]) return;
    var value = valueOf(name);
    if (value === known[name]) {
      if (!(name in state.dirty)) return; // a blur or re-selection that changed nothing
      delete state.dirty[name];
    } else {
      state.dirty[name] = value;
    }
    persist();
    if (!signedOut) show("pending"); // while signed out, the sign-in hint stays
    clearTimeout(timer);
    timer = setTimeout(save, DEBOUNCE_MS);
  }

  function save() {
    clearTimeout(timer);
    if (stopped || state.inflight) return;
    if (isEmpty(state.dirty)) return;
    state.inflight = { version: state.version, values: state.dirty, save_id: newId() };
    state.dirty = {};
    persist();
    send();
  }

  function send() {
    clearTimeout(retryTimer);
    if (!state.inflight || signedOut) return;
    // Known to be offline: the status keeps saying the text is safe here; "online" sends it.
    if (navigator.onLine === false) { show("offline"); retryTimer = setTimeout(send, RETRY_MS); return; }
    show("saving");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual", // a redirect (to the sign-in page) is never a save
      cache: "no-store",
      headers: {
        "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json",
        "X-Requested-With": "fetch"
      },
      body: JSON.stringify(state.inflight)
    }).then(function (response) {
      if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
        handle(401, {});
        return null;
      }
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== 0) { handle(0, {}); return null; }
      return response.json().then(function (body) {
        handle(response.status, body || {});
      }, function () { handle(0, {}); });
    }, function () {
      // No connection: keep everything, try again soon and when the browser is back online.
      show("offline");
      retryTimer = setTimeout(send, RETRY_MS);
    });
  }

  function handle(status, body) {
    var sent = state.inflight;
    if (!sent) return;
    var saved = status === 200 && body.status === "saved" && typeof body.version === "number";
    var conflict = status === 409 && body.status === "conflict" && typeof body.version === "number";
    if (saved || conflict) {
      state.inflight = null;
      state.version = body.version;
      versionInput.value = body.version;
      Object.keys(sent.values).forEach(function (name) {
        if (!(body.conflicts || {})[name] && !(body.errors || {})[name]) known[name] = sent.values[name];
      });
      Object.keys(body.errors || {}).forEach(function (name) { markError(name, body.errors[name]); });
      Object.keys(body.conflicts || {}).forEach(function (name) { showConflict(name, body.conflicts[name]); });
      updateStatusBadge(body);
      updateChecklist(body.missing);
      persist();
      try { window.localStorage.setItem(savedKey, JSON.stringify({ version: body.version, values: known })); } catch (e) { /* optional */ }
      if (!isEmpty(body.conflicts || {})) show("conflict");
      else if (!isEmpty(body.errors || {})) show("error");
      else if (!isEmpty(state.dirty)) { show("saving"); save(); } // more was typed meanwhile
      else show("saved", body.saved_at);
      return;
    }
    if (status === 401 || (status === 403 && body.status === "csrf")) {
      // Signed out (or the security token was renewed elsewhere): keep the save as it is, say
      // what to do, and send it as soon as this browser is signed in again.
      signedOut = true;
      persist();
      show("signed-out");
      checkSession();
      return;
    }
    if (status === 409 || status === 403) {
      // Deadline passed or no longer on the team: keep the text here, say why, stop.
      stopped = true;
      state.dirty = merge(sent.values, state.dirty);
      state.inflight = null;
      persist();
      statusEl.textContent = body.message || msg("error");
      statusEl.className = "save-status save-status--error";
      return;
    }
    if (status === 400 || status === 413 || status === 422) {
      state.dirty = merge(sent.values, state.dirty);
      state.inflight = null;
      persist();
      stopped = true;
      statusEl.textContent = body.message || msg("error");
      statusEl.className = "save-status save-status--error";
      return;
    }
    // 503 (database away), another 5xx, a proxy's page, an unreadable answer: the same save
    // (same id) is tried again; the text stays in this browser meanwhile.
    show(status === 503 ? "unavailable" : "unknown");
    retryTimer = setTimeout(send, RETRY_MS);
  }

  // Asks whether this browser is signed in again; takes the new security token and sends.
  function checkSession() {
    clearTimeout(retryTimer);
    if (!sessionUrl) return;
    fetch(sessionUrl, {
      credentials: "same-origin", cache: "no-store", redirect: "manual",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data && data.signed_in && data.csrf_token) {
        csrf = data.csrf_token;
        signedOut = false;
        send();
      } else {
        retryTimer = setTimeout(checkSession, SIGN_IN_POLL_MS);
      }
    }).catch(function () {
      retryTimer = setTimeout(checkSession, SIGN_IN_POLL_MS);
    });
  }

  function updateChecklist(missing) {
    var block = document.getElementById("missing-fields");
    var list = document.getElementById("missing-list");
    var none = document.getElementById("missing-none");
    if (!block || !list || !none || !Array.isArray(missing)) return;
    list.textContent = "";
    missing.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#field-" + item.name;
      a.textContent = item.message;
      li.appendChild(a);
      list.appendChild(li);
    });
    block.hidden = missing.length === 0;
    none.hidden = missing.length !== 0;
  }

  function merge(older, newer) {
    var out = {};
    Object.keys(older || {}).forEach(function (k) { out[k] = older[k]; });
    Object.keys(newer || {}).forEach(function (k) { out[k] = newer[k]; });
    return out;
  }

  function updateStatusBadge(body) {
    var badge = document.getElementById("proposal-status");
    if (badge && body.proposal_status_label) {
      badge.textContent = body.proposal_status_label;
      badge.className = "badge badge--" + body.proposal_status;
    }
  }

  function markError(name, text) {
    var wrapper = form.querySelector('[data-field="' + name + '"]');
    if (!wrapper) return;
    var p = wrapper.querySelector(".field__error") || document.createElement("p");
    p.className = "field__error";
    p.textContent = text;
    wrapper.appendChild(p);
    wrapper.classList.add("field--error");
  }

  // --- conflicts ------------------------------------------------------------------------
  function label(name) { return statusEl.getAttribute("data-label-" + name); }

  function showConflict(name, conflict) {
    var wrapper = form.querySelector('[data-field="' + name + '"]');
    if (!wrapper) return;
    conflicted[name] = true;
    var old = wrapper.querySelector(".conflict");
    if (old) old.remove();
    var box = document.createElement("div");
    box.className = "conflict";
    box.setAttribute("role", "alert");
    var head = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = label("conflict");
    head.appendChild(strong);
    box.appendChild(head);
    [["mine", conflict.mine], ["theirs", conflict.theirs]].forEach(function (pair) {
      var l = document.createElement("p");
      l.className = "conflict__label";
      l.textContent = label(pair[0]);
      var t = document.createElement("div");
      t.className = "conflict__text";
      t.textContent = pair[1];
      box.appendChild(l);
      box.appendChild(t);
    });
    var buttons = document.createElement("div");
    buttons.className = "button-row";
    function button(text, onClick) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button button--small";
      b.textContent = text;
      b.addEventListener("click", function () { onClick(); box.remove(); delete conflicted[name]; });
      buttons.appendChild(b);
    }
    button(label("use-mine"), function () { setValue(name, conflict.mine); resolved(name); });
    button(label("use-theirs"), function () { setValue(name, conflict.theirs); });
    if (name !== "organisations") {
      button(label("combine"), function () {
        setValue(name, conflict.theirs + "\n\n" + conflict.mine);
        resolved(name);
        var el = form.elements[name];
        if (el && el.focus) el.focus();
      });
    }
    box.appendChild(buttons);
    wrapper.insertBefore(box, wrapper.querySelector("textarea, input, select, table"));
    setValue(name, conflict.mine);
  }

  function resolved(name) {
    delete conflicted[name];
    changed(name);
  }

  // --- counters -------------------------------------------------------------------------
  function updateCounter(el) {
    var max = el.getAttribute("maxlength");
    if (!max || !el.closest("[data-field]")) return;
    var counter = el.nextElementSibling;
    if (!counter || !counter.classList.contains("counter")) {
      counter = document.createElement("p");
      counter.className = "counter";
      el.insertAdjacentElement("afterend", counter);
    }
    counter.textContent = el.value.length + " / " + max;
    counter.classList.toggle("counter--near", el.value.length > max * 0.9);
  }

  // --- wiring ---------------------------------------------------------------------------
  form.addEventListener("input", function (e) { changed(fieldName(e.target)); });
  form.addEventListener("change", function (e) { changed(fieldName(e.target)); save(); });
  form.addEventListener("focusout", function () { save(); });
  form.addEventListener("submit", function (e) {
    // With JavaScript the button saves through the same path, so nothing is sent twice.
    e.preventDefault();
    save();
  });
  window.addEventListener("online", function () { if (state.inflight) send(); else save(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save();
    else if (signedOut) checkSession(); // back from signing in in another tab
  });
  window.addEventListener("focus", function () { if (signedOut) checkSession(); });
  form.querySelectorAll("textarea[maxlength], input[maxlength]").forEach(updateCounter);
  form.querySelectorAll("[data-field]").forEach(function (wrapper) {
    var name = wrapper.getAttribute("data-field");
    known[name] = valueOf(name);
  });

  // A page older than the last confirmed save (a copy kept for offline use) gets that text.
  var saved = null;
  try { saved = JSON.parse(window.localStorage.getItem(savedKey)); } catch (e) { saved = null; }
  if (saved && saved.values && saved.version > parseInt(versionInput.value, 10)) {
    Object.keys(saved.values).forEach(function (name) {
      if (name in known) { setValue(name, saved.values[name]); known[name] = saved.values[name]; }
    });
    versionInput.value = saved.version;
    if (!fromStore) state.version = saved.version;
  }

  // Text typed before a reload or while offline is put back and sent.
  var restored = merge(state.inflight ? state.inflight.values : {}, state.dirty);
  Object.keys(restored).forEach(function (name) { setValue(name, restored[name]); });
  if (state.inflight) send();
  else if (!isEmpty(state.dirty)) save();
  form.setAttribute("data-autosave-ready", "true"); // for tests and for styling
})();
