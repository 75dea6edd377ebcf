"""Listings for the merge tests: one conference as a source lists it, and sets of many."""

from __future__ import annotations

import datetime as dt
import random

from eventscout import Event, Location
from eventscout.testing import make_event


def conf(title: str, start: str, end: str | None = None, *, city: str | None = "Berlin",
         source: str = "a", url: str | None = None, **extra: object) -> object:
    location = Location(city=city) if city else None
    return make_event(title=title, start=start, end=end or start, location=location,
                      source=source, url=url, **extra)


def synthetic(rng: random.Random, series: int) -> list[Event]:
    """Several sources listing overlapping sets of events with their own spellings."""
    words = ["Py", "Data", "Cloud", "Rust", "Go", "Web", "Dev", "Ops", "Sec", "ML", "Java", "JS"]
    cities = ["Berlin", "Paris", "Lyon", "Austin", "Austin, TX", "Tokyo", None]
    events = []
    for number in range(series):
        name = f"{rng.choice(words)}{rng.choice(words)} {rng.choice(['Conf', 'Summit', 'Days'])}"
        start = dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(40))
        end = start + dt.timedelta(days=rng.randrange(3))
        city = rng.choice(cities)
        url = f"https://{name.split()[0].lower()}{number}.example/"
        for source in rng.sample(["json", "atom", "ics", "other"], rng.randint(1, 3)):
            title = rng.choice([name, f"{name} 2027", name.upper(), name.replace(" ", "-")])
            events.append(make_event(
                title=title, start=start, end=end,
                location=Location(city=city) if city else None,
                attendance="in_person" if city else "online", source=source,
                url=rng.choice([url, url.rstrip("/"), None]), topics=[rng.choice(words)],
            ))
    return events


def varied_listings(rng: random.Random, count: int) -> list[Event]:
    """Listings that exercise every path of the matcher: spellings, containment, prefixes, cities
    in names, places written as text, online and unplaced events, long spans, related URLs."""
    words = ["Py", "Data", "Cloud", "Native", "Rust", "Go", "Web", "Dev", "Ops", "JS", "Nation"]
    kinds = ["Conf", "Conference", "Summit", "Days", "Day", ""]
    places = [Location(city="Berlin"), Location(city="Berlin, DE"), Location(city="Munich"),
              Location(city="Bangalore", country="IN"), Location(city="Bengaluru", country="IN"),
              Location(address="Paris (France)"), Location(country="DE"), None]
    sites = ["https://devfest.example/{}", "https://{}.example.org/", "https://www.meetup.com/{}",
             "https://2027.{}.io/", "https://{}.io"]
    events = []
    for _ in range(count):
        name = " ".join(rng.sample(words, rng.randint(1, 3)))
        typo = rng.randrange(1, len(name) - 1) if len(name) > 3 else 0
        title = rng.choice([name, f"{name} {rng.choice(kinds)}", name.replace(" ", ""),
                            f"{name} Berlin", name.upper(), f"The {name} 2027", name[:-1],
                            name[:typo] + name[typo + 1:typo + 2] + name[typo] + name[typo + 2:],
                            f"{name} {rng.choice(words)}", f"{rng.choice(words)}{name}"])
        start = dt.date(2027, 5, 1) + dt.timedelta(days=rng.randrange(6))
        end = start + dt.timedelta(days=rng.choice([0, 0, 1, 3, 20]))
        place = rng.choice(places)
        url = rng.choice([None, rng.choice(sites).format(name.split()[0].lower())])
        events.append(make_event(
            title=title, start=start, end=end, location=place, url=url,
            attendance=rng.choice(["in_person", "in_person", "online", "hybrid"]),
            source=rng.choice(["a", "b", "c"]),
        ))
    return events
