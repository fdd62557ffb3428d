"""The `syndicate` MkDocs plugin: articles in, a practice blog out.

The hooks stay thin; each calls a module that owns one job (listing, meta, feeds, cards).
"""
from __future__ import annotations

import html
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from .. import clock
from ..article import Article, load_articles
from ..errors import InputError, SyndicateError
from ..gate import gate_errors
from ..ledger import Ledger
from ..platforms.labels import LABELS
from ..practice import practice_from_config
from . import cards, feeds, listing, meta
from .config import SyndicateConfig

PREVIEW_ENV = "SYNDICATE_PREVIEW"  # set by `syndicate serve --preview` only; `build` never shows drafts


class SyndicatePlugin(BasePlugin[SyndicateConfig]):
    supports_multiple_instances = False

    def on_config(self, config):
        try:
            self.practice = practice_from_config(config, preview=os.environ.get(PREVIEW_ENV) == "1")
            self.now = clock.now()
            articles = load_articles(self.practice)
            self.ledger = Ledger.load(self.practice.ledger_path)
        except InputError as exc:
            raise PluginError(f"\n{exc}") from None
        self.visible = [a for a in articles if self.practice.preview or a.is_published(self.now)]
        # The site publishes pages, so the build gates pages; `post` gates the teasers it sends.
        blocking = gate_errors(self.visible, self.practice, teasers=False)
        if blocking:
            raise PluginError("the safety check found errors; nothing was built:\n" + "\n".join(blocking)
                              + "\nRun 'syndicate check' for details and how to fix or accept each one.")
        self.by_src = {a.src_uri: a for a in articles}
        self.visible_src = {a.src_uri for a in self.visible}
        self.generated_meta: dict[str, dict] = {}
        self.contents: dict[str, str] = {}
        return config

    @event_priority(50)
    def on_files(self, files: Files, config) -> Files:
        for file in list(files):
            article = self.by_src.get(file.src_uri)
            if article is None:
                continue
            if file.src_uri not in self.visible_src:
                files.remove(file)  # drafts and future articles never reach the site, feeds or sitemap
                continue
            file.dest_uri = f"{self.practice.articles_dir}/{article.slug}/index.html"
            for stale in ("url", "abs_dest_path"):
                file.__dict__.pop(stale, None)
        for src_uri, (markdown, extra) in listing.generated_pages(self.visible, self.practice).items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=markdown))
                self.generated_meta[src_uri] = extra
        return files

    def on_env(self, env, config, files):
        env.globals["syndicate_site"] = {
            "feeds": feeds.feed_links(self.practice),
            "social": [(LABELS.get(name, name.title()), url) for name, url in self.practice.social.items()],
            "contact": self.practice.contact,
            "policies": [(title, files.get_file_from_path(src).url)
                         for title, src in (("Social media and comment policy", "policies/social-media.md"),
                                            ("Privacy", "policies/privacy.md"))
                         if files.get_file_from_path(src)],
        }
        return env

    def on_page_markdown(self, markdown, page, config, files):
        src = page.file.src_uri
        article = self.by_src.get(src)
        if article is not None:
            self._article_meta(page, article)
        elif src in self.generated_meta:
            page.meta.update(self.generated_meta[src])
        if page.meta.get("syndicate_listing") == "recent":
            markdown += listing.recent_block(self.visible, self.practice, page.file.url)
        return markdown

    def _article_meta(self, page, article: Article) -> None:
        practice = self.practice
        # Material prints page.meta.title unescaped in <title>, the header and the h1.
        page.meta["title"] = html.escape(article.title)
        page.meta["description"] = article.summary
        page.meta["syndicate"] = {
            "title": article.title,
            "date": listing.human_date(article),
            "date_iso": article.date.isoformat(),
            "updated": (f"{article.updated:%B} {article.updated.day}, {article.updated.year}"
                        if article.updated else None),
            "authors": [practice.clinicians[a] for a in article.authors],
            "reviewer": practice.clinicians.get(article.reviewed_by) if article.reviewed_by else None,
            "last_reviewed": (f"{article.last_reviewed:%B} {article.last_reviewed.day}, {article.last_reviewed.year}"
                              if article.last_reviewed else None),
            "last_reviewed_iso": article.last_reviewed.isoformat() if article.last_reviewed else None,
            "disclaimer": practice.disclaimer,
            "json_ld": meta.json_ld(article, practice),
            "meta": meta.social_meta(article, practice),
            "canonical": article.url,
            "draft": not article.is_published(self.now),
            "categories": [(c, f"{practice.url}categories/{listing.slugify(c)}/") for c in article.categories],
            "also_on": [(LABELS.get(p, p), e.url) for p, e in sorted(self.ledger.posts_of(article.slug).items())],
            "category_feeds": [link for c in article.categories for link in feeds.feed_links(practice, c)[3:]],
        }
        page.meta["syndicate_feed"] = None

    def on_page_content(self, html_text, page, config, files):
        article = self.by_src.get(page.file.src_uri)
        if article is not None:
            self.contents[article.slug] = feeds.absolutize(html_text, article.url)
        return html_text

    def on_post_build(self, config):
        site_dir = Path(config.site_dir)
        published = [a for a in self.visible if a.is_published(self.now)]
        feeds.write_feeds(site_dir, self.practice, published, self.contents)
        try:
            cards.write_cards(self.visible, self.practice, site_dir, self.practice.root / ".cache" / "cards")
        except SyndicateError as exc:
            raise PluginError(str(exc)) from None
