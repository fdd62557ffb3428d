// The site's own script: a file, not inline script, so a Content-Security-Policy without
// 'unsafe-inline' allows it. Deferred: it runs after Material's bundle but before DOMContentLoaded,
// which is when Material's script first reads the page.

// Feed links. Material's script takes every <link rel="alternate"> for another language's version
// of the site and fetches "sitemap.xml" beside it: for the feeds that is the production address
// (and /categories/<x>/sitemap.xml, which does not exist), a 404 and a console error on every page.
// The same for an article's hreflang links to its translations: Material would fetch
// /articles/<slug>/sitemap.xml. This site has no Material language selector to feed, so nothing is lost.
// Feed readers and search engines read the HTML as served, where the links stay rel="alternate";
// only the page's live DOM changes, before Material looks.
(function () {
  "use strict";
  var links = document.querySelectorAll('link[rel="alternate"]');
  for (var i = 0; i < links.length; i++) links[i].rel = links[i].hreflang ? "alternate-language" : "feed";
})();

// The header search, answered by Pagefind (syndicate/site/search.py) in Material's result layout.
// Nothing loads until the patient types: then Pagefind fetches its entry file, its WebAssembly and
// only the index chunks and excerpts the query needs. Under a Content-Security-Policy, Pagefind
// needs 'wasm-unsafe-eval' in script-src (it compiles its WebAssembly) and worker-src 'self'
// (it searches in a Web Worker, pagefind/pagefind-worker.js); everything else is same-origin.
(function () {
  "use strict";
  var form = document.forms.namedItem("syn-search");
  var toggle = document.getElementById("__search");
  if (!form || !toggle) return;
  var input = form.elements.namedItem("query");
  var meta = document.querySelector(".md-search-result__meta");
  var list = document.querySelector(".md-search-result__list");
  var config = JSON.parse(document.getElementById("__config").textContent);
  var words = config.translations;
  var base = new URL(config.base.replace(/\/?$/, "/"), location.href);
  var loading = null;
  var latest = 0;
  var MAX_RESULTS = 10;

  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        return pf.options({ baseUrl: base.pathname }).then(function () { return pf; });
      });
    }
    return loading;
  }

  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function count(n) {
    if (n === 0) return words["search.result.none"];
    if (n === 1) return words["search.result.one"];
    return words["search.result.other"].replace("#", n);
  }

  function render(found, total) {
    meta.textContent = count(total);
    list.innerHTML = found.map(function (d) {
      // Pagefind's excerpt is the page's text, HTML-escaped, with <mark> around the matches.
      return '<li class="md-search-result__item"><a href="' + escapeText(d.url) + '" class="md-search-result__link">' +
        '<article class="md-search-result__article md-typeset"><div class="md-search-result__icon md-icon"></div>' +
        "<h1>" + escapeText(d.meta.title || d.url) + "</h1><p>" + d.excerpt + "</p></article></a></li>";
    }).join("");
  }

  function run() {
    var query = input.value.trim();
    var mine = ++latest;
    if (!query) {
      meta.textContent = words["search.result.placeholder"];
      list.innerHTML = "";
      return;
    }
    pagefind().then(function (pf) { return pf.debouncedSearch(query, {}, 200); }).then(function (search) {
      if (!search || mine !== latest) return null;  // a newer query replaced this one
      return Promise.all(search.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }))
        .then(function (found) { if (mine === latest) render(found, search.results.length); });
    }).catch(function () {
      meta.textContent = words["search.result.none"];
    });
  }

  input.addEventListener("input", run);
  form.addEventListener("reset", function () { setTimeout(run, 0); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) input.focus();
  });
  input.addEventListener("focus", function () { toggle.checked = true; });
  // Tabbing on past the search closes it: left open, its overlay would cover what takes focus next.
  var dialog = document.querySelector(".md-search");
  dialog.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !dialog.contains(event.relatedTarget)) toggle.checked = false;
  });
  document.addEventListener("keydown", function (event) {
    // Material's shortcuts, which its own search component (not mounted here) used to handle.
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
    if ((event.key === "/" || event.key === "s" || event.key === "f") && !typing && !toggle.checked
        && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      toggle.checked = true;
      input.focus();
      return;
    }
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      input.blur();
    }
  });
})();

// The header's menu and search buttons are labels of Material's hidden checkboxes; each holds a
// role=button, tabindex=0 span (theme_overrides/partials/header.html), which Enter and Space press here,
// as they would a button: the click reaches the label, which toggles its checkbox. The drawer opened
// from the keyboard takes focus, Escape closes it and gives focus back, and tabbing out of it closes
// it: left open, it would cover what takes focus next (WCAG 2.4.11).
(function () {
  "use strict";
  var buttons = document.querySelectorAll('.md-header label[for] > [role="button"]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      event.currentTarget.click();
    });
  }
  var toggle = document.getElementById("__drawer");
  var drawer = document.querySelector(".md-sidebar--primary");
  var opener = document.querySelector('.md-header label[for="__drawer"] > [role="button"]');
  if (!toggle || !drawer || !opener) return;
  toggle.addEventListener("change", function () {
    if (!toggle.checked || document.activeElement !== opener) return;
    var first = drawer.querySelector("a[href], label[tabindex]");
    if (first) first.focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      opener.focus();
    }
  });
  drawer.addEventListener("focusout", function (event) {
    if (toggle.checked && event.relatedTarget && !drawer.contains(event.relatedTarget)) toggle.checked = false;
  });
})();

// Material wraps each table in a horizontally scrolling box (.md-typeset__scrollwrap) so a wide table
// does not widen the page on a phone (WCAG 1.4.10). A scrolling box must be reachable from the keyboard
// (WCAG 2.1.1; axe: scrollable-region-focusable): each takes focus, as a region named by its table's
// header cells. document$ is Material's page-ready signal; the wrapping happens in Material's own
// subscriber, which was registered first.
(function () {
  "use strict";
  if (!window.document$) return;
  window.document$.subscribe(function () {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var heads = box.querySelectorAll("th");
      var name = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); })
        .filter(Boolean).join(", ");
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name || box.textContent.trim().slice(0, 60));
    }
  });
})();
