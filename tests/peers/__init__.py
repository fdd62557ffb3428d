"""Real services that the tests talk to on loopback (see tests/peers/bluesky/README.md)."""
