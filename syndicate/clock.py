"""The current time, injectable: the rehearsal and the tests move it; CI uses the real one."""
from __future__ import annotations

import os
from datetime import datetime, timezone

from dateutil import parser as dateparser

ENV_VAR = "SYNDICATE_NOW"


def now() -> datetime:
    """SYNDICATE_NOW (ISO 8601) when set, else the wall clock; always timezone-aware."""
    raw = os.environ.get(ENV_VAR)
    if raw:
        value = dateparser.isoparse(raw)
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)
