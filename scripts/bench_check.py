#!/usr/bin/env python3
"""Time scan_text over synthetic clinic-blog articles (default: 1,000 of about 1,300 words).

    python scripts/bench_check.py [--articles N] [--words W] [--synthetic] [--without-model]

Articles are assembled from a fixed pool of sentences (education, statistics, a few patient
stories with PHI, links, images) with a seeded RNG, so runs are comparable.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from syndicate.checks import scan_text  # noqa: E402
from tests.sample_practice import sample_allow_list  # noqa: E402

SENTENCES = (
    "High blood pressure often has no symptoms, which is why regular checks matter.",
    "Statins lower LDL cholesterol and reduce the risk of heart attack and stroke.",
    "Adults over 65 should ask about the pneumococcal and shingles vaccines.",
    "Flu season usually peaks in February, so get vaccinated by the end of October.",
    "A healthy blood pressure is below 120/80, and stage 2 starts at 140/90.",
    "Nearly 38 million Americans have diabetes, and about 1 in 5 don't know it.",
    "See the CDC's guidance at https://www.cdc.gov/diabetes/basics/index.html for details.",
    "Parkinson's disease and Alzheimer's disease both become more common with age.",
    "Ask your doctor or pharmacist before starting any new supplement.",
    "Call us at (217) 555-0142 or visit 1200 Riverbend St., Suite 4, Springfield, IL 62704.",
    "Dr. Okafor and Nurse Whitfield run a diabetes class every Tuesday evening.",
    "Walking thirty minutes a day, five days a week, can lower your A1c.",
    "If you're having chest pain, call 911 right away.",
    "My patient Rosa came in last Tuesday worried about her cholesterol.",
    "Mrs. Alvarez, 92, still walks to church every morning.",
    "You should stop taking your lisinopril if you feel dizzy.",
    "![Bowl of oatmeal with blueberries](/images/oatmeal.jpg)",
    "Her MRN is 00482913 and her cell is 217-555-0199.",
    "Low-dose aspirin is usually 81 mg, but it is not right for everyone.",
    "Sleep, stress and alcohol all affect blood pressure readings at home.",
)


def make_article(rng: random.Random, words: int) -> str:
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "## Heart health\n\n" + "\n\n".join(paragraphs) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=1300)
    parser.add_argument("--synthetic", action="store_true",
                        help="the build benchmark's articles (scripts/synthetic.py) instead of the dense pool")
    parser.add_argument("--without-model", action="store_true", help="the rules alone, without phi.suspect's model")
    args = parser.parse_args(argv)
    if args.without_model:
        from syndicate.checks.recognizers import suspect
        suspect.load_model = lambda: None
    if args.synthetic:
        from synthetic import generate
        articles = [body for _, _, body in generate(args.articles)]
    else:
        rng = random.Random(20240303)
        articles = [make_article(rng, args.words) for _ in range(args.articles)]
    allow = sample_allow_list()
    scan_text("warm-up: loads the word lists and the model once", allow)
    started, cpu = time.perf_counter(), time.process_time()
    findings = sum(len(scan_text(article, allow)) for article in articles)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    words = sum(len(a.split()) for a in articles)
    print(f"{args.articles} articles, {words / args.articles:.0f} words each: {elapsed:.2f} s "
          f"({elapsed / args.articles * 1000:.1f} ms per article, {cpu / args.articles * 1000:.1f} ms CPU; "
          f"{findings} findings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
