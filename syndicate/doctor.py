"""`syndicate doctor`: will the next scheduled run be able to post, find and delete everywhere?

For each chosen platform: every credential variable is set, a read-only call accepts them,
the token's scopes cover post, find and delete, it does not stop working within
EXPIRY_WARN_DAYS, and each pinned API version is not retired within VERSION_WARN_DAYS
(dates from platforms/versions.py). Every message comes from scrubbed platform errors or
from our own text, so no secret reaches the output.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

from .platforms import Platform, PlatformError, versions
from .platforms.base import Credentials

EXPIRY_WARN_DAYS = 14  # a token expiring sooner fails the check, so there is time to renew it
VERSION_WARN_DAYS = 90  # a new API version may need a code change: more lead time
OPERATIONS = ("post", "find", "delete")


@dataclass(frozen=True)
class Check:
    platform: str
    check: str  # credentials, scopes, expiry, version
    ok: bool
    detail: str
    fix: str = ""


@dataclass
class Report:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def as_json(self) -> str:
        return json.dumps({"ok": self.ok, "checks": [asdict(c) for c in self.checks]}, ensure_ascii=False, indent=2)

    def as_text(self) -> str:
        if not self.checks:
            return "No platforms are chosen in site_config.yml (plugins > syndicate > platforms)."
        lines, last = [], None
        for c in self.checks:
            if c.platform != last:
                lines.append(c.platform)
                last = c.platform
            lines.append(f"  {'ok  ' if c.ok else 'FAIL'}  {c.check:<12} {c.detail}")
            if c.fix and not c.ok:
                lines.append(f"        how to fix: {c.fix}")
        failed = sum(not c.ok for c in self.checks)
        lines.append("All checks passed." if not failed else f"{failed} check(s) failed.")
        return "\n".join(lines)


def _days_left(moment: datetime, now: datetime) -> float:
    return (moment - now.astimezone(timezone.utc)).total_seconds() / 86400


def credential_checks(platform: Platform, now: datetime) -> list[Check]:
    label = platform.label
    missing = [v for v in (*platform.env_vars, *platform.optional_env_vars) if not platform.env.get(v)]
    required_missing = [v for v in platform.env_vars if v in missing]
    if required_missing:
        return [Check(label, "credentials", False, f"not set: {', '.join(missing)}",
                      "add them as repository secrets (Settings → Secrets and variables → Actions) "
                      "and pass them to the workflow step; see the README's platform table")]
    try:
        info = platform.check_credentials()
        needed = platform.needed_scopes()
    except PlatformError as exc:
        if exc.env_var:  # refused: new credentials are the fix
            fix = platform.renewal or "see the README's platform table"
        elif exc.retryable:
            fix = "the platform did not answer properly; run `syndicate doctor` again later"
        else:
            fix = "correct what the message names (site_config.yml, platform_options)"
        return [Check(label, "credentials", False, str(exc), fix)]
    checks = [Check(label, "credentials", True, f"accepted, acting as {info.account}")]
    checks.append(_scopes(platform, info, needed))
    checks.append(_expiry(platform, info, now, missing))
    return checks


def _scopes(platform: Platform, info: Credentials, needed: dict[str, tuple[str, ...]]) -> Check:
    if info.scopes is None:
        return Check(platform.label, "scopes", True, "not reported for these credentials")
    lacking = {op: [s for s in needed.get(op, ()) if not platform.scope_granted(info.scopes, s)] for op in OPERATIONS}
    lacking = {op: scopes for op, scopes in lacking.items() if scopes}
    if not lacking:
        return Check(platform.label, "scopes", True, f"enough for {', '.join(OPERATIONS)}")
    detail = "; ".join(f"{op} needs {', '.join(scopes)}" for op, scopes in lacking.items())
    return Check(platform.label, "scopes", False, detail,
                 "grant those scopes when authorizing, then store the new credentials")


def _expiry(platform: Platform, info: Credentials, now: datetime, missing: list[str]) -> Check:
    if info.expires_at is None:
        if info.expiry_note:
            return Check(platform.label, "expiry", False, f"unknown: {info.expiry_note}",
                         f"set {', '.join(missing)}" if missing else platform.renewal)
        return Check(platform.label, "expiry", True, "no expiry date (see the README for how long these last)")
    days = _days_left(info.expires_at, now)
    when = info.expires_at.date().isoformat()
    if days < EXPIRY_WARN_DAYS:
        state = "has expired" if days <= 0 else f"expires in {int(days)} day(s)"
        return Check(platform.label, "expiry", False, f"the token {state} ({when})", platform.renewal)
    return Check(platform.label, "expiry", True, f"{int(days)} days left ({when})")


def version_checks(platform: Platform, now: datetime) -> list[Check]:
    checks = []
    today = now.date()
    for api, version in platform.pinned_versions().items():
        fix = f"set a current version in platform_options.{platform.name} (default {versions.DEFAULTS.get(api, '?')})"
        known = versions.sunset(api, version)
        if known is None:
            checks.append(Check(platform.label, "version", False, f"{api} {version} is not a version we know", fix))
        elif known.on is None:
            checks.append(Check(platform.label, "version", True, f"{api} {version}: no retirement date announced"))
        else:
            days = (known.on - today).days
            when = known.on.isoformat() + (" (estimated)" if known.estimated else "")
            if days < VERSION_WARN_DAYS:
                state = "was retired" if days <= 0 else f"retires in {days} day(s)"
                checks.append(Check(platform.label, "version", False, f"{api} {version} {state} ({when})", fix))
            else:
                checks.append(Check(platform.label, "version", True, f"{api} {version} until {when}"))
    return checks


def diagnose(platforms: dict[str, Platform], now: datetime) -> Report:
    checks: list[Check] = []
    for _name, platform in sorted(platforms.items()):
        checks += credential_checks(platform, now)
        checks += version_checks(platform, now)
    return Report(checks)


def expiry_warnings(platforms: dict[str, Platform], now: datetime) -> list[str]:
    """For `post`: one line per token that stops working within EXPIRY_WARN_DAYS (or cannot be read)."""
    warnings = []
    for _name, platform in sorted(platforms.items()):
        if not platform.reports_expiry:
            continue
        try:
            info = platform.token_info()
        except PlatformError as exc:
            warnings.append(f"could not read the token's expiry: {exc}")
            continue
        if info.expiry_note:
            warnings.append(f"{platform.label}: no warning before the token expires: {info.expiry_note}")
        if info.expires_at is not None and _days_left(info.expires_at, now) < EXPIRY_WARN_DAYS:
            days = _days_left(info.expires_at, now)
            state = "has expired" if days <= 0 else f"expires in {int(days)} day(s)"
            warnings.append(f"{platform.label}: the access token {state} ({info.expires_at.date().isoformat()}); "
                            f"renew it: {platform.renewal}")
    return warnings
