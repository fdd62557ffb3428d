"""WCAG 2.2 AA (issue 13) at phone and desktop widths: axe-core with the WCAG tags and every impact on
ten kinds of page, plus what axe cannot judge alone: the keyboard (every control reached by Tab, in order,
a skip link first; the drawer and the search without a mouse), focus not obscured (2.4.11), target size
(2.5.8), reflow at 320 CSS px (1.4.10) and consistent help (3.2.6)."""
from __future__ import annotations

import re
import urllib.request
from urllib.parse import urlsplit

import pytest

from .test_browser import AXE, browser, served  # noqa: F401  (fixtures)

WCAG22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe's best practices too: Lighthouse's accessibility score reads some of them (aria-allowed-role,
# landmark-unique, empty-table-header), and they are cheap to keep at zero on every page.
AXE_TAGS = WCAG22_AA + ["best-practice"]
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "reflow": {"viewport": {"width": 320, "height": 640}},  # 1280 px at 400 % zoom (WCAG 1.4.10)
}
SPANISH = "<the Spanish article>"  # its address is read from the English article's hreflang="es" link
# One of each kind of page: home, article list, article, category, tag, clinician, policy, a Spanish
# article, the 404 page and an article with a table.
PAGES = ["/", "/articles/", "/articles/flu-shots-2026/", "/categories/vaccines/", "/tags/flu/",
         "/clinicians/okafor/", "/policies/privacy/", SPANISH, "/404.html", "/articles/blood-pressure-at-home/"]
WIDTHS = ["phone", "desktop"]


@pytest.fixture(scope="module")
def spanish_path(served):
    """Where the Spanish version of flu-shots-2026 is served, as the English page links it (hreflang).

    Since the Spanish site (issue 13) that is /es/articles/flu-shots-2026/ (before it, /articles/flu-shots-2026-es/).
    Following the link keeps this test on the page wherever it is built, and fails if the link is lost."""
    html = urllib.request.urlopen(f"{served}/articles/flu-shots-2026/").read().decode()
    links = re.findall(r'<link rel="alternate" hreflang="es" href="([^"]+)"', html)
    assert links, "the English article no longer links its Spanish version"
    return urlsplit(links[0]).path


