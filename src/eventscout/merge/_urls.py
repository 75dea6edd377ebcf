"""URLs in comparison form, and when two listings' URLs say "the same event".

``https://www.x.org/2027/`` and ``http://x.org/2027`` are one URL here (no scheme, ``www.``,
query, trailing slash or ``index.html``). A conference's own site puts its listings in one block
(its host); on a platform that carries many organisers' events (meetup.com, eventbrite.com...)
only the same path does.
"""

from __future__ import annotations

import enum
import re
from typing import NamedTuple
from urllib.parse import urlsplit

__all__ = [
    "PLAIN_URL", "PLATFORM_HOSTS", "UrlFacts", "UrlRelation", "block_label", "host_facts",
    "many_url_parts", "needs_three_labels", "read_url", "registered_domain", "url_parts",
    "url_relation",
]

# Hosts that carry many organisers' events: only the same path there says "the same event".
PLATFORM_HOSTS = frozenset({
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
PLAIN_URL = re.compile(
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
    plain = PLAIN_URL.fullmatch(url)
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


def many_url_parts(urls: list[str]) -> list[tuple[str, str] | None]:
    """:func:`url_parts` of every URL, the plain ones (most) in bulk: one match and a few string
    methods each in comprehensions, no Python call per URL."""
    matches = list(map(PLAIN_URL.fullmatch, [url.strip() for url in urls]))
    plain = [match.groups("") for match in matches if match is not None]
    hosts = [host.casefold() for host, _ in plain]
    hosts = [_WWW.sub("", host) if host.startswith(("www", "m.")) else host for host in hosts]
    paths = [path.casefold().rstrip("/") for _, path in plain]
    paths = [_INDEX_PAGE.sub("", path) if path.endswith((".html", ".htm")) else path
             for path in paths]
    found: list[tuple[str, str] | None] = list(zip(hosts, paths, strict=True))
    if len(found) < len(urls):  # a few URLs urlsplit must take apart
        plain_parts = iter(found)
        found = [next(plain_parts) if match is not None else url_parts(url)
                 for url, match in zip(urls, matches, strict=True)]
    return found


def read_url(url: str) -> UrlFacts | None:
    """A URL's comparison parts, block and signatures, or None when it has no host."""
    parts = url_parts(url)
    if parts is None:
        return None
    host, path = parts
    host_bit, domain_bit, platform = host_facts(host)
    return UrlFacts(parts, block_label(host, path, platform), host_bit, domain_bit)


def host_facts(host: str) -> tuple[int, int, bool]:
    """The signature bits of a host and of its registered domain (one of 64 each, for the
    batched filter), and whether it is a platform carrying many organisers' events."""
    domain = registered_domain(host)
    return (1 << (hash(host) & 63), 1 << (hash(domain) & 63),
            host in PLATFORM_HOSTS or domain in PLATFORM_HOSTS)


def block_label(host: str, path: str, platform: bool) -> str | None:
    """The block a URL puts its event in: the host, or host and path on a platform (None for a
    platform's home page)."""
    if platform:
        return f"url:{host}{path}" if path else None
    return f"url:{host}"


def registered_domain(host: str) -> str:
    """An approximation of the registered domain: ``2023.jsconf.eu`` -> ``jsconf.eu``.

    The last two labels, or three under a country's second level (``x.co.uk``) or a host that
    gives each organiser a subdomain (``x.github.io``) (:func:`needs_three_labels`).
    """
    rest, _, top = host.rpartition(".")
    if not rest:
        return host
    above, _, second = rest.rpartition(".")
    if needs_three_labels(f"{second}.{top}"):
        if not above:
            return host
        return f"{above.rpartition('.')[2]}.{second}.{top}"
    return f"{second}.{top}"


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


def needs_three_labels(last_two: str) -> bool:
    """Whether a host's last two labels (``co.uk``, ``github.io``) are not yet its registered
    domain: a country's second level, or a host giving each organiser a subdomain."""
    second, _, top = last_two.rpartition(".")
    return (second in _SECOND_LEVEL and len(top) == 2) or last_two in _SUBDOMAIN_HOSTS


def _is_platform(host: str) -> bool:
    return host in PLATFORM_HOSTS or registered_domain(host) in PLATFORM_HOSTS


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
