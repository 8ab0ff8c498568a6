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

  function hidingLow() { return body.classList.contains("hide-low"); }

  function lowId(id) {
    var d = document.getElementById("d-" + id);
    return !!(d && d.getAttribute("data-low"));
  }

  function idsOf(el) {
    var ids = [];
    while (el && el !== body) {
      if (el.classList && el.classList.contains("ly") && !el.classList.contains("off") && el.dataset.a &&
          !(hidingLow() && el.classList.contains("low"))) {
        el.dataset.a.split(" ").forEach(function (id) {
          if (ids.indexOf(id) < 0 && !(hidingLow() && lowId(id))) { ids.push(id); }
        });
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

  function focusable(el) { return !el.classList.contains("off") && !(hidingLow() && el.classList.contains("low")); }

  function setLayer(layer, on) {
    all('.ly[data-layer="' + layer + '"]', body).forEach(function (el) {
      el.classList.toggle("off", !on);
      if (el.hasAttribute("tabindex")) { el.tabIndex = focusable(el) ? 0 : -1; }
    });
    if (!on) { select(pinned.filter(function (id) { return !all('.ly[data-layer="' + layer + '"][data-a~="' + id + '"]', body).length; })); }
  }
  all(".layer-toggle").forEach(function (cb) {
    if (!/^[a-z0-9-]+$/.test(cb.dataset.layer || "")) { return; }
    cb.addEventListener("change", function () { setLayer(cb.dataset.layer, cb.checked); });
    setLayer(cb.dataset.layer, cb.checked);  // a browser may restore a checkbox on back/forward
  });

  // Findings under the display threshold are hidden until asked for (and hidden again on untick).
  var uncertain = document.getElementById("show-uncertain");
  function setUncertain(show) {
    body.classList.toggle("hide-low", !show);
    all(".ly.low[tabindex]", body).forEach(function (el) { el.tabIndex = focusable(el) ? 0 : -1; });
    if (!show) { select(pinned.filter(function (id) { return !lowId(id); })); }
  }
  if (uncertain) {
    uncertain.addEventListener("change", function () { setUncertain(uncertain.checked); });
    setUncertain(uncertain.checked);
  }

  function pick(id) {
    if (!/^[a-z0-9-]+$/.test(id)) { return; }
    if (lowId(id) && uncertain && !uncertain.checked) { uncertain.checked = true; setUncertain(true); }
    select([id]);
    var first = body.querySelector('.ly[data-a~="' + id + '"]');
    if (first) { first.scrollIntoView({block: "center"}); if (first.tabIndex >= 0) { first.focus({preventScroll: true}); } }
  }
  all("[data-pick]").forEach(function (b) {
    b.addEventListener("click", function () { pick(b.getAttribute("data-pick")); });
  });
  if (location.hash.indexOf("#a-") === 0) { pick(location.hash.slice(3)); }
})();
