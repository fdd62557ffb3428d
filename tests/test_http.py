"""The shared HTTP session: every wait is paid from one budget, so no platform can park a run."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
import requests

from syndicate.http import make_session, seconds_to_wait
from tests.fakes.server import FakeAPI, Response, collect_routes, route


@collect_routes
class Echo(FakeAPI):
    @route("GET", r"/ok")
    def ok(self, req):
        return Response(200, {"ok": True})


@pytest.fixture
def fake():
    with Echo() as api:
        yield api


def bounded(call, seconds: float = 30.0):
    """Runs `call` in a thread and fails the test if it has not returned within `seconds`."""
    box = {}
    thread = threading.Thread(target=lambda: box.setdefault("value", call()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still waiting after {seconds} s"
    return box["value"]


def test_a_retry_after_beyond_the_budget_is_not_slept_but_handed_back(fake):
    fake.fail_next(429, count=5, retry_after="3600")
    session = make_session(wait_budget=60)
    response = bounded(lambda: session.get(f"{fake.url}/ok"))
    assert response.status_code == 429 and response.headers["Retry-After"] == "3600"
    assert len(fake.requests) == 1  # not repeated: nothing was slept


def test_a_short_retry_after_is_honoured_and_charged_to_the_budget(fake):
    fake.fail_next(429, count=1, retry_after="1")
    session = make_session(wait_budget=60)
    assert bounded(lambda: session.get(f"{fake.url}/ok")).status_code == 200
    assert len(fake.requests) == 2 and session.wait_budget.left == 59


def test_the_budget_is_one_per_session_across_requests(fake):
    session = make_session(wait_budget=1.5)
    fake.fail_next(503, count=1, retry_after="1")
    assert bounded(lambda: session.get(f"{fake.url}/ok")).status_code == 200
    fake.fail_next(503, count=1, retry_after="1")
    assert bounded(lambda: session.get(f"{fake.url}/ok")).status_code == 503  # 0.5 s left cannot pay 1 s


def test_seconds_to_wait_reads_every_form_platforms_use():
    later = datetime.now(timezone.utc) + timedelta(seconds=120)

    def answer(status, **headers):
        r = requests.Response()
        r.status_code = status
        r.headers.update(headers)
        return r

    assert seconds_to_wait(answer(429, **{"Retry-After": "7"})) == 7
    assert 100 < seconds_to_wait(answer(503, **{"Retry-After": format_datetime(later, usegmt=True)})) <= 120
    assert 100 < seconds_to_wait(answer(429, **{"X-RateLimit-Reset": later.isoformat()})) <= 120  # Mastodon
    assert 100 < seconds_to_wait(answer(429, **{"x-rate-limit-reset": str(int(later.timestamp()))})) <= 120  # X
    assert seconds_to_wait(answer(200, **{"X-RateLimit-Reset": later.isoformat()})) is None  # only when refused
    assert seconds_to_wait(answer(429, **{"Retry-After": "soon"})) is None


class FakeClock:
    def __init__(self):
        self.now, self.slept = 0.0, []

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_poll_doubles_its_wait_up_to_a_cap_and_never_sleeps_past_the_deadline():
    from syndicate.http import poll
    clock = FakeClock()
    assert poll(lambda: None, within=20, every=1, at_most=4, sleep=clock.sleep, clock=lambda: clock.now) is None
    assert clock.slept == [1, 2, 4, 4, 4, 4] and clock.now == 19  # a seventh wait would end after 20 s


def test_poll_answers_what_the_attempt_found_and_keeps_a_fixed_wait_without_a_cap():
    from syndicate.http import poll
    clock, answers = FakeClock(), iter([None, None, {"url": "u"}])
    found = poll(lambda: next(answers), within=60, every=5, sleep=clock.sleep, clock=lambda: clock.now)
    assert found == {"url": "u"} and clock.slept == [5, 5]
