"""One sample teaser for the platform client tests, so each test file states only what differs."""
from __future__ import annotations

from pathlib import Path

from syndicate.platforms import Teaser

from .images import PNG


def article_link(platform: str) -> str:
    return f"https://clinic.example/articles/heart-health/?utm_source={platform}&utm_medium=social&utm_campaign=heart-health"


def sample_teaser(platform: str, limit: int, *, image_dir: Path | None = None, image_url: str | None = None) -> Teaser:
    """The heart-health teaser; with `image_dir`, a small real PNG written there is its share image."""
    link = article_link(platform)
    image_path = None
    if image_dir is not None:
        image_path = image_dir / "heart-health.png"
        image_path.write_bytes(PNG)
    return Teaser(slug="heart-health", platform=platform, text=f"Five habits for a healthy heart.\n\n#Heart\n\n{link}",
                  link=link, title="Heart health", description="Five habits.", image_url=image_url,
                  image_path=str(image_path) if image_path else None, image_alt="A drawing of a heart",
                  length=0, limit=limit)
