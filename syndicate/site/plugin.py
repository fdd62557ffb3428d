"""The `syndicate` MkDocs plugin: articles in, a practice blog out.

The hooks stay thin; each calls a module that owns one job (listing, meta, feeds, cards,
parallel rendering).
"""
from __future__ import annotations

import html
import logging
import os
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from .. import clock, cores, locales, sitedir, topics
from ..article import Article, load_articles
from ..errors import InputError, SyndicateError
from ..gate import gate_errors, stale_reviews
from ..ledger import Ledger
from ..platforms import label
from ..practice import practice_from_config
from ..public import UNCHECKED, hidden, kind_of
from ..teaser_preview import article_rows
from . import also_on, cards, csp, feeds, languages, listing, meta, notices, parallel, preview_panel, profiles, sanitize, search, structured_data
from .config import SyndicateConfig

log = logging.getLogger("mkdocs.plugins.syndicate")

PREVIEW_ENV = "SYNDICATE_PREVIEW"  # set by `syndicate serve --preview` only; `build` never shows drafts
STAGED_ENV = "SYNDICATE_STAGED"  # set by `syndicate build`: its output is swapped in only after success


class SyndicatePlugin(BasePlugin[SyndicateConfig]):
    supports_multiple_instances = False

    def __init__(self):
        super().__init__()
        self.dirty = False
        self.command = None
        self.live_reload = False  # only `serve` injects MkDocs' reload script
        self._articles_cache: dict = {}
        self.contents: dict[str, str] = {}
        self.preview_findings: dict | None = None  # only in `serve --preview`: findings shown on the pages

    def on_startup(self, *, command, dirty):
        # Defining this hook makes MkDocs keep this instance across `serve` rebuilds, and with it
        # the caches: after one edit, a rebuild re-reads and re-renders one article.
        self.dirty = dirty
        self.command = command
        self.live_reload = command == "serve"

    def on_config(self, config):
        try:
            self.practice = practice_from_config(config, preview=os.environ.get(PREVIEW_ENV) == "1")
            if self._plain_build:  # `mkdocs build` cleans site_dir itself: the same refusals as `syndicate build`
                sitedir.refuse_site_dir(self.practice.site_dir, root=self.practice.root, docs_dir=self.practice.docs_dir,
                                        config_path=self.practice.config_path, source="site_dir in site_config.yml")
            self.now = clock.now()
            articles = load_articles(self.practice, self._articles_cache)
            self.ledger = Ledger.load(self.practice.ledger_path)
        except InputError as exc:
            raise PluginError(f"\n{exc}") from None
        self.visible = [a for a in articles if self.practice.preview or a.is_published(self.now)]
        for a, _attr, _name, message, _fix in topics.variant_warnings(self.visible):
            log.warning(f"{a.path}: {message}")
        large = len(self.visible) >= self.config.parallel_from
        self.workers = cores.processes(self.config.workers) if large else 1
        # Only a staged build may check beside the rendering: a failure there still discards all output.
        self.defer_gate = self.workers > 1 and os.environ.get(STAGED_ENV) == "1"
        self.preview_findings = None
        if self.practice.preview and self.command == "serve":
            # The live preview never blocks: each page shows its findings instead (preview_panel).
            self.preview_findings = preview_panel.collect(self.visible, self.practice, self.now)
        elif not self.defer_gate:
            self._gate()
        self.prerender = self.background = None
        self.by_src = {a.src_uri: a for a in articles}
        self.visible_src = {a.src_uri for a in self.visible}
        self.translations = languages.translation_groups(self.visible)
        self.site_languages = listing.languages(self.visible, self.practice.language)
        self.generated: dict[str, listing.Listing] = {}
        if not self.dirty:
            self.contents = {}  # a dirty rebuild renders only changed pages: keep the others' feed HTML
        return config

    @property
    def _plain_build(self) -> bool:
        """A `mkdocs build` of its own, not staged by `syndicate build` and not `serve`'s temporary folder."""
        return self.command == "build" and os.environ.get(STAGED_ENV) != "1"

    def _gate(self) -> None:
        # The site publishes pages, so the build gates pages; `post` gates the teasers it sends.
        blocking = gate_errors(self.visible, self.practice, teasers=False)
        if blocking:
            raise PluginError("the safety check found errors; nothing was built:\n" + "\n".join(blocking)
                              + "\nRun 'syndicate check' for details and how to fix or accept each one.")
        for line in stale_reviews(self.visible, self.practice):
            log.warning(line)

    def _cards(self, site_dir: Path) -> None:
        cards.write_cards(self.visible, self.practice, site_dir, self.practice.root / ".cache" / "cards")

    def _gate_and_cards(self, site_dir: Path) -> str | None:
        """Runs in the background process: the error message, or None once the cards are drawn."""
        try:
            if self.defer_gate:
                self._gate()
            self._cards(site_dir)
        except (PluginError, SyndicateError) as exc:
            return str(exc)
        return None

    def _from_content(self, file: File) -> bool:
        """A file of content/ (not the theme's assets, not a page a plugin generated)."""
        if file.generated_by is not None or not file.abs_src_path:
            return False
        return Path(os.path.abspath(file.abs_src_path)).is_relative_to(os.path.abspath(self.practice.docs_dir))

    def _unchecked(self, file: File) -> str | None:
        """Why the gate did not read this file (so it must not be published), or None."""
        if hidden(file.src_uri):
            return "the safety check skips hidden files, so it is left out of the site"
        if kind_of(file.src_uri, self.practice.articles_dir) == UNCHECKED:
            return f"the safety check cannot read this kind of file ({Path(file.src_uri).suffix or 'no extension'}), " \
                   "so it is left out of the site"
        if not Path(file.abs_src_path).resolve().is_relative_to(self.practice.docs_dir.resolve()):
            return "it is a link to a file outside content/, so it is left out of the site"
        return None

    @event_priority(50)
    def on_files(self, files: Files, config) -> Files:
        for file in list(files):
            if (self._from_content(file) and not file.inclusion.is_excluded()
                    and (why := self._unchecked(file))):
                files.remove(file)  # never copied unchecked (docs/checks.md, "Coverage")
                log.warning(f"{self.practice.docs_dir.name}/{file.src_uri}: {why}; "
                            "make it a Markdown page or a picture, or remove it from content/")
                continue
            article = self.by_src.get(file.src_uri)
            if article is None:
                continue
            if file.src_uri not in self.visible_src:
                files.remove(file)  # drafts and future articles never reach the site, feeds or sitemap
                continue
            file.dest_uri = f"{article.address}index.html"  # es/articles/SLUG/ for Spanish
            for stale in ("url", "abs_dest_path"):
                file.__dict__.pop(stale, None)
        for src_uri, page in listing.generated_pages(self.visible, self.practice).items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=page.markdown))
                self.generated[src_uri] = page
        for src_uri, markdown in profiles.generated_pages(self.visible, self.practice).items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=markdown))
        return files

    def on_nav(self, nav, config, files):
        if self.workers > 1:
            # A dirty rebuild renders only the pages whose source is newer than their output.
            articles = [a.src_uri for a in self.visible if (f := files.get_file_from_path(a.src_uri))
                        and (not self.dirty or f.is_modified())]
            self.background = parallel.Background(lambda: self._gate_and_cards(Path(config.site_dir)))
            if len(articles) >= self.config.parallel_from:
                self.prerender = parallel.Prerenderer(config, files, articles, self.workers)
        return nav

    def on_pre_page(self, page, config, files):
        if self.prerender is not None:
            rendered = self.prerender.take(page.file.src_uri)
            if rendered is not None:
                parallel.use_rendered(page, rendered, files)
        return page

    def on_env(self, env, config, files):
        env.globals["syndicate_site"] = self._site_globals(files)
        env.globals["syndicate_words"] = locales.words  # the site's own words in a page's language
        return env

    def on_build_error(self, error, **kwargs):
        for name in ("prerender", "background"):
            helper = getattr(self, name, None)
            if helper is not None:
                helper.close()
            setattr(self, name, None)

    def _site_globals(self, files) -> dict:
        return {
            # Per language: a Spanish page advertises the Spanish feeds (feeds.py).
            "feeds": {lang: feeds.feed_links(self.practice, lang=lang)
                      for lang in dict.fromkeys([self.practice.language, *locales.LANGUAGES])},
            "social": [(label(name), url) for name, url in self.practice.social.items()],
            "contact": self.practice.contact,
            # (key of the title in locales.WORDS, address): the footer names them in the page's language.
            "policies": [(title, files.get_file_from_path(src).url)
                         for title, src in (("social_media_policy", "policies/social-media.md"),
                                            ("privacy_policy", "policies/privacy.md"))
                         if files.get_file_from_path(src)],
            "language": self.practice.language,
            "privacy_notice": self._privacy_notice_href(files),
            "language_assistance": languages.assistance_links(self.config.language_assistance, files),
        }

    def _privacy_notice_href(self, files) -> str | None:
        """Site-relative for a page of content/ (the template's `url` filter makes it relative), else the address."""
        notice = self.practice.privacy_notice
        if not notice or "://" in notice:
            return notice or None
        file = files.get_file_from_path(notice.lstrip("/"))
        return file.url if file else None

    def on_page_markdown(self, markdown, page, config, files):
        src = page.file.src_uri
        article = self.by_src.get(src)
        if article is not None:
            self._article_meta(page, article)
        elif src in self.generated:
            page.meta.update(self.generated[src].meta)
        else:
            meta.escape_page_title(page.meta)
            # content/es/aviso.md and privacy.es.md are Spanish pages: the gate checks them by the same rule.
            lang = locales.page_language(src, self.practice.language)
            if lang != self.practice.language:
                page.meta["syndicate_lang"] = lang
        page.meta["syndicate_languages"] = self._page_languages(src, article, page)
        page.meta["syndicate_ld"] = self._page_ld(src, page.file.url)
        if page.meta.get("syndicate_listing") == "recent":
            markdown += listing.recent_block(notices.current(self.visible, self.now), self.practice, page.file.url)
        return markdown

    def _page_languages(self, src: str, article: Article | None, page) -> dict | None:
        """The page's other versions (hreflang links and the visible switch), or None."""
        if article is not None:
            links = languages.alternates(article, self.translations)
        else:
            versions = listing.counterparts(src, self.site_languages, self.practice) if src in self.generated else {}
            links = [(lang, urljoin(self.practice.url, other[: -len("index.md")])) for lang, other in versions.items()]
            links += [("x-default", links[0][1])] if len(links) > 1 else []
        if len(links) < 2:
            return None
        lang = page.meta.get("syndicate_lang", self.practice.language)
        return languages.page_languages(links, self.practice.url, page.file.url, lang)

    def _page_ld(self, src: str, url: str) -> str | None:
        """JSON-LD for the pages that are not articles: the practice on home and about, clinicians on profiles."""
        practice = self.practice
        cid = src.removeprefix(f"{profiles.CLINICIANS_DIR}/").removesuffix(".md")
        if src == profiles.profile_src(cid) and cid in practice.clinicians:
            return structured_data.to_script_text(structured_data.profile_graph(practice, cid))
        if src in ("index.md", "about.md"):
            return structured_data.to_script_text(
                structured_data.practice_graph(practice, urljoin(practice.url, url), about_page=src == "about.md"))
        return None

    def _article_meta(self, page, article: Article) -> None:
        practice = self.practice
        lang = article.lang
        # Material prints page.meta.title unescaped in <title>, the header and the h1.
        page.meta["title"] = html.escape(article.title)
        page.meta["description"] = article.summary
        page.meta["syndicate_lang"] = lang
        page.meta["syndicate"] = {
            "title": article.title,
            "date": listing.human_date(article),
            "date_iso": article.date.isoformat(),
            "updated": locales.long_date(article.updated, lang) if article.updated else None,
            "authors": [practice.clinicians[a] for a in article.authors],
            "reviewer": practice.clinicians.get(article.reviewed_by) if article.reviewed_by else None,
            # Only with checks.allow_self_review: the page must not suggest a second clinician read it.
            "self_reviewed": article.reviewed_by in article.authors,
            "last_reviewed": locales.long_date(article.last_reviewed, lang) if article.last_reviewed else None,
            "last_reviewed_iso": article.last_reviewed.isoformat() if article.last_reviewed else None,
            "disclaimer": practice.disclaimers[lang],  # load_articles refused an article without one
            "json_ld": meta.json_ld(article, practice),
            "profiles": profiles.profile_links(practice, page.file.url),
            "ended": notices.ended_line(article, self.now),
            "meta": meta.social_meta(article, practice),
            "canonical": article.url,
            "draft": not article.is_published(self.now),
            "categories": [(c, practice.url + practice.lang_prefix(lang) + topics.topic_path("categories", c))
                           for c in article.categories],
            "also_on": also_on.also_on_html(also_on.copies(self.ledger, article.slug), lang),
            "category_feeds": [link for c in article.categories for link in feeds.feed_links(practice, c, lang)[3:]],
            "lang": lang,
        }
        page.meta["syndicate_feed"] = None

    def on_page_content(self, html_text, page, config, files):
        generated = self.generated.get(page.file.src_uri)
        if generated is None:  # authors' HTML; generated listings are escaped by construction
            html_text = sanitize.clean(html_text)
        article = self.by_src.get(page.file.src_uri)
        if article is not None:
            self.contents[article.slug] = notices.feed_content(article, self.practice,
                                                               feeds.absolutize(html_text, article.url), self.now)
        if generated is not None and generated.cards_html:
            html_text = html_text.replace(listing.PLACEHOLDER, generated.cards_html, 1)
        versions = page.meta.get("syndicate_languages")
        if generated is not None and versions:  # the list's heading is its Markdown's: the switch goes under it
            html_text = html_text.replace("</h1>", "</h1>\n" + languages.switch_html(versions), 1)
        if self.preview_findings is not None and page.file.abs_src_path:
            found = self.preview_findings.get(Path(page.file.abs_src_path).resolve(), [])
            rows = article_rows(article, self.practice) if article is not None else None
            html_text = preview_panel.decorate(html_text, found, rows, self.practice)
        return html_text

    def on_post_page(self, output, page, config):
        return csp.apply(output, site_url=self.practice.url, live_reload=self.live_reload)

    def on_post_template(self, output_content, template_name, config):
        return csp.apply(output_content, site_url=self.practice.url, live_reload=self.live_reload)  # 404.html

    def on_post_build(self, config):
        site_dir = Path(config.site_dir)
        published = [notices.as_fed(a, self.now) for a in self.visible if a.is_published(self.now)]
        feeds.write_feeds(site_dir, self.practice, published, self.contents)
        if self.prerender is not None:
            self.prerender.close()
            self.prerender = None
        if self.background is not None:
            failure, self.background = self.background.result(), None
            if failure:
                raise PluginError(failure)
            self._finish(site_dir)
            return
        try:
            self._cards(site_dir)
        except SyndicateError as exc:
            raise PluginError(str(exc)) from None
        self._finish(site_dir)

    def _finish(self, site_dir: Path) -> None:
        try:
            search.index_site(site_dir)  # last: it reads the finished pages
        except SyndicateError as exc:
            raise PluginError(str(exc)) from None
        if self._plain_build:  # `syndicate build` marks its staging folder itself
            sitedir.finish(site_dir)
