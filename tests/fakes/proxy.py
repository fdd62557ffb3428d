"""A loopback proxy in front of a real peer (the Bluesky PDS, Takahē), for faults the peer cannot make
itself: injected 5xx/429 (`fail_next`), an answer lost after the write (`lose_next`), and a crash of
the client right after the peer stored a post (`after_create`: kill the client, replace the answer,
or return None to drop the connection)."""
from __future__ import annotations

import requests

from .server import FakeAPI, Response, collect_routes, route

FORWARDED = ("authorization", "content-type", "idempotency-key", "accept")


@collect_routes
class ForwardingProxy(FakeAPI):
    create_path = r"/xrpc/com\.atproto\.repo\.(putRecord|createRecord)"

    def __init__(self, target: str, create_path: str | None = None):
        super().__init__()
        self.target = target
        self.lose: set[str] = set()
        if create_path:
            self.create_path = create_path

    def lose_next(self, path: str) -> None:
        self.lose.add(path)

    def _forward(self, req):
        headers = {k: v for k, v in req.headers.items() if k in FORWARDED}
        r = requests.request(req.method, self.target + req.path, params=req.query, data=req.body,
                             headers=headers, timeout=30)
        if req.path in self.lose:
            self.lose.discard(req.path)
            return Response(502, {"error": "BadGateway", "message": "answer lost"})
        return Response(r.status_code, r.content, {"Content-Type": r.headers.get("Content-Type", "")})

    @route("GET", r"/.*")
    def get(self, req):
        return self._forward(req)

    @route("POST", r"/.*")
    def post(self, req):
        return self._forward(req)

    @route("PUT", r"/.*")
    def put(self, req):
        return self._forward(req)

    @route("DELETE", r"/.*")
    def delete(self, req):
        return self._forward(req)
