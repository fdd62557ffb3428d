"""Secrets never reach output in any written form: literal, percent-encoded (a URL, a form body),
JSON- or HTML-escaped. Real Google refresh tokens start with "1//", so they are always encoded
in the token request's body (attack finding 08/16)."""
from __future__ import annotations

import html
import http.server
import json
import threading
import urllib.parse

import pytest

from syndicate.http import redact
from syndicate.platforms.base import PlatformError
from syndicate.platforms.facebook import FacebookPage as Facebook
from syndicate.platforms.google_business import GoogleBusinessProfile

SECRETS = ["1//GRT+tok=6", "Fb Tok/en+8", "LiCS+Sec/ret=&x", "sécrét\"<ñ>"]


def written_forms(secret: str) -> dict[str, str]:
    quoted = urllib.parse.quote(secret, safe="")
    return {
        "literal": secret,
        "quote": quoted,
        "quote(safe='/')": urllib.parse.quote(secret),
        "quote_plus": urllib.parse.quote_plus(secret),
        "lower-case hex": urllib.parse.quote(secret, safe="").replace("%2F", "%2f").replace("%2B", "%2b"),
        "double-encoded": urllib.parse.quote(quoted, safe=""),
        "json": json.dumps(secret)[1:-1],
        "json with \\/": json.dumps(secret)[1:-1].replace("/", "\\/"),
        "json all \\u": "".join(f"\\u{ord(c):04x}" for c in secret),
        "html": html.escape(secret),
    }


@pytest.mark.parametrize("secret", SECRETS)
def test_every_written_form_of_a_secret_is_redacted(secret):
    for how, form in written_forms(secret).items():
        out = redact(f"refused: body=client_id=x&token={form}&next=1", [secret])
        assert out == "refused: body=client_id=x&token=[redacted]&next=1", how


def test_redaction_leaves_other_text_alone():
    assert redact("a 1%2F%2Fother token and 1//GRT", ["1//GRT+tok=6"]) == "a 1%2F%2Fother token and 1//GRT"


class _Echo(http.server.BaseHTTPRequestHandler):
    """A platform whose error quotes the request back (query and form body), as some APIs do."""

    def _any(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("latin-1")
        msg = f"bad request {self.path} body={body}"
        data = json.dumps({"error": msg, "error_description": msg, "message": msg}).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _any

    def log_message(self, *args):
        pass


@pytest.fixture
def echo():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def assert_hidden(text: str, *secrets: str) -> None:
    for secret in secrets:
        for how, form in written_forms(secret).items():
            assert form not in text, f"{how} form of a secret in: {text}"


def test_a_token_endpoint_quoting_the_encoded_refresh_token_is_redacted(echo):
    env = {"GOOGLE_BUSINESS_CLIENT_ID": "gid", "GOOGLE_BUSINESS_CLIENT_SECRET": "GCS+Sec/ret=5",
           "GOOGLE_BUSINESS_REFRESH_TOKEN": "1//GRT+tok=6"}
    platform = GoogleBusinessProfile({"account": "1", "location": "2", "api_base": f"{echo}/v4",
                                      "token_url": f"{echo}/token"}, env=env)
    with pytest.raises(PlatformError) as caught:
        platform.check_credentials()
    assert "[redacted]" in str(caught.value)
    assert_hidden(str(caught.value), "GCS+Sec/ret=5", "1//GRT+tok=6")


def test_a_connection_error_quoting_the_encoded_token_in_the_url_is_redacted():
    platform = Facebook({"api_base": "http://127.0.0.1:1/v25.0", "page_id": "1"},
                        env={"FACEBOOK_PAGE_ACCESS_TOKEN": "Fb Tok/en+8"})
    platform.session.wait_budget.reset(0)
    with pytest.raises(PlatformError) as caught:
        platform.check_credentials()
    assert_hidden(str(caught.value), "Fb Tok/en+8")


def test_a_platform_error_built_from_an_unscrubbed_reply_still_hides_registered_secrets():
    Facebook({"api_base": "http://127.0.0.1:1/v25.0", "page_id": "1"},
             env={"FACEBOOK_PAGE_ACCESS_TOKEN": "Reg+Tok/en=77"})  # registers the token
    error = PlatformError("Facebook", "refused: input_token=Reg%2BTok%2Fen%3D77")
    assert_hidden(str(error), "Reg+Tok/en=77")


def test_the_debug_traceback_of_a_bug_hides_registered_secrets(capsys):
    from syndicate.cli import _report_bug
    Facebook({"api_base": "http://127.0.0.1:1/v25.0", "page_id": "1"},
             env={"FACEBOOK_PAGE_ACCESS_TOKEN": "Dbg+Tok/en=55"})
    try:
        raise ValueError("GET /me?access_token=Dbg%2BTok%2Fen%3D55 failed")
    except ValueError as exc:
        _report_bug(exc, debug=True)
    err = capsys.readouterr().err
    assert "ValueError" in err and "[redacted]" in err
    assert_hidden(err, "Dbg+Tok/en=55")
