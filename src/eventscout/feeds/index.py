"""The ``index.html`` beside the feeds: what each feed is, how to subscribe, and its top events.

One self-contained page (inline CSS, no script, no external resource), so it works on any static
host and in a browser with scripts off. Each public feed gets a ``webcal://`` link (calendar apps
open it as a subscription) and a plain ``https://`` link (to paste into Google Calendar's "From
URL", or to download). Private feeds are never listed: their address carries a secret token.

Every text comes from scraped listings and is escaped. The page holds no build time, so an
unchanged build writes an identical page.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from urllib.parse import quote, urlsplit, urlunsplit

from attrs import frozen

from ..model import Event
from .definition import FeedDefinition, Tier

__all__ = ["FeedSummary", "Highlight", "feed_links", "highlight", "render_index"]

_TIER_LABEL = {
    Tier.MUST_ATTEND: "Must attend",
    Tier.WORTH_A_LOOK: "Worth a look",
    Tier.DEADLINES: "Deadlines",
}


@frozen(kw_only=True)
class Highlight:
    """One event shown under its feed on the page, with the reasons it was chosen."""

    title: str
    url: str | None
    when: str
    where: str
    score: float
    reasons: tuple[str, ...]


@frozen(kw_only=True)
class FeedSummary:
    """What the page says about one feed."""

    definition: FeedDefinition
    entries: int
    highlights: tuple[Highlight, ...]


def _when(event: Event) -> str:
    first, last = event.first_day, event.last_day
    if isinstance(event.start, dt.datetime):
        text = event.start.strftime("%a %d %b %Y, %H:%M %Z").strip()
        return text if first == last else f"{text} – {last:%d %b %Y}"
    if first == last:
        return f"{first:%a %d %b %Y}"
    return f"{first:%d %b} – {last:%d %b %Y}"


def highlight(event: Event, score: float, reasons: Sequence[str]) -> Highlight:
    """A page entry for a ranked event."""
    if event.is_online:
        where = "online"
    elif event.location is not None:
        where = event.location.describe()
    else:
        where = ""
    return Highlight(
        title=event.title, url=event.url, when=_when(event), where=where,
        score=score, reasons=tuple(reasons),
    )


def feed_links(base_url: str | None, filename: str) -> tuple[str | None, str]:
    """The ``webcal://`` and ``http(s)://`` addresses of a feed file (webcal None without a base)."""
    if not base_url:
        return None, quote(filename)
    base = base_url if base_url.endswith("/") else base_url + "/"
    web = base + quote(filename)
    parts = urlsplit(web)
    webcal = urlunsplit(("webcal", parts.netloc, parts.path, parts.query, ""))
    return webcal, web


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _feed_section(summary: FeedSummary, base_url: str | None) -> str:
    definition = summary.definition
    webcal, web = feed_links(base_url, definition.filename)
    links = []
    if webcal:
        links.append(f'<a class="button" href="{_e(webcal)}">Subscribe (webcal)</a>')
    links.append(f'<a class="button secondary" href="{_e(web)}">{_e(web)}</a>')
    items = []
    for item in summary.highlights:
        title = (
            f'<a href="{_e(item.url)}">{_e(item.title)}</a>' if item.url else _e(item.title)
        )
        meta = " · ".join(_e(part) for part in (item.when, item.where) if part)
        reasons = "".join(f"<li>{_e(reason)}</li>" for reason in item.reasons)
        items.append(
            f'<li class="event"><div class="title">{title}'
            f' <span class="score">{round(item.score * 100)}%</span></div>'
            f'<div class="meta">{meta}</div>'
            + (f'<ul class="reasons">{reasons}</ul>' if reasons else "")
            + "</li>"
        )
    events = f'<ol class="events">{"".join(items)}</ol>' if items else (
        '<p class="empty">No events in this feed yet.</p>'
    )
    description = f"<p>{_e(definition.description)}</p>" if definition.description else ""
    count = f"{summary.entries} entr{'y' if summary.entries == 1 else 'ies'}"
    return (
        f'<section class="feed" id="{_e(definition.name)}">'
        f"<h2>{_e(definition.display_title)} <span class=\"tier\">"
        f"{_e(_TIER_LABEL[definition.tier])} · {count}</span></h2>"
        f"{description}<p class=\"links\">{' '.join(links)}</p>{events}</section>"
    )


_STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;
background:#f6f7f9;color:#1d2330}
main{max-width:52rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.8rem;margin:.5rem 0}
.feed{background:#fff;border:1px solid #dde1e8;border-radius:.6rem;padding:1rem 1.25rem;
margin:1.25rem 0}
h2{font-size:1.3rem;margin:.2rem 0 .5rem}
.tier{font-size:.85rem;font-weight:normal;color:#5b6472}
.button{display:inline-block;padding:.35rem .8rem;border-radius:.4rem;background:#2457d6;
color:#fff;text-decoration:none;margin:.15rem .3rem .15rem 0;word-break:break-all}
.button.secondary{background:#e8edf8;color:#1d3f99}
.events{padding-left:1.4rem}.event{margin:.7rem 0}
.title{font-weight:600}.title a{color:#1d2330}
.score{font-weight:normal;font-size:.8rem;background:#e6f4ea;color:#17602e;
border-radius:.3rem;padding:0 .35rem}
.meta{color:#5b6472;font-size:.9rem}
.reasons{margin:.2rem 0;padding-left:1.1rem;font-size:.9rem;color:#3a4250}
.note,.empty{color:#5b6472;font-size:.9rem}
"""


def render_index(
    summaries: Sequence[FeedSummary], *, base_url: str | None, title: str = "eventscout feeds"
) -> bytes:
    """The whole page as UTF-8 bytes. Private feeds in ``summaries`` are left out."""
    public = [s for s in summaries if not s.definition.private]
    sections = "".join(_feed_section(summary, base_url) for summary in public)
    note = (
        '<p class="note">Subscribe rather than download: your calendar then follows changes, '
        "moved times and cancellations by itself. Google Calendar refreshes subscriptions "
        "about every 12–24 hours; Apple Calendar and Outlook follow the feed's refresh hint.</p>"
    )
    if not base_url:
        note += (
            '<p class="note">No public address was configured for these feeds, so only '
            "relative links are shown.</p>"
        )
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main><h1>{_e(title)}</h1>{note}"
        + (sections or '<p class="empty">No public feeds are configured.</p>')
        + "</main></body></html>\n"
    )
    return page.encode("utf-8")
