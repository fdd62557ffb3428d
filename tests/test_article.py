"""The front-matter schema: every rule, and an error that names file, line, field and fix."""
from __future__ import annotations

import os

import pytest

from syndicate.article import load_article, load_articles
from syndicate.errors import InputError
from syndicate.practice import load_practice

from .conftest import PUBLISHED_SAMPLE, UNPUBLISHED_SAMPLE, VALID_FRONT, write_article


@pytest.fixture
def practice(project):
    return load_practice(project / "site_config.yml")


def problems_of(path, practice):
    with pytest.raises(InputError) as info:
        load_article(path, practice)
    return info.value.problems


def test_sample_articles_all_load(practice):
    slugs = {a.slug for a in load_articles(practice)}
    assert slugs == PUBLISHED_SAMPLE | UNPUBLISHED_SAMPLE


def test_valid_article_fields(project, practice):
    path = write_article(project, "water.md", VALID_FRONT)
    a = load_article(path, practice)
    assert a.slug == "water" and a.authors == ("okafor",) and a.tags == ("summer", "hydration")
    assert a.date.tzinfo is not None and a.date.utcoffset().total_seconds() == -5 * 3600  # America/Chicago, CDT
    assert a.url == "https://blog.riverbend-family.example/articles/water/"
    assert a.platforms == ("bluesky", "mastodon", "linkedin")  # the practice's default
    assert a.body.startswith("Some general health education.")
    assert a.body_line == 12


def test_malformed_yaml_names_the_line(project, practice):
    path = write_article(project, "bad.md", VALID_FRONT.replace("title: Drink water in the heat", "title: Surgery: a checklist"))
    [p] = problems_of(path, practice)
    assert p.line == 2 and "not valid YAML" in p.message and "quotes" in p.fix


def test_missing_title(project, practice):
    path = write_article(project, "bad.md", VALID_FRONT.replace("title: Drink water in the heat\n", ""))
    [p] = problems_of(path, practice)
    assert p.field == "title" and "missing" in p.message and "add 'title:'" in p.fix


def test_impossible_date_names_field_and_line(project, practice):
    path = write_article(project, "bad.md", VALID_FRONT.replace("2026-07-01 08:00", "2026-02-30"))
    [p] = problems_of(path, practice)
    assert (p.field, p.line) == ("date", 3) and "not a real date" in p.message and "YYYY-MM-DD" in p.fix


def test_unknown_author_suggests_the_roster(project, practice):
    path = write_article(project, "bad.md", VALID_FRONT.replace("[okafor]", "[okafur]"))
    [p] = problems_of(path, practice)
    assert p.field == "authors" and "okafur" in p.message and "did you mean 'okafor'" in p.fix


def test_image_without_alt_text(project, practice):
    path = write_article(project, "bad.md", VALID_FRONT + "image: images/flu-clinic.png\n")
    [p] = problems_of(path, practice)
    assert p.field == "image" and "alt text" in p.message and "image_alt" in p.fix


def test_unknown_key_gets_did_you_mean(project, practice):
    path = write_article(project, "bad.md", VALID_FRONT + "sumary: typo\n")
    [p] = problems_of(path, practice)
    assert "unknown field 'sumary'" in p.message and "did you mean 'summary'" in p.fix and p.line == 10


def test_every_problem_in_a_file_is_reported_at_once(project, practice):
    front = VALID_FRONT.replace("title: Drink water in the heat\n", "").replace("[okafor]", "[nobody]")
    fields = {p.field for p in problems_of(write_article(project, "bad.md", front), practice)}
    assert {"title", "authors"} <= fields


def test_duplicate_slugs(project, practice):
    write_article(project, "one.md", VALID_FRONT + "slug: same-thing\n")
    write_article(project, "two.md", VALID_FRONT + "slug: same-thing\n")
    with pytest.raises(InputError) as info:
        load_articles(practice)
    [p] = info.value.problems
    assert p.field == "slug" and "already used" in p.message and p.path.name == "two.md"


def test_non_utf8_file(project, practice):
    path = project / "content" / "articles" / "latin1.md"
    path.write_bytes(("---\ntitle: Caf" ).encode() + b"\xe9\n---\n")
    [p] = problems_of(path, practice)
    assert "not UTF-8" in p.message and p.line == 2 and "UTF-8" in p.fix


