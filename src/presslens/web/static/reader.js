/* presslens reader: layer toggles and the details panel. No HTML is built from strings here:
   details are server-rendered (escaped) and cloned; article text is never touched. */
(function () {
  "use strict";
  window.presslensReaderLoaded = true;

  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  var body = document.getElementById("body");
  var panel = document.getElementById("details");
  if (!body || !panel) { return; }
  var pinned = [];

  function idsOf(el) {
    var ids = [];
    while (el && el !== body) {
      if (el.classList && el.classList.contains("ly") && !el.classList.contains("off") && el.dataset.a) {
        el.dataset.a.split(" ").forEach(function (id) { if (ids.indexOf(id) < 0) { ids.push(id); } });
      }
      el = el.parentNode;
    }
    return ids;
  }

  function show(ids) {
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    ids.forEach(function (id) {
      var d = document.getElementById("d-" + id);
      if (d) {
        var c = d.cloneNode(true);
        c.removeAttribute("id");
        c.setAttribute("data-for", id);
        panel.appendChild(c);
      }
    });
    if (!panel.firstChild) {
      var p = document.createElement("p");
      p.className = "hint";
      p.textContent = "Select a highlight.";
      panel.appendChild(p);
    }
  }

  function mark(ids) {
    all(".sel", body).forEach(function (e) { e.classList.remove("sel"); });
    all(".rel-on", body).forEach(function (e) { e.classList.remove("rel-on"); });
    ids.forEach(function (id) {
      all('.ly[data-a~="' + id + '"]', body).forEach(function (e) { e.classList.add("sel"); });
      all('.rel[data-r~="' + id + '"]', body).forEach(function (e) { e.classList.add("rel-on"); });
    });
  }

  function select(ids) {
    pinned = ids;
    show(ids);
    mark(ids);
  }

  body.addEventListener("click", function (e) { select(idsOf(e.target)); });
  body.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") {
      var ids = idsOf(e.target);
      if (ids.length) { select(ids); e.preventDefault(); }
    } else if (e.key === "Escape") {
      select([]);
    }
  });
  body.addEventListener("mouseover", function (e) {
    var ids = idsOf(e.target);
    if (ids.length) { show(ids); }
  });
  body.addEventListener("mouseleave", function () { show(pinned); });

  function setLayer(layer, on) {
    all('.ly[data-layer="' + layer + '"]', body).forEach(function (el) {
      el.classList.toggle("off", !on);
      if (el.hasAttribute("tabindex")) { el.tabIndex = on ? 0 : -1; }
    });
    if (!on) { select(pinned.filter(function (id) { return !all('.ly[data-layer="' + layer + '"][data-a~="' + id + '"]', body).length; })); }
  }
  all(".layer-toggle").forEach(function (cb) {
    if (!/^[a-z0-9-]+$/.test(cb.dataset.layer || "")) { return; }
    cb.addEventListener("change", function () { setLayer(cb.dataset.layer, cb.checked); });
    setLayer(cb.dataset.layer, cb.checked);  // a browser may restore a checkbox on back/forward
  });

  function pick(id) {
    if (!/^[a-z0-9-]+$/.test(id)) { return; }
    select([id]);
    var first = body.querySelector('.ly[data-a~="' + id + '"]');
    if (first) { first.scrollIntoView({block: "center"}); if (first.tabIndex >= 0) { first.focus({preventScroll: true}); } }
  }
  all("[data-pick]").forEach(function (b) {
    b.addEventListener("click", function () { pick(b.getAttribute("data-pick")); });
  });
  if (location.hash.indexOf("#a-") === 0) { pick(location.hash.slice(3)); }
})();