@pytest.fixture
def open_page(browser, served, spanish_path):
    """open_page(width, path, bypass_csp=False): a fresh browser tab at that width, on that page."""
    contexts = []

    def open_(width, path, bypass_csp=False):
        # axe is injected as inline script, and wait_for_function evaluates a string: the pages' policy
        # would refuse both, so the tests that use them bypass it; the pages' own scripts run either way.
        context = browser.new_context(**VIEWPORTS[width], bypass_csp=bypass_csp)
        contexts.append(context)
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                   else route.abort())
        page.goto(served + (spanish_path if path == SPANISH else path))
        # Smooth scrolling would leave the page mid-scroll when positions are read; the end position is
        # the one a patient sees.
        page.add_style_tag(content="html { scroll-behavior: auto !important; }") if bypass_csp else None
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_22_aa_violations_of_any_impact(open_page, width, path):
    page = open_page(width, path, bypass_csp=True)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async (tags) => await axe.run(document,
        {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""", AXE_TAGS)
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert found == [], found  # minor and moderate findings fail too
    assert page.evaluate("document.documentElement.lang") == ("es" if path == SPANISH else "en")


def test_the_sample_has_a_page_with_a_table(open_page):
    page = open_page("desktop", "/articles/blood-pressure-at-home/")
    assert page.locator("article table th").count() == 3 and page.locator("article table tbody tr").count() == 5


# Targets smaller than 24×24 CSS px (WCAG 2.5.8) on screen, with the criterion's two exceptions: a link
# inside a sentence (its block holds more text than the link: the line of text sizes it), and spacing
# (a 24 px circle on its centre meets no other target, nor another small target's circle).
SMALL_TARGETS = """() => {
  const all = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, label[for], [role=button]')) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    if (r.right <= 0 || r.left >= innerWidth) continue;  // off-canvas: the focus test checks it cannot be reached
    if (el.matches('input.md-toggle')) continue;  // Material's hidden checkboxes; their labels are the targets
    if (el.tagName === 'A' && style.display === 'inline') {
      const block = el.parentElement.closest('p, li, td, th, dd, dt, figcaption, blockquote, h1, h2, h3, h4, h5, h6, nav, div');
      if (block && block.textContent.trim().length > el.textContent.trim().length + 3) continue;
    }
    all.push({el, r, small: r.width < 24 || r.height < 24});
  }
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const distance = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  return all.filter(t => t.small).filter(t => {
    const c = centre(t.r);
    return all.some(o => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el) &&
      (distance(c, o.r) < 12 || (o.small && Math.hypot(c[0] - centre(o.r)[0], c[1] - centre(o.r)[1]) < 24)));
  }).map(t => `${t.el.tagName.toLowerCase()}.${t.el.className} "${t.el.textContent.trim().slice(0, 30)}" ` +
              `${t.r.width.toFixed(0)}x${t.r.height.toFixed(0)}`);
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_targets_are_at_least_24_css_pixels(open_page, width, path):
    page = open_page(width, path)
    assert page.evaluate(SMALL_TARGETS) == []


@pytest.mark.parametrize("path", PAGES)
def test_text_reflows_at_320_css_pixels_without_scrolling_sideways(open_page, path):
    page = open_page("reflow", path)
    assert page.evaluate("innerWidth") == 320
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 320


# Every control a patient can see, in document order, numbered; and which part of the page holds it.
CONTROLS = """() => {
  const region = el => el.closest('.md-skip, .md-header, .md-search') ? 0 : el.closest('.md-sidebar') ? 1
                     : el.closest('.md-footer') ? 3 : el.closest('.md-content, .md-top') ? 2 : -1;
  const controls = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter(el => !el.disabled && el.tabIndex >= 0 && el.type !== 'hidden' && el.getClientRects().length > 0
                  && el.checkVisibility({visibilityProperty: true}) && !el.closest('.md-search'));
  controls.forEach((el, i) => el.dataset.control = i);
  return {count: controls.length, positive: document.querySelectorAll('[tabindex]:not([tabindex="0"]):not([tabindex^="-"])').length,
          names: controls.map(el => `${el.tagName} ${(el.getAttribute('aria-label') || el.textContent).trim().slice(0, 30)}`),
          regions: controls.map(region)};
}"""
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {control: el.dataset.control === undefined ? null : Number(el.dataset.control),
          search: !!el.closest('.md-search'), what: `${el.tagName}.${el.className} ${el.textContent.trim().slice(0, 30)}`};
}"""


def tab_through(page, limit=200):
    """The elements Tab visits from the top of the page until focus leaves the page."""
    visited = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            return visited
        visited.append(focused)
    raise AssertionError(f"Tab never left the page after {limit} presses")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["/", "/articles/", "/articles/blood-pressure-at-home/", "/clinicians/okafor/"])
def test_tab_reaches_every_control_in_order_after_a_skip_link(open_page, width, path):
    page = open_page(width, path)
    controls = page.evaluate(CONTROLS)
    assert controls["positive"] == 0  # a positive tabindex would jump the order
    visited = tab_through(page)
    assert visited[0]["what"].startswith("A.md-skip")
    # The search box's own parts open it when they take focus: they are the only stops not listed.
    strays = [v["what"] for v in visited if v["control"] is None and not v["search"]]
    assert strays == []
    order = [v["control"] for v in visited if v["control"] is not None]
    assert order == list(range(controls["count"])), [controls["names"][i] for i in set(range(controls["count"])) - set(order)]
    # Header, then the navigation sidebars, then the page's content, then the footer.
    assert controls["regions"] == sorted(controls["regions"]) and -1 not in controls["regions"]
    assert controls["count"] > 10


@pytest.mark.parametrize("width", WIDTHS)
def test_the_skip_link_moves_focus_past_the_header_and_navigation(open_page, width):
    page = open_page(width, "/articles/flu-shots-2026/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.md-content')"), page.evaluate(FOCUSED)


def test_the_phone_menu_opens_and_closes_from_the_keyboard(open_page, served):
    page = open_page("phone", "/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Navigation"
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Navigation"
    page.keyboard.press(" ")
    for _ in range(10):
        if page.evaluate("document.activeElement.textContent.trim()") == "Articles":
            break
        page.keyboard.press("Tab")
    assert page.locator(".md-sidebar--primary").get_by_role("link", name="Articles", exact=True).is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{served}/articles/")


@pytest.mark.parametrize("width", WIDTHS)
def test_search_without_a_mouse(open_page, served, width):
    page = open_page(width, "/")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.md-search__input, label[for=__search] > [role=button]')"):
            break
    if page.evaluate("document.activeElement.matches('label[for=__search] > [role=button]')"):  # the phone's search button
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    page.keyboard.type("measles")
    page.wait_for_selector(".md-search-result__link", timeout=15_000)
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.md-search-result__link')"):
            break
    assert "Measles" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{served}/articles/measles-outbreak-notice/")


# Where the focused element is, and whether the sticky header (or anything) covers it. Judged two frames
# after the key press: Material fits its sticky sidebars to the viewport in the frame after a scroll.
FOCUS_STATE = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const inHeader = !!el.closest('.md-header, .md-search, .md-skip');
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + Math.min(r.height, 16) / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return {what: `${el.tagName} ${el.textContent.trim().slice(0, 40)}`, inHeader,
          visible: r.bottom > 0 && r.top < innerHeight && r.width > 0,
          underHeader: !inHeader && r.top < header.bottom,
          top: top ? `${top.tagName}.${top.className}` : null,
          covered: !(top && (el === top || el.contains(top) || top.contains(el)))};
}"""


