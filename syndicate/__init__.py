"""Syndicate: a practice blog from Markdown, with safe syndication to social platforms."""
