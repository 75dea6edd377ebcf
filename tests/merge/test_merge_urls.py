"""URLs in comparison form."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from eventscout.merge._urls import LinkReader, url_parts


@pytest.mark.parametrize("url", [
    "https://www.Example.org/2027/", "http://m.example.org/index.html", "https://x.org:8443/a?b#c",
    "https://user:pw@host.example/path", "https://[::1]:80/x", "HTTPS://EXAMPLE.ORG",
    " https://example.org/a/b/ ", "https://exämple.org/päth", "https://example.org/a b",
    "https://example.org/a\tb", "mailto:someone@example.org", "https://", "https://www2.x.io//",
    "https://host.example:abc/x", "https://host.example?x=1", "https://host.example#top",
    "https://a.example/c?d/e#f?g", "https://HOST.example/Index.HTML", "//cdn.example/x",
])
def test_plain_urls_are_read_as_urlsplit_reads_them(url: str) -> None:
    parts = urlsplit(url.strip())
    host = re.sub(r"^(www\d?|m)\.", "", (parts.hostname or "").casefold())
    path = re.sub(r"/(index\.html?)?$", "", parts.path.casefold().rstrip("/"))

    assert url_parts(url) == ((host, path) if host else None)


_VARIED_URLS = [
    "https://www.Example.org/2027/", "https://meetup.com/", "https://www.meetup.com/pydata-berlin/",
    "https://x.github.io/conf", "mailto:someone@example.org", "https://", "",
    "https://2018.dotjs.io/", "https://eventbrite.co.uk/e/123",
]


@pytest.mark.parametrize("url", _VARIED_URLS)
def test_a_one_url_listing_gets_the_links_the_general_path_gives(url: str) -> None:
    labels: list[str] = []

    def label_id(label: str) -> int:
        labels.append(label)
        return len(labels)

    quick, general = LinkReader(label_id), LinkReader(label_id)

    one = quick.read(url, ())
    labels_one = labels[:]
    labels.clear()
    assert one == general._links([url])
    assert labels_one == labels  # the same block labels, asked for in the same order