def hidden_focus(page, key, presses=40):
    seen, hidden = 0, []
    for _ in range(presses):
        page.keyboard.press(key)
        state = page.evaluate(FOCUS_STATE)
        if state is None or state["what"].startswith("INPUT"):
            continue
        seen += 1
        if not state["visible"] or state["underHeader"] or state["covered"]:
            hidden.append(f"{state['what']}: visible {state['visible']}, under the header {state['underHeader']}, "
                          f"covered by {state['top'] if state['covered'] else 'nothing'}")
    return seen, hidden


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["/articles/", "/articles/blood-pressure-at-home/"])
def test_focus_is_never_hidden_under_the_sticky_header(open_page, width, path):
    # Forwards from the top, then backwards from the page's end: Shift+Tab scrolls each element in from
    # above, where the sticky header is.
    page = open_page(width, path, bypass_csp=True)
    # Judge each position as it settles: a closing search box or drawer would otherwise still be fading.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    seen, hidden = hidden_focus(page, "Tab")
    assert seen > 10
    assert hidden == [], hidden
    page.evaluate("[...document.querySelectorAll('.md-footer a[href]')].at(-1).focus()")
    seen, hidden = hidden_focus(page, "Shift+Tab")
    assert seen > 10
    assert hidden == [], hidden


def test_focused_elements_scrolled_into_view_from_below_clear_the_header(open_page):
    # What the browser does for Shift+Tab and for a script's focus(): scroll just enough, which puts the
    # element at the very top of the viewport unless the page reserves room for the header.
    page = open_page("phone", "/articles/", bypass_csp=True)
    boxes = page.evaluate("""() => {
      const header = document.querySelector('.md-header').getBoundingClientRect().height;
      const top = document.querySelector('.md-top');
      return [...document.querySelectorAll('.md-content a[href]')].map(el => {
        window.scrollTo(0, document.scrollingElement.scrollHeight);
        el.focus();
        top.hidden = false;  // Material shows "Back to top" while the page scrolls up
        const t = top.getBoundingClientRect(), r = el.getBoundingClientRect();
        const underTop = r.top < t.bottom && r.bottom > t.top && r.left < t.right && r.right > t.left;
        return {what: el.textContent.trim().slice(0, 30), top: r.top, header, underTop};
      });
    }""")
    assert len(boxes) > 10
    assert [b for b in boxes if b["top"] < b["header"] or b["underTop"]] == []


HELP = """() => {
  const help = document.querySelector('.syn-footer .syn-footer__help');  // in the page's language
  if (!help) return null;
  const footer = document.querySelector('.syn-footer');
  // The same numbers in every language: the practice's phone, then 911.
  return {numbers: help.textContent.replace(/[^0-9]/g, ''), index: [...footer.children].indexOf(help),
          after: help.previousElementSibling && help.previousElementSibling.className};
}"""


def test_contact_help_is_in_the_same_place_on_every_page(open_page, served, spanish_path):
    page = open_page("phone", "/")
    places = {}
    for path in PAGES + ["/about/", "/policies/language-assistance/"]:
        page.goto(served + (spanish_path if path == SPANISH else path))
        places[path] = page.evaluate(HELP)
    first = places["/"]
    assert first is not None and first["numbers"] == "2175550142911"
    assert all(place == first for place in places.values()), places
