"""The build never deletes what it does not own, and what it builds a web server can read."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from syndicate.build import build_site

from .conftest import run_cli
from syndicate.sitedir import MARKER, SiteDirError


run = run_cli  # tests/conftest.py


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("site_dir, why", [
    (".", "is the project folder"),
    ("content", "is the content folder"),
    ("content/images", "inside the content folder"),
    ("..", "holds the project"),
    ("theme_overrides", "was not built by syndicate"),
])
def test_site_dir_that_holds_the_project_is_refused_with_exit_2(project, site_dir, why):
    before = snapshot(project)
    result = run(project, "build", "--site-dir", site_dir)
    assert result.exit_code == 2, result.output
    assert why in result.output and "[site_dir]" in result.output and "how to fix:" in result.output
    assert "Traceback" not in result.output
    assert snapshot(project) == before  # nothing deleted, nothing added
    assert not [p for p in project.parent.iterdir() if ".building-" in p.name or ".old-" in p.name]


def test_home_folder_is_refused(project, tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "taxes.txt").write_text("mine")
    monkeypatch.setenv("HOME", str(home))
    result = run(project, "build", "--site-dir", str(home))
    assert result.exit_code == 2 and "home folder" in result.output
    assert (home / "Documents" / "taxes.txt").read_text() == "mine"


def test_a_folder_of_someone_elses_files_is_refused(project, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "minutes.md").write_text("keep me")
    result = run(project, "build", "--site-dir", str(notes))
    assert result.exit_code == 2, result.output
    assert f"no {MARKER} marker" in result.output and "minutes.md" in result.output
    assert (notes / "minutes.md").read_text() == "keep me" and not (notes / "index.html").exists()


@pytest.mark.parametrize("value", [".", "content", "~"])
def test_site_dir_in_the_config_is_refused_too(project, tmp_path, monkeypatch, value):
    home = tmp_path / "home"
    home.mkdir()
    (home / "keep.txt").write_text("mine")
    monkeypatch.setenv("HOME", str(home))
    config = project / "site_config.yml"
    config.write_text(config.read_text().replace("site_dir: site\n", f"site_dir: {home if value == '~' else value}\n"))
    before = snapshot(project)
    result = run(project, "build")
    assert result.exit_code == 2, result.output
    assert "site_dir" in result.output and "site_config.yml" in result.output
    assert snapshot(project) == before and (home / "keep.txt").read_text() == "mine"


def test_new_and_marked_folders_are_built_and_rebuilt(project, tmp_path):
    out = tmp_path / "deep" / "out"
    first = run(project, "build", "--site-dir", str(out))
    assert first.exit_code == 0, first.output
    marker = (out / MARKER).read_text()
    assert "index.html\n" in marker and "articles/flu-shots-2026/index.html\n" in marker
    again = run(project, "build", "--site-dir", str(out))
    assert again.exit_code == 0, again.output


def test_a_file_added_to_a_built_site_is_not_deleted(project):
    first = build_site(project / "site_config.yml")
    (first.site_dir / "CNAME").write_text("blog.example\n")
    with pytest.raises(SiteDirError) as info:
        build_site(project / "site_config.yml")
    assert "did not build (CNAME)" in str(info.value)
    assert (first.site_dir / "CNAME").read_text() == "blog.example\n"


def test_built_site_is_readable_by_another_user(project):
    old = os.umask(0o077)  # the strictest umask a CI runner may have
    try:
        site = build_site(project / "site_config.yml").site_dir
    finally:
        os.umask(old)
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")]}
    folders = {p: m for p, m in modes.items() if p.is_dir()}
    files = {p: m for p, m in modes.items() if p.is_file()}
    assert set(folders.values()) == {0o755}, {str(p): oct(m) for p, m in folders.items() if m != 0o755}
    assert set(files.values()) == {0o644}, {str(p): oct(m) for p, m in files.items() if m != 0o644}


def test_plain_mkdocs_build_refuses_the_same_folders(project, tmp_path):
    """`mkdocs build -f site_config.yml` cleans its site_dir itself, so the plugin refuses first."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "minutes.md").write_text("keep me")
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    refused = subprocess.run([mkdocs, "build", "-q", "-f", "site_config.yml", "-d", str(notes)], cwd=project,
                             capture_output=True, text=True, timeout=300)
    assert refused.returncode != 0 and "was not built by syndicate" in refused.stderr
    assert (notes / "minutes.md").read_text() == "keep me" and not (notes / "index.html").exists()
    built = subprocess.run([mkdocs, "build", "-q", "-f", "site_config.yml"], cwd=project, capture_output=True,
                           text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert (project / "site" / MARKER).is_file()
    again = subprocess.run([mkdocs, "build", "-q", "-f", "site_config.yml"], cwd=project, capture_output=True,
                           text=True, timeout=300)
    assert again.returncode == 0, again.stderr


def test_leftovers_of_a_killed_build_are_removed_but_a_running_builds_are_kept(project):
    """SIGKILL leaves the half-built folder behind; the next build removes it, unless its build still runs."""
    dead = subprocess.Popen(["true"])  # a process id that has just ended
    dead.wait()
    killed = project / f".site.building-{dead.pid}-abc123"
    (killed / "articles").mkdir(parents=True)
    replaced = project / f".site.old-{dead.pid}"
    replaced.mkdir()
    running = project / f".site.building-{os.getpid()}-xyz789"
    running.mkdir()
    unrelated = project / ".site.notes"
    unrelated.mkdir()
    build_site(project / "site_config.yml")
    assert not killed.exists() and not replaced.exists()
    assert running.is_dir() and unrelated.is_dir()
