"""URLs in comparison form, and when two listings' URLs say "the same event".

``https://www.x.org/2027/`` and ``http://x.org/2027`` are one URL here (no scheme, ``www.``,
query, trailing slash or ``index.html``). A conference's own site puts its listings in one block
(its host); on a platform that carries many organisers' events (meetup.com, eventbrite.com...)
only the same path does.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple
from urllib.parse import urlsplit

from ._memo import Memo

__all__ = [
    "LinkReader", "Links", "UrlFacts", "UrlRelation", "host_facts", "read_url", "url_parts",
    "url_relation",
]

# Hosts that carry many organisers' events: only the same path there says "the same event".
_PLATFORM_HOSTS = frozenset({
    "meetup.com", "eventbrite.com", "eventbrite.co.uk", "eventbrite.de", "eventbrite.fr",
    "eventbrite.es", "eventbrite.com.au", "eventbrite.ca", "lu.ma", "luma.com", "linkedin.com",
    "sessionize.com", "papercall.io", "github.com", "twitter.com", "x.com",
    "facebook.com", "youtube.com", "google.com", "forms.gle", "docs.google.com",
    "sites.google.com", "medium.com", "notion.site", "airmeet.com", "hopin.com", "zoom.us",
    "bit.ly", "tinyurl.com", "linktr.ee", "konfhub.com", "ti.to", "tito.io", "hubilo.com",
    "bevy.com", "gdg.community.dev", "community.dev", "events.withgoogle.com",
    "developers.google.com", "microsoft.com", "aws.amazon.com"
})
# Hosts that give each organiser a subdomain: the subdomain is the organiser's own site.
_SUBDOMAIN_HOSTS = frozenset({"github.io", "netlify.app", "vercel.app", "pages.dev", "web.app"})
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go"})

# a URL urlsplit takes apart in the obvious way: scheme, plain host, optional port, path, rest
_PLAIN_URL = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://([A-Za-z0-9.-]+)(?::[0-9]*)?(/[^?#\x00-\x20]*)?"
    r"(?:[?#][^\x00-\x20]*)?"
)
_WWW = re.compile(r"^(www\d?|m)\.")
_INDEX_PAGE = re.compile(r"/index\.html?$")


class UrlRelation(enum.Enum):
    """How two listings' URLs relate."""

    #: the same host and path
    SAME = "same"
    #: the same site, one path the other or below it
    RELATED = "related"
    #: nothing in common
    NONE = "none"


class UrlFacts(NamedTuple):
    """What one URL says for matching, worked out once per distinct URL."""

    #: (host, path) in comparison form
    parts: tuple[str, str]
    #: the block it puts its event in: the host, or host and path on a platform; None for a
    #: platform's home page
    label: str | None
    #: one of 64 bits for the host, and one for its registered domain (for the batched filter)
    host_bit: int
    domain_bit: int


def url_parts(url: str) -> tuple[str, str] | None:
    """(host, path) of a URL in comparison form: no scheme, ``www.``, query or trailing slash."""
    url = url.strip()
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None:  # the common case, without urlsplit's general (and slow) machinery
        host, path = plain.group(1).casefold(), plain.group(2) or ""
    else:
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        host, path = (parts.hostname or "").casefold(), parts.path
    if not host:
        return None
    if host.startswith(("www", "m.")):
        host = _WWW.sub("", host)
    path = path.casefold().rstrip("/")
    if path.endswith((".html", ".htm")):
        path = _INDEX_PAGE.sub("", path)
    return host, path


def read_url(url: str) -> UrlFacts | None:
    """A URL's comparison parts, block and signatures, or None when it has no host."""
    parts = url_parts(url)
    if parts is None:
        return None
    host, path = parts
    host_bit, domain_bit, platform = host_facts(host)
    return UrlFacts(parts, _label(host, path, platform), host_bit, domain_bit)


def host_facts(host: str) -> tuple[int, int, bool]:
    """The signature bits of a host and of its registered domain (one of 64 each, for the
    batched filter), and whether it is a platform carrying many organisers' events."""
    domain = registered_domain(host)
    return (1 << (hash(host) & 63), 1 << (hash(domain) & 63),
            host in _PLATFORM_HOSTS or domain in _PLATFORM_HOSTS)


def _label(host: str, path: str, platform: bool) -> str | None:
    """The block a URL puts its event in: the host, or host and path on a platform (None for a
    platform's home page)."""
    if platform:
        return f"url:{host}{path}" if path else None
    return f"url:{host}"


