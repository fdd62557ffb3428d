"""`syndicate preview --format markdown` goes into the pull request's job summary, which GitHub
renders as CommonMark with HTML: teaser text from the pull request must show there as text, or
a summary could hide the teasers after it (`<!--`), fold them away (`<details>`) or load a
remote image when the reviewer opens the summary (attack finding 17)."""
from __future__ import annotations

import json
import re

import pytest
from markdown_it import MarkdownIt

from .conftest import run_cli

HOSTILE = ('Duerma bien | col | ![x](https://evil.example/p.png) <details open><summary>X</summary> '
           '**bold** [link](https://evil.example) ``` ~~~ <!-- ')


def render(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def test_hostile_teaser_text_renders_as_text_and_hides_no_other_teaser(project):
    article = project / "content" / "articles" / "healthy-sleep.md"
    text = article.read_text()
    article.write_text(re.sub(r"(?m)^summary: .*$", "summary: " + json.dumps(HOSTILE), text, count=1))
    assert run_cli(project, "check").exit_code == 0  # the summary passes the safety check
    shown = run_cli(project, "preview", "--format", "markdown")
    assert shown.exit_code == 0, shown.output
    assert HOSTILE.strip() in shown.output  # the teaser exactly as sent
    html = render(shown.output)
    for tag in ("<!--", "<details", "<summary", "<img", "<a ", "<strong>bold"):
        assert tag not in html, tag
    assert "evil.example/p.png" in html and "&lt;details open&gt;" in html  # there, as text
    rows = json.loads(run_cli(project, "preview", "--format", "json").output)
    assert len(rows) > 3
    for row in rows:  # every teaser, including those after the hostile one, is still in view
        assert f"{row['article']} → {row['platform']}" in html.replace("\\", "")


@pytest.mark.parametrize("text", [HOSTILE, "a_b*c* `x` # h", "1. not a list", "&amp; &lt;", "line\nbreak"])
def test_a_literal_renders_as_the_text_itself(text):
    from syndicate.cli import _markdown_literal  # how an error message is shown in the same summary
    html = render(_markdown_literal(text))
    plain = re.sub(r"</?p>", "", html).strip()
    import html as html_lib
    assert html_lib.unescape(plain) == " ".join(text.split())
