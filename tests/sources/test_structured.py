"""The schema.org adapter: JSON-LD and microdata Event items to the model, on hand-written
fixtures (tests/data/html) and on the real pages in ../shared/data/html."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from decimal import Decimal
from pathlib import Path

import pytest
import responses

from eventscout import (
    AttendanceMode,
    ConfigError,
    Event,
    EventKind,
    EventStatus,
    Fetcher,
    FetchError,
    FetchSettings,
    Problem,
    create_source,
)
from eventscout.sources.base import FetchContext
from eventscout.sources.structured import StructuredDataSource, scan_page

PAGE = "https://example.org/calendar/"


def parse(path: Path, *, url: str = PAGE, **options: object) -> tuple[list[Event], list[Problem]]:
    source = StructuredDataSource(name="test", url=url, **options)  # type: ignore[arg-type]
    items = list(source.parse_page(path.read_bytes(), url))
    return [i for i in items if isinstance(i, Event)], [i for i in items if isinstance(i, Problem)]


@pytest.fixture
def graph(data_dir: Path) -> tuple[dict[str, Event], list[Problem]]:
    events, problems = parse(data_dir / "html" / "events_graph.html")
    return {event.title: event for event in events}, problems


def test_graph_event_with_referenced_place_offers_and_virtual_location(graph) -> None:
    event = graph[0]["Data Engineering Summit 2027"]
    berlin = dt.timezone(dt.timedelta(hours=1))
    assert event.start == dt.datetime(2027, 3, 10, 9, 0, tzinfo=berlin)
    assert event.end == dt.datetime(2027, 3, 11, 17, 30, tzinfo=berlin)
    assert event.url == "https://example.org/events/data-summit-2027"
    assert event.description == "Two days of pipelines & platforms."
    assert event.location is not None
    assert (event.location.venue, event.location.city, event.location.country) == (
        "Kulturbrauerei", "Berlin", "DE")
    assert event.location.address == "Schönhauser Allee 36"
    assert (event.location.latitude, event.location.longitude) == (52.5388, 13.4127)
    assert event.attendance is AttendanceMode.HYBRID
    assert event.status is EventStatus.SCHEDULED  # EventRescheduled: scheduled, new dates
    assert event.price is not None
    assert (event.price.minimum, event.price.maximum, event.price.currency) == (
        Decimal("149.00"), Decimal(399), "EUR")
    assert event.organizer == "Data Berlin e.V."
    assert event.languages == ("en", "de")
    assert event.topics == ("data engineering", "python", "analytics")
    assert event.kind is EventKind.CONFERENCE  # "Summit" in the title beats BusinessEvent
    assert event.source_id == "https://example.org/events/data-summit-2027#event"
    assert event.source_urls == (PAGE,)


def test_date_only_event_is_all_day_and_free(graph) -> None:
    event = graph[0]["Rust for Pythonistas"]
    assert (event.start, event.end) == (dt.date(2027, 4, 2), dt.date(2027, 4, 3))
    assert event.all_day
    assert event.kind is EventKind.WORKSHOP  # EducationEvent
    assert event.price is not None and event.price.is_free
    assert event.location is not None
    assert (event.location.city, event.location.country) == ("Rotterdam", "NL")
    assert event.source_id == "edu-42"


def test_online_cancelled_event_with_floating_time_needs_a_zone(data_dir: Path) -> None:
    path = data_dir / "html" / "events_graph.html"
    events, problems = parse(path)
    assert "Women in Tech Career Fair" not in {e.title for e in events}
    floating = [p for p in problems if "Career Fair" in p.where]
    assert len(floating) == 1 and floating[0].field == "startDate"
    assert "no UTC offset" in floating[0].message

    events, _ = parse(path, timezone="Europe/Amsterdam")
    fair = next(e for e in events if e.title == "Women in Tech Career Fair")
    assert fair.start == dt.datetime(2027, 5, 6, 18, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
    assert fair.attendance is AttendanceMode.ONLINE
    assert fair.status is EventStatus.CANCELLED
    assert fair.kind is EventKind.CAREER_FAIR
    assert fair.url == "https://meet.example.org/fair"  # the virtual location's link
    assert fair.price is not None and fair.price.is_free


def test_nested_microdata_event_with_aggregate_offer(graph) -> None:
    event = graph[0]["The Testers live"]
    assert event.start == dt.datetime(2027, 7, 1, 20, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert event.url == "https://example.org/calendar/shows/oslo"
    assert event.location is not None
    assert (event.location.venue, event.location.city, event.location.country) == (
        "Rockefeller", "Oslo", "NO")
    assert event.price is not None
    assert (event.price.minimum, event.price.maximum, event.price.currency) == (
        Decimal(35), Decimal(1250), "NOK")


def test_malformed_blocks_and_items_are_problems_naming_page_and_item(graph) -> None:
    events, problems = graph
    by_where = {p.where: p for p in problems}
    assert by_where[f"{PAGE}: JSON-LD block 3"].message.startswith("not valid JSON")
    impossible = by_where[f"{PAGE}: JSON-LD block 4 ('Impossible date')"]
    assert impossible.field == "startDate"
    assert "2019-9-18T10-10-00-00" in impossible.message
    assert by_where[f"{PAGE}: JSON-LD block 5"].field == "name"  # an empty MusicEvent
    # the floating microdata item with itemref: its city is unknown, so no zone can be found
    floating = by_where[f"{PAGE}: microdata item 2 ('Evening meetup, floating time')"]
    assert floating.field == "startDate"
    assert len(problems) == 5  # the career fair (floating) is the fifth
    assert all(p.source == "test" for p in problems)
    assert len(events) == 3


def test_itemref_property_and_timezone_option(data_dir: Path) -> None:
    events, problems = parse(data_dir / "html" / "events_graph.html", timezone="America/Chicago")
    meetup = next(e for e in events if e.title == "Evening meetup, floating time")
    assert meetup.start == dt.datetime(2027, 8, 15, 19, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    assert meetup.kind is EventKind.MEETUP
    assert len(problems) == 3


def test_follows_links_to_detail_pages_within_max_pages(data_dir: Path, now: dt.datetime) -> None:
    listing = data_dir / "html" / "listing_links.html"
    context = FetchContext(fetcher=Fetcher(), now=now)
    source = StructuredDataSource(name="links", url=str(listing), follow="a.more")
    items = list(source.fetch(context))
    events = [i for i in items if isinstance(i, Event)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert sorted(e.title for e in events) == ["Python Meetup #12", "Tech Career Night"]
    night = next(e for e in events if e.title == "Tech Career Night")
    assert night.start == dt.date(2027, 2, 10) and night.location is not None
    assert (night.location.city, night.location.country) == ("Toronto", "CA")
    assert len(problems) == 1 and "missing_detail.html" in problems[0].where

    bounded = StructuredDataSource(name="links", url=str(listing), follow="a.more", max_pages=2)
    items = list(bounded.fetch(context))
    assert [i.title for i in items if isinstance(i, Event)] == ["Python Meetup #12"]
    stop = [i for i in items if isinstance(i, Problem)]
    assert len(stop) == 1 and stop[0].field == "max_pages"
    assert "2 linked pages not read" in stop[0].message


@responses.activate
def test_listing_that_cannot_be_fetched_fails_the_source(now: dt.datetime) -> None:
    responses.get("https://events.example.org/list", status=404)
    settings = FetchSettings(obey_robots=False, http_cache=False, retries=0, min_delay=0)
    context = FetchContext(fetcher=Fetcher(settings, sleep=lambda _: None), now=now)
    source = StructuredDataSource(name="gone", url="https://events.example.org/list")
    with pytest.raises(FetchError):
        list(source.fetch(context))


def test_configuration_errors_are_clear() -> None:
    with pytest.raises(ConfigError, match="unknown option 'selector'"):
        create_source("schemaorg", name="x", options={"url": "a.html", "selector": "a"})
    with pytest.raises(ConfigError, match="'follow' is not a valid CSS selector"):
        create_source("schemaorg", name="x", options={"url": "a.html", "follow": "a[href"})
    with pytest.raises(ConfigError, match="IANA time zone"):
        create_source("schemaorg", name="x", options={"url": "a.html", "timezone": "CET+1"})
    with pytest.raises(ConfigError, match="'url'"):
        create_source("schemaorg", name="x", options={})
    with pytest.raises(ConfigError, match="max_pages"):
        create_source("schemaorg", name="x", options={"url": "a.html", "max_pages": 0})


# --- the real pages -------------------------------------------------------------------------

def real_pages(shared_data: Path) -> list[Path]:
    return sorted((shared_data / "html").rglob("*.html"))


def test_every_real_page_is_read_and_the_counted_items_are_found(shared_data: Path) -> None:
    """PROVENANCE.md counts 95 JSON-LD and 18 microdata Event items in the 31 pages."""
    pages = real_pages(shared_data)
    assert len(pages) == 31
    source = StructuredDataSource(name="real", url="unused")
    counts = {"json-ld": 0, "microdata": 0}
    events = problems = 0
    for page in pages:
        content, url = page.read_bytes(), page.resolve().as_uri()
        for item in scan_page(content, url).items:
            counts[item.syntax] += 1
        for result in source.parse_page(content, url):
            events += isinstance(result, Event)
            problems += isinstance(result, Problem)
    assert counts == {"json-ld": 95, "microdata": 18}
    # Not every item becomes an event: cook_landbank's 6 JSON-LD items have impossible dates
    # (2019-9-18T10-10-00-00) and 3 of its blocks are not JSON (trailing commas); its 9 microdata
    # items and 3 detail pages' items have floating times and no city the gazetteer can place
    # without a 'timezone' option (cook_landbank, cook_landbank_detail, chi_ssa_19_detail).
    assert (events, problems) == (95 + 18 - 6 - 9 - 2, 6 + 3 + 9 + 1 + 2)


def test_real_floating_times_are_read_with_the_timezone_option(shared_data: Path) -> None:
    page = shared_data / "html" / "city-bureau-city-scrapers" / "cook_landbank.html"
    events, problems = parse(page, timezone="America/Chicago")
    assert len(events) == 9  # every microdata item; the JSON-LD twins stay problems
    assert len(problems) == 9
    first = events[0]
    assert first.title == "CCLBA Data & Marketing Committee"
    assert first.start == dt.datetime(2019, 9, 18, 10, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    assert first.end == dt.datetime(2019, 9, 18, 11, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    assert first.url == "http://www.cookcountylandbank.org/events/cclba-data-marketing-committee-20190918/"


def _expected_jsonld(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):  # extruct writes {"json-ld": [...]} or {"items": [...]}
        data = data.get("json-ld", data.get("items", []))
    found: list[dict] = []
    for block in data:
        found.extend(block if isinstance(block, list) else [block])
    return [item for item in found if str(item.get("@type", "")).endswith("Event")]


def _expected_microdata(path: Path) -> list[dict]:
    def walk(item: object):
        if isinstance(item, list):
            for child in item:
                yield from walk(child)
        elif isinstance(item, dict):
            if "properties" in item and str(item.get("type", "")).endswith("Event"):
                yield item["properties"]
            for child in item.get("properties", {}).values():
                yield from walk(child)

    data = json.loads(path.read_text(encoding="utf-8"))
    return list(walk(data["microdata"] if isinstance(data, dict) else data))


def _start(text: str) -> dt.date | dt.datetime:
    text = text.strip()
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text)


def _expected_pairs(shared_data: Path) -> list[tuple[Path, list[dict]]]:
    extruct = shared_data / "html" / "scrapinghub-extruct"
    pairs = []
    for expected in sorted(extruct.rglob("*.expected.json*")):
        page = expected.with_name(expected.name.split(".expected")[0] + ".html")
        if expected.parent.name == "schema.org":
            items = _expected_microdata(expected)
        else:
            items = _expected_jsonld(expected)
        pairs.append((page, items))
    return pairs


def test_extruct_expected_outputs_agree_on_name_start_and_location(shared_data: Path) -> None:
    pairs = _expected_pairs(shared_data)
    assert len(pairs) == 12
    compared = 0
    for page, expected_items in pairs:
        events, _ = parse(page, url=page.resolve().as_uri())
        assert len(events) == len(expected_items), page.name
        for event, expected in zip(events, expected_items, strict=True):
            assert event.title == " ".join(expected["name"].split()), page.name
            start = _start(expected["startDate"])
            if isinstance(start, dt.datetime) and start.tzinfo is None:
                assert isinstance(event.start, dt.datetime)
                assert event.start.replace(tzinfo=None) == start  # read in the city's zone
            else:
                assert event.start == start, page.name
            location = expected.get("location")
            location = location.get("properties", location) if isinstance(location, dict) else location
            if isinstance(location, dict):
                address = location.get("address")
                address = address.get("properties", address) if isinstance(address, dict) else address
                assert event.location is not None
                assert event.location.venue == location.get("name")
                if isinstance(address, dict):
                    assert event.location.city == address.get("addressLocality")
                    assert event.location.region == address.get("addressRegion")
                else:
                    assert event.location.address == address
            elif isinstance(location, str):
                assert event.location is not None and event.location.address == location
            compared += 1
    assert compared == 1 + 49 + 13 + 4 + 4 + 1 + 0 + 1 + 2 + 1 + 1 + 1


@pytest.mark.parametrize(
    ("text", "city", "region", "country"),
    [("Chicago, IL", "Chicago", "IL", "US"), ("Tel Aviv, IL", "Tel Aviv", None, "IL"),
     ("Memphis, TN, US", "Memphis", "TN", "US")],
)
def test_text_place_reads_state_codes_as_regions(
    text: str, city: str, region: str | None, country: str
) -> None:
    from eventscout.sources._schemaorg import _text_place

    place = _text_place(text)  # IL was read as Israel, TN as Tunisia
    assert (place["city"], place["region"], place["country"]) == (city, region, country)


@responses.activate
def test_a_remote_page_cannot_lead_to_local_files(tmp_path: Path, now: dt.datetime) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text('<script type="application/ld+json">{"@type": "Event", "name": "SECRET",'
                      ' "startDate": "2027-05-01"}</script>')
    page = f'<a class="ev" href="{secret.as_uri()}">x</a><a class="ev" href="javascript:alert(1)">y</a>'
    responses.get("https://listing.example/robots.txt", status=404)
    responses.get("https://listing.example/events", body=page, content_type="text/html")
    source = create_source("schemaorg", name="remote", options={"url": "https://listing.example/events",
                                                                 "follow": "a.ev"})
    items = list(source.fetch(FetchContext(fetcher=Fetcher(), now=now)))
    assert not any(isinstance(i, Event) and i.title == "SECRET" for i in items)
