"""The Content-Security-Policy of every page: only this site's own scripts, styles, images and
connections, and no inline script but Material's own.

Content is escaped and sanitised before it reaches a page; the policy is the second wall, so a
mistake that slips through still cannot run. Material needs a few small inline scripts (its
storage helpers, palette and tab state). Each page's policy lists the SHA-256 of exactly those
scripts, recognised against Material's own template files; any other inline script on the page
gets no hash, and the browser refuses to run it.
"""
from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

PLACEHOLDER = "syndicate-csp-placeholder"  # written by theme_overrides/main.html, first in <head>
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_TEMPLATE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_EXPRESSION = re.compile(r"\{\{.*?\}\}")
# A template expression in a Material script is a URL or a base path: never a quote, bracket or markup.
_EXPRESSION_VALUE = r'[^"\'<>()\\`;{}]*'


@lru_cache(maxsize=1)
def material_scripts() -> tuple[re.Pattern, ...]:
    """Patterns of the inline scripts Material's templates can write, read from the installed theme."""
    import material
    folder = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
    patterns = []
    for template in sorted(folder.glob("*.html")):
        for body in _TEMPLATE_SCRIPT.findall(template.read_text(encoding="utf-8")):
            parts = _EXPRESSION.split(body)
            patterns.append(re.compile(_EXPRESSION_VALUE.join(re.escape(p) for p in parts), re.DOTALL))
    return tuple(patterns)


def _is_javascript(attrs: str) -> bool:
    kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", attrs, re.IGNORECASE)
    return not kind or kind.group(1).lower() in ("text/javascript", "module", "application/javascript")


def _hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def policy(page_html: str, *, site_origin: str = "", live_reload: bool = False) -> str:
    """The policy for one rendered page. `live_reload` (syndicate serve only): MkDocs' dev server
    injects an inline reload script after the page is built, which no hash can foresee.
    `site_origin`: the site's public origin, from site_url; Material fetches its sitemap from there,
    which is 'self' on the real site but not on a preview served elsewhere."""
    if live_reload:
        scripts = "'self' 'unsafe-inline'"
    else:
        allowed = sorted({_hash(m["body"]) for m in _INLINE_SCRIPT.finditer(page_html)
                          if "src=" not in m["attrs"].lower() and _is_javascript(m["attrs"])
                          and any(p.fullmatch(m["body"]) for p in material_scripts())})
        # 'wasm-unsafe-eval': the site search (Pagefind, syndicate/site/search.py) compiles its own
        # WebAssembly from this site; it allows WebAssembly only, not eval() of JavaScript.
        scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *allowed])
    return ("default-src 'self'; "
            f"script-src {scripts}; "
            "style-src 'self' 'unsafe-inline'; "  # Material sets inline styles; CSS cannot run script
            "img-src 'self' data:; "  # Material's icons are data: SVG in its stylesheet
            f"font-src 'self'; connect-src 'self'{' ' + site_origin if site_origin else ''}; worker-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'none'")


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def apply(page_html: str, *, site_url: str = "", live_reload: bool = False) -> str:
    """Fills in the page's policy (the first placeholder: ours, first in <head>, before any content)."""
    if PLACEHOLDER not in page_html:
        return page_html
    return page_html.replace(PLACEHOLDER, policy(page_html, site_origin=origin(site_url), live_reload=live_reload), 1)
