/* contentqa pre-publish report: tooltips, legend toggles, jumps between text and findings.
   Finding messages come from the JSON block and are set with textContent only. */
(function () {
  "use strict";
  var data = {};
  var block = document.getElementById("findings-data");
  if (block) { data = JSON.parse(block.textContent || "{}"); }
  var tip = document.getElementById("tip");

  function chain(el) {
    // The finding under the pointer and the findings whose spans enclose it, innermost first.
    var ids = [];
    for (var node = el; node && node !== document.body; node = node.parentElement) {
      var id = node.getAttribute && node.getAttribute("data-f");
      if (id && ids.indexOf(id) < 0 && data[id]) { ids.push(id); }
    }
    return ids;
  }

  function showTip(el) {
    var ids = chain(el);
    if (!tip || !ids.length) { return; }
    tip.textContent = "";
    ids.forEach(function (id) {
      var f = data[id];
      var item = document.createElement("div");
      item.className = "tip-item";
      var head = document.createElement("div");
      head.className = "tip-head";
      var dot = document.createElement("span");
      var mark = document.querySelector('[data-f="' + id + '"]');
      dot.className = "dot " + (mark ? (mark.className.match(/cat-[a-z]+/) || [""])[0] : "");
      head.appendChild(dot);
      head.appendChild(document.createTextNode(f.rule + " · " + f.category + " · " + f.severity));
      var msg = document.createElement("div");
      msg.textContent = f.message;
      item.appendChild(head);
      item.appendChild(msg);
      tip.appendChild(item);
    });
    tip.hidden = false;
    var r = el.getBoundingClientRect();
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
    var top = r.bottom + 8;
    if (top + h > window.innerHeight - 8) { top = Math.max(8, r.top - h - 8); }
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  function hideTip() { if (tip) { tip.hidden = true; } }

  function target(ev) {
    var el = ev.target;
    return el && el.closest ? el.closest("[data-f]") : null;
  }

  document.addEventListener("mouseover", function (ev) { var el = target(ev); if (el) { showTip(el); } });
  document.addEventListener("mouseout", function (ev) { if (target(ev)) { hideTip(); } });
  document.addEventListener("focusin", function (ev) { var el = target(ev); if (el) { showTip(el); } });
  document.addEventListener("focusout", hideTip);
  window.addEventListener("scroll", hideTip, { passive: true });

  function openFinding(el) {
    var id = el.getAttribute("data-f");
    var item = id && document.getElementById("f-" + id);
    if (item) { location.hash = "f-" + id; }
  }

  document.addEventListener("click", function (ev) {
    var el = target(ev);
    if (!el || el.tagName !== "MARK") { return; }
    var sel = window.getSelection && window.getSelection();
    if (sel && String(sel).length) { return; }  // selecting text, not asking for details
    openFinding(el);
  });
  document.addEventListener("keydown", function (ev) {
    var el = target(ev);
    if (el && el.tagName === "MARK" && ev.key === "Enter") { openFinding(el); }
    if (ev.key === "Escape") { hideTip(); }
  });

  function flash() {
    var id = location.hash.slice(1);
    if (id.indexOf("m-") !== 0) { return; }
    var pieces = document.querySelectorAll('[data-f="' + id.slice(2) + '"]');
    Array.prototype.forEach.call(pieces, function (p) {
      p.classList.remove("flash");
      void p.offsetWidth;  // restart the animation
      p.classList.add("flash", "active");
      setTimeout(function () { p.classList.remove("active"); }, 1600);
    });
  }
  window.addEventListener("hashchange", flash);

  Array.prototype.forEach.call(document.querySelectorAll(".legend input[data-cat]"), function (box) {
    box.addEventListener("change", function () {
      var article = box.closest(".article");
      if (article) { article.classList.toggle("hide-" + box.getAttribute("data-cat"), !box.checked); }
    });
  });

  document.documentElement.setAttribute("data-report-ready", String(Object.keys(data).length));
})();
