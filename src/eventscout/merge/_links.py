"""Links: what every listing's URLs say for blocking and filtering, read as columns.

Most listings have one URL, and almost every URL is a different conference's site, so reading
them one Python call at a time was a third of the reading stage. Here the distinct URLs of the
one-URL listings are read together (:func:`~eventscout.merge._urls.many_url_parts`, then hosts,
registered domains, signature bits and block labels each in one comprehension or numpy step);
only the rare listing with several URLs goes through :func:`~eventscout.merge._urls.read_url`
URL by URL (:meth:`LinkReader.links`, the general path the bulk one is tested against).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import NamedTuple

import numpy as np
from attrs import frozen

from ._memo import Memo, Numbering
from ._urls import (
    PLATFORM_HOSTS,
    UrlFacts,
    many_url_parts,
    needs_three_labels,
    read_url,
    registered_domain,
)

__all__ = ["LinkColumns", "LinkReader", "Links"]


class Links(NamedTuple):
    """What one listing's URLs say: their comparison parts, the label ids of the blocks they put
    it in and their host and domain signatures."""

    urls: tuple[tuple[str, str], ...]
    labels: tuple[int, ...]
    hosts: int
    domains: int


@frozen(kw_only=True)
class LinkColumns:
    """What the listings' URLs say, one row per listing (and one per block row)."""

    #: (host, path) of each URL of each listing, in comparison form
    urls: list[tuple[tuple[str, str], ...]]
    #: 64-bit signatures of each listing's URLs' hosts and registered domains
    hosts: np.ndarray
    domains: np.ndarray
    #: (listing, label id) of every block a listing's URLs put it in, a listing's in order
    label_items: np.ndarray
    label_ids: np.ndarray


class LinkReader:
    """Reads the URLs of many listings, each distinct one once; block labels are numbered in
    ``labels`` (shared with the places' labels)."""

    def __init__(self, labels: Numbering[str]) -> None:
        self._labels = labels
        self._urls: Memo[str, UrlFacts | None] = Memo(read_url)

    def read_all(self, urls: list[str | None], source_urls: list[tuple[str, ...]]) -> LinkColumns:
        """The links of every listing, given its URL and source URLs."""
        count = len(urls)
        several = [index for index, more in enumerate(source_urls) if more]
        last: dict[str | None, int] = dict(zip(urls, range(count), strict=True))  # its last listing
        last.pop(None, None)
        last.pop("", None)
        distinct = list(last)
        forms, hosts, domains, labels = self._read_distinct(distinct)  # type: ignore[arg-type]
        row = np.zeros(count + 1, dtype=np.int64)  # by a URL's last listing: its row (0: none)
        row[np.fromiter(last.values(), np.int64, len(last))] = np.arange(1, len(last) + 1)
        rows = row[np.fromiter(map(last.get, urls, [count] * count), np.int64, count)]
        if several:
            rows[several] = 0  # read in full below
        label_items = np.flatnonzero(labels[rows] >= 0)
        columns = LinkColumns(
            urls=list(map(forms.__getitem__, rows.tolist())), hosts=hosts[rows],
            domains=domains[rows], label_items=label_items, label_ids=labels[rows][label_items],
        )
        if several:
            read = [self.links({urls[index], *source_urls[index]}) for index in several]
            for index, links in zip(several, read, strict=True):
                columns.urls[index] = links.urls
            columns.hosts[several] = [links.hosts for links in read]
            columns.domains[several] = [links.domains for links in read]
            items = np.repeat(np.array(several, dtype=np.int64),
                              [len(links.labels) for links in read])
            columns = LinkColumns(
                urls=columns.urls, hosts=columns.hosts, domains=columns.domains,
                label_items=np.concatenate([columns.label_items, items]),
                label_ids=np.concatenate([
                    columns.label_ids,
                    np.fromiter(chain.from_iterable(links.labels for links in read), np.int64,
                                len(items)),
                ]),
            )
        return columns

    def _read_distinct(
        self, urls: list[str]
    ) -> tuple[list[tuple[tuple[str, str], ...]], np.ndarray, np.ndarray, np.ndarray]:
        """For "no URL" and then each of ``urls`` (distinct): the comparison parts as a listing's
        ``urls``, the host and domain signature bits and the block label id (-1: none)."""
        found = many_url_parts(urls)
        parts = [one for one in found if one is not None]
        hosts = [host for host, _ in parts]
        # the last two labels, as registered_domain takes them ("jsconf.eu" of "2023.jsconf.eu")
        last_two = [host[host.rfind(".", 0, dot) + 1:] if (dot := host.rfind(".")) > 0 else host
                    for host in hosts]
        needs_three = Memo(needs_three_labels)  # a few distinct last-two pairs
        domains = [registered_domain(host) if needs_three[two] else two
                   for host, two in zip(hosts, last_two, strict=True)]
        labels = [
            (f"url:{host}{path}" if path else None)
            if host in PLATFORM_HOSTS or domain in PLATFORM_HOSTS else "url:" + host
            for (host, path), domain in zip(parts, domains, strict=True)
        ]
        label_ids = self._labels.numbers(labels)
        if len(parts) < len(urls):  # a URL without a host: no links
            at = np.flatnonzero([one is not None for one in found])
        else:
            at = np.arange(len(urls))
        count = len(urls) + 1
        forms: list[tuple[tuple[str, str], ...]] = [()] * count
        for row, one in zip((at + 1).tolist(), parts, strict=True):
            forms[row] = (one,)
        host_bits, domain_bits = np.zeros(count, np.uint64), np.zeros(count, np.uint64)
        host_bits[at + 1] = _bits(hosts)
        domain_bits[at + 1] = _bits(domains)
        label_column = np.full(count, -1, dtype=np.int64)
        label_column[at + 1] = label_ids
        return forms, host_bits, domain_bits, label_column

    def links(self, urls: Iterable[str | None]) -> Links:
        """The links of one listing with these URLs (the general path, URL by URL)."""
        parts: tuple[tuple[str, str], ...] = ()
        labels: list[str] = []
        hosts = domains = 0
        for url in urls:
            if not url:
                continue
            found = self._urls[url]
            if found is not None:
                parts += (found.parts,)
                if found.label is not None:
                    labels.append(found.label)
                hosts |= found.host_bit
                domains |= found.domain_bit
        if len(parts) > 1:
            parts, labels = tuple(sorted(set(parts))), sorted(set(labels))
        return Links(parts, tuple(map(self._labels.number, labels)), hosts, domains)


def _bits(names: list[str]) -> np.ndarray:
    """One of 64 bits for each name (``1 << (hash(name) & 63)``, as :func:`host_facts` gives)."""
    shifts = (np.fromiter(map(hash, names), np.int64, len(names)) & 63).astype(np.uint64)
    return np.left_shift(np.uint64(1), shifts)
