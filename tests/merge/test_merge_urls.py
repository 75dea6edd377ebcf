"""URLs in comparison form."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from eventscout.merge._links import LinkReader, Links
from eventscout.merge._memo import Numbering
from eventscout.merge._urls import many_url_parts, url_parts


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
    quick, general = Numbering[str](), Numbering[str]()

    columns = LinkReader(quick).read_all([url], [()])
    one = Links(columns.urls[0], tuple(columns.label_ids.tolist()), int(columns.hosts[0]),
                int(columns.domains[0]))
    expected = LinkReader(general).links([url])

    assert one._replace(labels=()) == expected._replace(labels=())
    # the same block labels
    assert [quick.keys_in_order[i] for i in one.labels] == [
        general.keys_in_order[i] for i in expected.labels
    ]


def test_listings_read_together_get_the_links_each_gets_alone() -> None:
    hosts = ["https://a.b.co.uk/", "https://co.uk/", "https://x.org./", "https://localhost/x",
             "https://..b/", "https://2023.jsconf.eu/", "https://www./", "https://sub.x.github.io/"]
    urls: list[str | None] = [*_VARIED_URLS, None, *_VARIED_URLS[::-1], "https://x.github.io/conf",
                              *hosts]
    more: list[tuple[str, ...]] = [()] * len(urls)
    more[3] = ("https://www.meetup.com/pydata-berlin", "https://x.org/")  # several URLs
    numbering = Numbering[str]()

    columns = LinkReader(numbering).read_all(urls, more)
    alone = [LinkReader(numbering).links({url, *extra}) for url, extra in zip(urls, more, strict=True)]

    assert columns.urls == [links.urls for links in alone]
    assert columns.hosts.tolist() == [links.hosts for links in alone]
    assert columns.domains.tolist() == [links.domains for links in alone]
    rows = list(zip(columns.label_items.tolist(), columns.label_ids.tolist(), strict=True))
    assert sorted(rows, key=lambda row: row[0]) == [
        (index, label) for index, links in enumerate(alone) for label in links.labels
    ]


def test_urls_read_together_are_read_as_one_by_one() -> None:
    urls = [*_VARIED_URLS, " https://example.org/a/b/ ", "https://example.org/a b", "//cdn.example/x"]

    assert many_url_parts(urls) == [url_parts(url) if url else None for url in urls]