def test_symlink_outside_content_is_refused(project, practice, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: x\n---\n")
    link = project / "content" / "articles" / "linked.md"
    os.symlink(outside, link)
    [p] = problems_of(link, practice)
    assert "outside content/" in p.message and "copy the file" in p.fix


def test_no_front_matter(project, practice):
    path = project / "content" / "articles" / "plain.md"
    path.write_text("Just text\n")
    [p] = problems_of(path, practice)
    assert "no front matter" in p.message and p.line == 1


def test_problem_text_names_file_line_and_field(project, practice):
    path = write_article(project, "bad.md", VALID_FRONT.replace("2026-07-01 08:00", "2026-13-01"))
    text = str(problems_of(path, practice)[0])
    assert text.startswith(f"{path}:3: [date]") and "how to fix:" in text


def test_a_large_site_is_parsed_in_worker_processes_with_the_same_articles_and_problems(project, practice, monkeypatch):
    # Past PARALLEL_FROM articles the parsing runs in forked workers: what they send back must be what
    # the parent would have read, problems included and in the same order.
    from syndicate import article as article_module, cores
    for n in range(article_module.PARALLEL_FROM + 5):
        write_article(project, f"tip-{n:03d}.md", VALID_FRONT.replace("Drink water", f"Drink water, tip {n}"))
    write_article(project, "bad.md", VALID_FRONT.replace("[okafor]", "[nobody]"))
    write_article(project, "dup.md", VALID_FRONT + "slug: tip-007\n")
    forked = []
    real_fork_pool = article_module.fork_pool
    monkeypatch.setattr(article_module, "fork_pool", lambda n: forked.append(n) or real_fork_pool(n))

    def outcome(workers):
        monkeypatch.setattr(cores, "processes", lambda configured=None, cap=None: workers)
        with pytest.raises(InputError) as info:
            load_articles(practice)
        return [(p.path.name, p.line, p.field, p.message) for p in info.value.problems]

    in_parallel, serially = outcome(2), outcome(1)
    assert forked == [2]  # the first run forked two workers, the second none
    assert in_parallel == serially
    assert any(name == "bad.md" and field == "authors" for name, _, field, _ in in_parallel)
    assert any(field == "slug" and "already used" in message for _, _, field, message in in_parallel)
    monkeypatch.undo()
    (project / "content" / "articles" / "bad.md").unlink()
    (project / "content" / "articles" / "dup.md").unlink()
    assert len({a.slug for a in load_articles(practice)}) == article_module.PARALLEL_FROM + 5 + len(
        PUBLISHED_SAMPLE | UNPUBLISHED_SAMPLE)


def test_an_article_removed_after_the_folder_was_listed_is_left_out_not_called_a_special_file(project, practice):
    # With the parsing in workers, the gap between listing content/ and reading a file spans the whole parse; an
    # editor saving by rename opens it. The file is simply not published, as before.
    from syndicate import article as article_module
    path = write_article(project, "brief.md", VALID_FRONT)
    article_module._SHARED_PRACTICE[:] = [practice]
    assert isinstance(article_module._article_or_problems(path), article_module.Article)
    path.unlink()
    assert article_module._article_or_problems(path) is None


def test_pictures_read_by_the_parsing_workers_are_not_decoded_again(project, practice, monkeypatch):
    # Decoding is most of loading a site with many pictures: the workers send their verdicts back, and the scan of
    # content/ that follows decodes only the pictures no article names.
    import io
    from PIL import Image
    from syndicate import article as article_module, images
    pictures = project / "content" / "images"
    for n in range(article_module.PARALLEL_FROM + 5):
        buffer = io.BytesIO()
        Image.new("RGB", (60, 40), (n, 90, 140)).save(buffer, "PNG")
        (pictures / f"tip-{n:03d}.png").write_bytes(buffer.getvalue())
        write_article(project, f"tip-{n:03d}.md", VALID_FRONT.replace("Drink water", f"Drink water, tip {n}")
                      + f"image: images/tip-{n:03d}.png\nimage_alt: A blue square\n")
    in_this_process = []
    real = images._decode
    monkeypatch.setattr(images, "_decode", lambda *a: in_this_process.append(a[0].name) or real(*a))
    images._checked.clear()
    assert len(load_articles(practice)) >= article_module.PARALLEL_FROM + 5
    assert not any(name.startswith("tip-") for name in in_this_process), in_this_process
    assert images.known() >= article_module.PARALLEL_FROM + 5
