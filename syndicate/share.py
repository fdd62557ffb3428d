"""Where an article's share image lives: its own image, or the card the build draws for it."""
from __future__ import annotations

from pathlib import Path

from .article import Article
from .errors import SyndicateError
from .images import image_problem
from .practice import Practice

CARD_DIR = "assets/cards"


def share_image(article: Article, practice: Practice) -> tuple[str, str]:
    """(path inside the built site, alt text). Pure: the build and the teasers agree by construction."""
    if article.image:
        return article.image.lstrip("/"), article.image_alt or ""
    return f"{CARD_DIR}/{article.slug}.jpg", f"{article.title}: an article from {practice.name}"


def share_image_url(article: Article, practice: Practice) -> str:
    return practice.url + share_image(article, practice)[0]


def built_share_file(article: Article, practice: Practice, site_dir: Path) -> Path | None:
    """The built file of this article's own image or share card: the only file `post` ever uploads.

    None when the site has not been built (a preview). Raises SyndicateError when the file is
    not a plain, valid image inside the built site, so nothing else can be sent."""
    site = Path(site_dir).resolve()
    relative = Path(share_image(article, practice)[0])
    path = site / relative
    if ".." in relative.parts or relative.is_absolute():
        raise SyndicateError(f"{article.path}: [image] the share image path '{relative}' leaves the built site; "
                             "how to fix: name an image inside content/ without '..'")
    if not path.exists() and not path.is_symlink():
        return None
    resolved = path.resolve()
    if resolved != path or not resolved.is_file():
        raise SyndicateError(f"{article.path}: [image] the built share image {path} is a link or not a file; "
                             "nothing is uploaded from outside the built site. How to fix: run 'syndicate build' again "
                             "into a fresh site folder")
    problem = image_problem(resolved)
    if problem:
        raise SyndicateError(f"{article.path}: [image] the built share image {path}: {problem[0]}; how to fix: {problem[1]}")
    return resolved
