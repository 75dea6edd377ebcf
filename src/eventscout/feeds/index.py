"""The ``index.html`` beside the feeds: the person's planning page.

One self-contained page (inline CSS, one small inline script, no external resource) that works on
any static host. It shows, for the person the feeds are built for:

- the feeds to subscribe to: a ``webcal://`` link (calendar apps open it as a subscription) and a
  plain ``https://`` link (for Google Calendar's "From URL", or to download). Private feeds are
  never listed: their address carries a secret token;
- the upcoming deadlines of the deadline feeds, with their dates in UTC or AoE and an ISO
  ``datetime`` attribute. The page holds no build time, so an unchanged build writes an identical
  page; the inline script adds the viewer's local time and the days left, and with scripts off
  the page still shows the (correct) closing instants;
- the top events of each event feed grouped by month. A series (the same title once years and
  edition numbers are gone) shows only its next edition with "also: N more dates", and a reason
  every event shares is said once above the list, so each event shows what sets it apart.

Every text comes from scraped listings and is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Sequence
from urllib.parse import quote, urlsplit, urlunsplit

from attrs import frozen

from ..model import AOE, Event
from ..text import normalize_name
from .definition import FeedDefinition, Tier

__all__ = [
    "DeadlineLine",
    "FeedSummary",
    "Highlight",
    "feed_links",
    "highlight",
    "render_index",
    "series_key",
]

_TIER_LABEL = {
    Tier.MUST_ATTEND: "Must attend",
    Tier.WORTH_A_LOOK: "Worth a look",
    Tier.DEADLINES: "Deadlines",
}
_DEADLINE_LABEL = {
    "cfp": "Call for papers",
    "registration": "Registration",
    "scholarship": "Scholarship applications",
    "mentorship": "Mentorship applications",
}
#: how many series each event feed shows, and how many deadlines the page lists
EVENTS_SHOWN = 8
DEADLINES_SHOWN = 12
#: at most this many reasons per event (the rarest first)
REASONS_SHOWN = 3

_EDITION = re.compile(
    r"^(?:\d+(?:st|nd|rd|th)?|no|vol|edition|january|february|march|april|may|june|july|august"
    r"|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)$"
)


def series_key(title: str) -> str:
    """The series an event title belongs to: its normalised name without years, edition numbers
    (``#41``, ``10th``) or month names, so "PyData Berlin #41" and "PyData Berlin #42" match."""
    words = [word for word in normalize_name(title).split() if not _EDITION.match(word)]
    return " ".join(words) or normalize_name(title)


@frozen(kw_only=True)
class Highlight:
    """One event shown under its feed on the page, with the reasons it was chosen."""

    title: str
    url: str | None
    when: str
    where: str
    score: float
    reasons: tuple[str, ...]
    #: the event's first day (for the month it is listed under) and its series
    day: dt.date
    series: str


@frozen(kw_only=True)
class DeadlineLine:
    """One upcoming deadline the page lists: what closes, for which event, and when."""

    kind: str
    closes: dt.datetime
    title: str
    url: str | None


@frozen(kw_only=True)
class FeedSummary:
    """What the page says about one feed: its entry count, its best events (best first, more
    than are shown, so series can collapse) and, for a deadline feed, its open deadlines."""

    definition: FeedDefinition
    entries: int
    highlights: tuple[Highlight, ...]
    deadlines: tuple[DeadlineLine, ...] = ()
    #: what the feed is, in place of its tier's name (a feed chosen elsewhere: the year plan)
    label: str | None = None


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
        score=score, reasons=tuple(reasons), day=event.first_day, series=series_key(event.title),
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


def _link(title: str, url: str | None) -> str:
    return f'<a href="{_e(url)}">{_e(title)}</a>' if url else _e(title)


def _subscribe_card(summary: FeedSummary, base_url: str | None) -> str:
    definition = summary.definition
    webcal, web = feed_links(base_url, definition.filename)
    links = []
    if webcal:
        links.append(f'<a class="button" href="{_e(webcal)}">Subscribe</a>')
    links.append(f'<a class="url" href="{_e(web)}">{_e(web)}</a>')
    label = summary.label or _TIER_LABEL[definition.tier]
    count = f"{summary.entries} entr{'y' if summary.entries == 1 else 'ies'}"
    # "Must attend · Must attend" says nothing: the tier is named only when the title differs
    tag = count if label.casefold() == definition.display_title.casefold() else f"{label} · {count}"
    description = f"<p>{_e(definition.description)}</p>" if definition.description else ""
    return (
        f'<li class="card feed" id="feed-{_e(definition.name)}"><h3>{_e(definition.display_title)}'
        f' <span class="tag">{_e(tag)}</span></h3>{description}'
        f'<p class="links">{"".join(links)}</p></li>'
    )


def _shown_zone(moment: dt.datetime) -> tuple[dt.datetime, str]:
    """A deadline as the page shows it without scripts: in AoE when it is given so, else UTC."""
    if moment.utcoffset() == AOE.utcoffset(None):
        return moment.astimezone(AOE), "AoE"
    return moment.astimezone(dt.UTC), "UTC"


def _deadlines_section(summaries: Sequence[FeedSummary]) -> str:
    lines = sorted(
        {line for summary in summaries for line in summary.deadlines},
        key=lambda line: (line.closes, line.title, line.kind),
    )
    if not summaries:
        return ""
    if not lines:
        body = '<p class="empty">No open deadlines right now.</p>'
    else:
        rows = []
        for line in lines[:DEADLINES_SHOWN]:
            utc = line.closes.astimezone(dt.UTC)
            local, zone = _shown_zone(line.closes)
            rows.append(
                f'<li class="deadline"><span class="datebox" aria-hidden="true">'
                f'<b>{local:%d}</b><span>{local:%b}</span></span><span class="what">'
                f'<span class="kind">{_e(_DEADLINE_LABEL.get(line.kind, line.kind))}</span> '
                f'{_link(line.title, line.url)}<br><span class="meta">closes '
                f'<time datetime="{_e(utc.isoformat())}" data-deadline>'
                f"{local:%a %d %b %Y, %H:%M} {zone}</time>"
                f' <span class="left" data-left></span></span></span></li>'
            )
        more = len(lines) - DEADLINES_SHOWN
        rest = f'<p class="note">…and {more} more in the deadline feed.</p>' if more > 0 else ""
        body = f'<ol class="deadlines">{"".join(rows)}</ol>{rest}'
    return f'<section id="deadlines"><h2>Upcoming deadlines</h2>{body}</section>'


def _collapse(highlights: Sequence[Highlight]) -> list[tuple[Highlight, list[Highlight]]]:
    """The best :data:`EVENTS_SHOWN` series, each as its next edition and its later ones."""
    groups: dict[str, list[Highlight]] = {}
    for item in highlights:
        groups.setdefault(item.series, []).append(item)
    shown = list(groups.values())[:EVENTS_SHOWN]  # dicts keep the rank order of first sight
    result = []
    for group in shown:
        ordered = sorted(group, key=lambda item: (item.day, -item.score))
        result.append((ordered[0], ordered[1:]))
    return result


def _events_section(summary: FeedSummary) -> str:
    definition = summary.definition
    series = _collapse(summary.highlights)
    common: set[str] = set()
    if len(series) > 1:
        counts = Counter(reason for first, _ in series for reason in set(first.reasons))
        common = {reason for reason, n in counts.items() if n == len(series)}
    rarity = Counter(reason for first, _ in series for reason in first.reasons)
    by_month: dict[tuple[int, int], list[str]] = {}
    for first, later in sorted(series, key=lambda pair: (pair[0].day, pair[0].title)):
        meta = " · ".join(_e(part) for part in (first.when, first.where) if part)
        own = sorted((r for r in first.reasons if r not in common), key=lambda r: rarity[r])
        reasons = "".join(f"<li>{_e(reason)}</li>" for reason in own[:REASONS_SHOWN])
        also = ""
        if later:
            dates = "".join(f"<li>{_link(item.when, item.url)}</li>" for item in later)
            also = (f'<details class="also"><summary>also: {len(later)} more '
                    f'date{"s" if len(later) > 1 else ""}</summary><ul>{dates}</ul></details>')
        by_month.setdefault((first.day.year, first.day.month), []).append(
            f'<li class="event"><div class="title">{_link(first.title, first.url)}'
            f' <span class="score">{round(first.score * 100)}%</span></div>'
            f'<div class="meta">{meta}</div>'
            + (f'<ul class="reasons">{reasons}</ul>' if reasons else "")
            + also + "</li>"
        )
    months = "".join(
        f'<h3 class="month">{dt.date(year, month, 1):%B %Y}</h3><ol class="events">{"".join(items)}</ol>'
        for (year, month), items in by_month.items()
    )
    shared = (
        f'<p class="shared">All of these: {_e(" · ".join(sorted(common)))}</p>' if common else ""
    )
    body = months or '<p class="empty">No events in this feed yet.</p>'
    description = f"<p>{_e(definition.description)}</p>" if definition.description else ""
    return (
        f'<section class="card tier" id="{_e(definition.name)}">'
        f"<h2>{_e(definition.display_title)}</h2>{description}{shared}{body}</section>"
    )


_STYLE = """
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;
background:#f4f6f9;color:#1d2330}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 3rem}
header{padding:.5rem 0 1rem}
.eyebrow{margin:0;color:#5b6472;text-transform:uppercase;letter-spacing:.08em;font-size:.8rem}
h1{font-size:2rem;margin:.1rem 0 .3rem;line-height:1.2}
h2{font-size:1.3rem;margin:1.6rem 0 .6rem}
.card h2{margin-top:0}
h3{font-size:1.05rem;margin:0 0 .3rem}
a{color:#1d3f99}
.card{background:#fff;border:1px solid #dde1e8;border-radius:.7rem;padding:1rem 1.2rem;
margin:0 0 1rem;min-width:0}
.feeds{list-style:none;padding:0;margin:0;display:grid;gap:1rem;
grid-template-columns:repeat(auto-fill,minmax(17rem,1fr))}
.feeds .card{margin:0}
.feed p{margin:.3rem 0}
.tag{font-size:.8rem;font-weight:normal;color:#5b6472;white-space:nowrap}
.links{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.button{display:inline-block;padding:.35rem .9rem;border-radius:.4rem;background:#2457d6;
color:#fff;text-decoration:none;font-weight:600}
.url{font-size:.85rem;overflow-wrap:anywhere;color:#3a4250}
.deadlines{list-style:none;padding:0;margin:0 0 1.5rem;display:grid;gap:.6rem;
grid-template-columns:repeat(auto-fill,minmax(20rem,1fr))}
.deadline{display:flex;gap:.8rem;align-items:flex-start;background:#fff;border:1px solid #dde1e8;
border-radius:.7rem;padding:.7rem .9rem;min-width:0}
.datebox{flex:none;width:3.2rem;text-align:center;background:#fff4e5;color:#8a4b00;
border-radius:.5rem;padding:.2rem 0;font-size:.8rem;text-transform:uppercase;line-height:1.2}
.datebox b{display:block;font-size:1.3rem}
.what{min-width:0;overflow-wrap:anywhere}
.kind{font-size:.8rem;font-weight:600;color:#8a4b00;display:block}
.left{font-weight:600;font-size:.8rem;color:#17602e;background:#e6f4ea;border-radius:.3rem;
white-space:nowrap}.left:not(:empty){padding:0 .35rem}
.left.soon{color:#b3261e;background:#fdecea}
.month{color:#5b6472;font-size:.85rem;text-transform:uppercase;letter-spacing:.06em;
margin:1rem 0 .2rem;border-bottom:1px solid #e6e9ef;padding-bottom:.2rem}
.events{list-style:none;padding:0;margin:0}
.event{padding:.55rem 0;border-bottom:1px solid #f0f2f5;overflow-wrap:anywhere}
.event:last-child{border-bottom:0}
.title{font-weight:600}.title a{color:#1d2330}
.score{font-weight:normal;font-size:.8rem;background:#e6f4ea;color:#17602e;
border-radius:.3rem;padding:0 .35rem;white-space:nowrap}
.meta{color:#5b6472;font-size:.9rem}
.reasons{margin:.2rem 0 0;padding-left:1.1rem;font-size:.9rem;color:#3a4250}
.shared{font-size:.9rem;color:#3a4250;background:#f4f6f9;border-radius:.4rem;padding:.4rem .7rem}
.also{font-size:.85rem;color:#5b6472;margin-top:.2rem}
.also summary{cursor:pointer}
.also ul{margin:.2rem 0;padding-left:1.1rem}
.note,.empty{color:#5b6472;font-size:.9rem}
@media (max-width:30rem){h1{font-size:1.6rem}main{padding:1rem .75rem 2rem}
.card{padding:.9rem}}
"""

#: with scripts on: each deadline in the viewer's own zone and the days left, counted in that zone
_SCRIPT = """
(function(){var day=864e5,now=new Date(),today=new Date(now.getFullYear(),now.getMonth(),
now.getDate());document.querySelectorAll("time[data-deadline]").forEach(function(t){
var at=new Date(t.getAttribute("datetime"));if(isNaN(at))return;t.title=t.textContent;
t.textContent=at.toLocaleString(undefined,{weekday:"short",day:"numeric",month:"short",
year:"numeric",hour:"2-digit",minute:"2-digit",timeZoneName:"short"});
var box=t.closest(".deadline").querySelector(".datebox");if(box){
box.querySelector("b").textContent=String(at.getDate()).padStart(2,"0");
box.querySelector("span").textContent=at.toLocaleString(undefined,{month:"short"});}
var d=Math.round((new Date(at.getFullYear(),at.getMonth(),at.getDate())-today)/day),
left=t.parentNode.querySelector("[data-left]");if(!left)return;
left.textContent=at<now?"closed":d<1?"closes today":d===1?"1 day left":d+" days left";
if(d<8)left.className+=" soon";});})();
"""


def render_index(
    summaries: Sequence[FeedSummary], *, base_url: str | None, title: str = "eventscout feeds",
    owner: str | None = None,
) -> bytes:
    """The whole page as UTF-8 bytes. Private feeds in ``summaries`` are left out.

    ``owner`` is the name of the person the feeds are for (``profile.name``); the page is then
    headed with it, and ``title`` is the page's name when there is none.
    """
    public = [s for s in summaries if not s.definition.private]
    named = owner and owner.strip() and owner.strip().casefold() != "me"
    heading = owner.strip() if named and owner else title
    page_title = f"{heading} · event plan" if named else title
    cards = "".join(_subscribe_card(summary, base_url) for summary in public)
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
    subscribe = (
        f'<section id="subscribe"><h2>Subscribe</h2><ul class="feeds">{cards}</ul>{note}</section>'
        if cards else '<p class="empty">No public feeds are configured.</p>'
    )
    deadlines = _deadlines_section([s for s in public if s.definition.tier is Tier.DEADLINES])
    events = "".join(
        _events_section(s) for s in public if s.definition.tier is not Tier.DEADLINES
    )
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(page_title)}</title><style>{_STYLE}</style></head>"
        '<body><main><header><p class="eyebrow">Event plan</p>'
        f"<h1>{_e(heading)}</h1></header>"
        f"{subscribe}{deadlines}{events}"
        f"</main><script>{_SCRIPT}</script></body></html>\n"
    )
    return page.encode("utf-8")
