"""Plays a GitHub Actions workflow file on this machine, step by step, for the rehearsal.

`run:` steps execute as GitHub runs them (bash -eo pipefail, in the checkout, with the step's
env and secrets); the few `uses:` actions the workflows use get local stand-ins (deploy means
"publish to the loopback static server"). An unknown action fails the rehearsal, so the
workflow cannot grow a step that the tests do not play.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

_EXPR = re.compile(r"\$\{\{\s*secrets\.([A-Z0-9_]+)\s*\}\}")
_RUNNER_TEMP = re.compile(r"\$\{\{\s*runner\.temp\s*\}\}")


@dataclass
class StepResult:
    job: str
    name: str
    returncode: int
    output: str


@dataclass
class RunResult:
    jobs: dict[str, str] = field(default_factory=dict)  # job -> success | failure | skipped
    steps: list[StepResult] = field(default_factory=list)
    summary: str = ""

    def output_of(self, job: str, name_part: str) -> str:
        return next(s.output for s in self.steps if s.job == job and name_part in s.name)


def job_order(jobs: dict) -> list[str]:
    done: list[str] = []
    while len(done) < len(jobs):
        ready = [j for j, spec in jobs.items() if j not in done
                 and all(n in done for n in _needs(spec))]
        if not ready:
            raise ValueError("the workflow's jobs have a cycle in 'needs'")
        done += ready
    return done


def _needs(spec: dict) -> list[str]:
    needs = spec.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


class LocalActions:
    """Stand-ins for the `uses:` steps: checkout and setup are the test's own environment."""

    def __init__(self, project: Path, served: Path):
        self.project, self.served = project, served
        self.artifact: Path | None = None
        self.artifacts = project.parent / "run-artifacts"  # upload-artifact / download-artifact, by name

    def run(self, uses: str, with_: dict) -> str:
        name = uses.split("@")[0]
        if name == "actions/checkout":
            # Each job gets a fresh checkout: what an earlier job changed in tracked or new files is gone
            # (only git-ignored folders, the virtualenv and the built site, stay on this one machine).
            if (self.project / ".git").exists():
                subprocess.run(["git", "reset", "-q", "--hard"], cwd=self.project, check=True)
                subprocess.run(["git", "clean", "-fdq"], cwd=self.project, check=True)
            return f"{name}: a clean checkout of HEAD"
        if name == "actions/setup-python":
            return f"{name}: the test's virtualenv"
        if name == "actions/upload-pages-artifact":
            self.artifact = self.project.parent / "pages-artifact"
            shutil.rmtree(self.artifact, ignore_errors=True)
            shutil.copytree(self.project / with_.get("path", "_site"), self.artifact)
            return f"uploaded {with_.get('path')}"
        if name == "actions/deploy-pages":
            assert self.artifact is not None, "deploy-pages ran without an uploaded artifact"
            old = self.served.with_name(self.served.name + ".old")
            os.replace(self.served, old)
            os.replace(self.artifact, self.served)
            shutil.rmtree(old)
            return "deployed to the loopback static host"
        if name == "actions/upload-artifact":
            source = self.project / with_["path"]
            if not source.exists():
                assert with_.get("if-no-files-found") == "ignore", f"upload-artifact: {source} is missing"
                return "no files to upload"
            folder = self.artifacts / with_["name"]
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            shutil.copy(source, folder / source.name)
            return f"uploaded {with_['path']} as {with_['name']}"
        if name == "actions/download-artifact":
            assert with_.get("merge-multiple") is True and "name" not in with_  # a missing artifact is no failure
            target = Path(with_["path"])
            target.mkdir(parents=True, exist_ok=True)
            for folder in sorted(self.artifacts.glob(with_["pattern"])):
                shutil.copytree(folder, target, dirs_exist_ok=True)
            return f"downloaded {with_['pattern']} into {target}"
        raise AssertionError(f"the rehearsal has no local stand-in for action {uses}")


def play(workflow: Path, project: Path, actions: LocalActions, *, secrets: dict[str, str], env: dict[str, str],
         skip_step_ids: tuple[str, ...] = ("setup",)) -> RunResult:
    spec = yaml.safe_load(workflow.read_text())
    result = RunResult()
    summary = project.parent / "step-summary.md"
    summary.write_text("")
    runner_temp = project.parent / "runner-temp"
    shutil.rmtree(runner_temp, ignore_errors=True)
    runner_temp.mkdir()
    for job in job_order(spec["jobs"]):
        job_spec = spec["jobs"][job]
        needs = [result.jobs.get(n) for n in _needs(job_spec)]
        # The one job-level condition the workflows use: run after the needed jobs finished, even failed.
        condition = str(job_spec.get("if", ""))
        runs_anyway = "!cancelled()" in condition and "!= 'skipped'" in condition
        if any(r != "success" for r in needs) and not (runs_anyway and all(r in ("success", "failure") for r in needs)):
            result.jobs[job] = "skipped"
            continue
        failed = False
        for step in job_spec.get("steps", []):
            if step.get("id") in skip_step_ids:
                continue
            condition = str(step.get("if", "success()"))
            if failed and "always()" not in condition and "failure()" not in condition:
                continue
            name = step.get("name") or step.get("uses") or step.get("run", "").splitlines()[0]
            if "uses" in step:
                with_ = {k: _RUNNER_TEMP.sub(str(runner_temp), v) if isinstance(v, str) else v
                         for k, v in step.get("with", {}).items()}
                result.steps.append(StepResult(job, name, 0, actions.run(step["uses"], with_)))
                continue
            step_env = {**os.environ, **env, "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_REF_NAME": "main", "CI": "true"}
            for key, value in {**spec.get("env", {}), **job_spec.get("env", {}), **step.get("env", {})}.items():
                step_env[key] = _RUNNER_TEMP.sub(str(runner_temp), _EXPR.sub(lambda m: secrets.get(m.group(1), ""), str(value)))
            done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                  cwd=project, env=step_env, capture_output=True, text=True, timeout=600)
            result.steps.append(StepResult(job, name, done.returncode, done.stdout + done.stderr))
            failed = failed or done.returncode != 0
        result.jobs[job] = "failure" if failed else "success"
    result.summary = summary.read_text()
    return result
