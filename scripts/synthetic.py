"""Synthetic articles for benchmarks: realistic length, categories, tags, authors and images.

Deterministic (seeded), so two runs build the same content.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

CATEGORIES = ["Vaccines", "Heart health", "Diabetes", "Healthy living", "Seasonal reminders",
              "Practice news", "Surgery and procedures", "Prevention", "Mental health", "Children's health"]
TAGS = ["flu", "vaccines", "sleep", "exercise", "nutrition", "blood pressure", "diabetes", "winter", "summer",
        "screening", "skin", "heart", "hydration", "allergies", "asthma", "back pain", "stress", "kids",
        "seniors", "wellness", "hygiene", "travel", "immunization", "checkups"]
AUTHORS = ["okafor", "lee", "raman", "whitfield"]
WORDS = ("health care patient family doctor nurse visit daily habit water sleep walk heart blood pressure "
         "sugar vaccine season winter summer clinic appointment symptoms fever cough rest food fruit vegetables "
         "exercise stress mood screening test result change week month year body skin hands wash safe help "
         "call question plan routine energy breath strong bones muscles").split()


def paragraph(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def body(rng: random.Random, words: int = 1300) -> str:
    parts, count, section = [], 0, 1
    while count < words:
        if count and rng.random() < 0.25:
            parts.append(f"## Section {section}: {rng.choice(WORDS)} and {rng.choice(WORDS)}")
            section += 1
        if rng.random() < 0.15:
            items = [f"- {paragraph(rng, 1)}" for _ in range(rng.randint(3, 5))]
            parts.append("\n".join(items))
            count += 12 * len(items)
        text = paragraph(rng, rng.randint(3, 6))
        parts.append(text)
        count += len(text.split())
    return "\n\n".join(parts) + "\n"


def generate(n: int, seed: int = 2026):
    """Yields (slug, meta dict, body) for n articles, newest last."""
    rng = random.Random(seed)
    start = datetime(2020, 1, 1, 8, 0)
    for i in range(n):
        slug = f"article-{i:05d}"
        meta = {
            "title": f"{rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)}: practical tips, part {i}",
            "date": start + timedelta(hours=11 * i),
            "summary": paragraph(rng, 1),
            "authors": [rng.choice(AUTHORS)],
            "categories": rng.sample(CATEGORIES, rng.randint(1, 2)),
            "tags": rng.sample(TAGS, rng.randint(2, 4)),
            "image": i % 5 == 0,  # one in five has its own image; the rest get share cards
        }
        yield slug, meta, body(rng)


def write_png(path: Path) -> None:
    from PIL import Image
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1200, 630), (200, 220, 230)).save(path)
