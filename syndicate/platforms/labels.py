"""Human names of the platforms, for pages and tables; importing them loads no client code."""
LABELS = {
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "x": "X",
    "linkedin": "LinkedIn",
    "facebook": "Facebook",
    "threads": "Threads",
    "google_business": "Google Business Profile",
}