def registered_domain(host: str) -> str:
    """An approximation of the registered domain: ``2023.jsconf.eu`` -> ``jsconf.eu``.

    The last two labels, or three under a country's second level (``x.co.uk``) or a host that
    gives each organiser a subdomain (``x.github.io``).
    """
    rest, _, top = host.rpartition(".")
    if not rest:
        return host
    above, _, second = rest.rpartition(".")
    if (second in _SECOND_LEVEL and len(top) == 2) or f"{second}.{top}" in _SUBDOMAIN_HOSTS:
        if not above:
            return host
        return f"{above.rpartition('.')[2]}.{second}.{top}"
    return f"{second}.{top}"


class Links(NamedTuple):
    """What an event's URLs say: their comparison parts, the label ids of the blocks they put it
    in and their host and domain signatures."""

    urls: tuple[tuple[str, str], ...]
    labels: tuple[int, ...]
    hosts: int
    domains: int


NO_LINKS = Links((), (), 0, 0)


class LinkReader:
    """Reads each distinct URL once, and each distinct single-URL listing's links once."""

    def __init__(self, label_id: Callable[[str], int]) -> None:
        self._label_id = label_id
        self._urls: dict[str, UrlFacts | None] = {}
        self._single: dict[str | None, Links] = {}
        self._hosts: Memo[str, tuple[int, int, bool]] = Memo(host_facts)

    def read(self, url: str | None, source_urls: tuple[str, ...]) -> Links:
        if not source_urls:
            return self._singles([url])[0]
        return self._links({url, *source_urls})

    def read_all(self, urls: list[str | None], source_urls: list[tuple[str, ...]]) -> list[Links]:
        """:meth:`read` of every (URL, source URLs) pair: most listings have one URL, each
        distinct one is read once."""
        found = self._singles([None if more else url
                               for url, more in zip(urls, source_urls, strict=True)])
        for index in [index for index, more in enumerate(source_urls) if more]:
            found[index] = self._links({urls[index], *source_urls[index]})
        return found

    def _singles(self, urls: list[str | None]) -> list[Links]:
        """The links of listings with one URL each (most listings): :meth:`_links` of
        ``[url]``, without its general machinery, each distinct URL and host worked out once."""
        single, hosts, label_id = self._single, self._hosts, self._label_id
        for url in [url for url in dict.fromkeys(urls) if url not in single]:
            parts = url_parts(url) if url else None
            if parts is None:
                single[url] = NO_LINKS
                continue
            host, path = parts
            host_bit, domain_bit, platform = hosts[host]
            label = _label(host, path, platform)
            single[url] = Links((parts,), () if label is None else (label_id(label),),
                                host_bit, domain_bit)
        return list(map(single.__getitem__, urls))

    def _links(self, urls: Iterable[str | None]) -> Links:
        parts: tuple[tuple[str, str], ...] = ()
        labels: list[str] = []
        hosts = domains = 0
        for url in urls:
            if not url:
                continue
            if url in self._urls:
                found = self._urls[url]
            else:
                found = self._urls[url] = read_url(url)
            if found is not None:
                parts += (found.parts,)
                if found.label is not None:
                    labels.append(found.label)
                hosts |= found.host_bit
                domains |= found.domain_bit
        if len(parts) > 1:
            parts, labels = tuple(sorted(set(parts))), sorted(set(labels))
        return Links(parts, tuple(map(self._label_id, labels)), hosts, domains)


def url_relation(
    urls_a: tuple[tuple[str, str], ...], urls_b: tuple[tuple[str, str], ...]
) -> UrlRelation:
    """The closest relation between any URL of one listing and any of the other's."""
    relation = UrlRelation.NONE
    for host_a, path_a in urls_a:
        for host_b, path_b in urls_b:
            if host_a == host_b and path_a == path_b:
                return UrlRelation.SAME
            if _hosts_related(host_a, host_b) and _paths_related(path_a, path_b):
                relation = UrlRelation.RELATED
    return relation


def _is_platform(host: str) -> bool:
    return host in _PLATFORM_HOSTS or registered_domain(host) in _PLATFORM_HOSTS


def _hosts_related(host_a: str, host_b: str) -> bool:
    """The same site: one host, or a host and its own subdomain ("dotjs.io", "2018.dotjs.io")."""
    if host_a == host_b:
        return not _is_platform(host_a)
    domain = registered_domain(host_a)
    return domain == registered_domain(host_b) in (host_a, host_b) and not _is_platform(domain)


def _paths_related(path_a: str, path_b: str) -> bool:
    """One path is the other or lies below it: "/" and "/2027", not "/ebpf-day" and "/wasm-day"."""
    shorter, longer = sorted((path_a, path_b), key=len)
    return longer == shorter or longer.startswith(shorter + "/")
