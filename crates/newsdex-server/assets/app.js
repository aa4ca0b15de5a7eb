// newsdex's page, enhanced. Without this file every view still works: it is plain HTML
// rendered by the server, with links and a form. With it:
// - links and the search form fetch the next page and swap its <main> in place, and the
//   URL follows (history.pushState), so the state stays shareable and Back works;
// - the results follow the search box as one types;
// - the month chart can be dragged across to choose a span of months;
// - the "/" key focuses the search box, Escape leaves it.
(function () {
  "use strict";

  var inflight = null;
  // While one types, the first update pushes a history entry and the rest replace it.
  var typing = false;
  var typingTimer = null;

  function byId(id) {
    return document.getElementById(id);
  }

  // Loads `url` and puts its <main> in place of ours.
  function go(url, how) {
    how = how || {};
    if (inflight) inflight.abort();
    var controller = new AbortController();
    inflight = controller;
    document.body.classList.add("loading");
    return fetch(url, { signal: controller.signal, headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var next = doc.getElementById("main");
        if (!next) {
          location.href = url;
          return;
        }
        if (how.history === "push") history.pushState(null, "", url);
        else if (how.history === "replace") history.replaceState(null, "", url);
        byId("main").replaceWith(document.adoptNode(next));
        document.title = doc.title;
        var keep = doc.getElementById("keep");
        if (keep) byId("keep").replaceWith(document.adoptNode(keep));
        var input = byId("q");
        var q = doc.getElementById("q");
        if (input && q && document.activeElement !== input) input.value = q.value;
        if (how.scroll) window.scrollTo(0, 0);
        enhance();
      })
      .catch(function (e) {
        if (e && e.name === "AbortError") return;
        location.href = url; // let the browser load it the plain way
      })
      .finally(function () {
        if (inflight === controller) {
          inflight = null;
          document.body.classList.remove("loading");
        }
      });
  }

  // A link we can load in place: our own pages, not the API or files.
  function local(href) {
    var url = new URL(href, location.href);
    if (url.origin !== location.origin) return null;
    if (url.pathname.indexOf("/api/") === 0 || url.pathname.indexOf("/assets/") === 0) return null;
    return url;
  }

  document.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var a = e.target.closest ? e.target.closest("a") : null;
    if (!a || a.hasAttribute("download") || a.getAttribute("target")) return;
    var href = a.getAttribute("href");
    var url = href && local(href);
    if (!url) return;
    e.preventDefault();
    typing = false;
    go(url.href, { history: "push", scroll: true });
  });

  // The form's fields as a URL, empty ones left out.
  function formUrl(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (String(value).trim() !== "") params.append(name, value);
    });
    var s = params.toString();
    return "/" + (s ? "?" + s : "");
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.id !== "search") return;
    e.preventDefault();
    clearTimeout(typingTimer);
    var url = formUrl(form);
    var same = url === location.pathname + location.search;
    go(url, { history: typing || same ? "replace" : "push", scroll: true });
    typing = false;
  });

  document.addEventListener("input", function (e) {
    if (e.target.id !== "q" || location.pathname !== "/") return;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      var form = byId("search");
      go(formUrl(form), { history: typing ? "replace" : "push" });
      typing = true;
    }, 300);
  });

  window.addEventListener("popstate", function () {
    typing = false;
    go(location.href, {});
  });

  document.addEventListener("keydown", function (e) {
    var input = byId("q");
    if (!input) return;
    if (e.key === "Escape" && e.target === input) {
      input.blur();
      return;
    }
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
    e.preventDefault();
    input.focus();
    input.select();
  });

  // The month chart: press on a bar and drag to choose a span; let go to search it.
  function enhanceChart() {
    var svg = document.querySelector("#chart svg");
    if (!svg) return;
    var bars = Array.prototype.slice.call(svg.querySelectorAll("g.bar"));
    if (!bars.length) return;
    var start = null;
    var end = null;

    function at(x) {
      var box = svg.getBoundingClientRect();
      var i = Math.floor(((x - box.left) / box.width) * bars.length);
      return Math.max(0, Math.min(bars.length - 1, i));
    }
    function paint() {
      var lo = Math.min(start, end);
      var hi = Math.max(start, end);
      bars.forEach(function (bar, i) {
        bar.classList.toggle("brush", start !== null && i >= lo && i <= hi);
      });
    }
    svg.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) return;
      start = end = at(e.clientX);
      svg.setPointerCapture(e.pointerId);
      paint();
      e.preventDefault();
    });
    svg.addEventListener("pointermove", function (e) {
      if (start === null) return;
      end = at(e.clientX);
      paint();
    });
    svg.addEventListener("pointerup", function (e) {
      if (start === null) return;
      end = at(e.clientX);
      var lo = bars[Math.min(start, end)];
      var hi = bars[Math.max(start, end)];
      start = end = null;
      // The first bar's link carries the page's other filters.
      var url = local(lo.parentNode.getAttribute("href"));
      if (!url) return;
      url.searchParams.set("since", lo.getAttribute("data-since"));
      url.searchParams.set("until", hi.getAttribute("data-until"));
      url.searchParams.delete("offset");
      go(url.pathname + url.search, { history: "push" });
    });
    svg.addEventListener("pointercancel", function () {
      start = end = null;
      paint();
    });
    // A pointer's click was handled on pointerup; Enter on a focused bar is not a
    // pointer click (detail 0) and follows the bar's link.
    svg.addEventListener("click", function (e) {
      if (e.detail > 0) e.preventDefault();
    });
  }

  function enhance() {
    enhanceChart();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();
