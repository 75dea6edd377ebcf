"""Benchmark: merge 100,000 synthetic events of which 10% are second listings of another.

Run from the project root: ``python benchmarks/merge.py [--events N] [--seed S] [--repeat R]``.

The duplicates are what real sources do to one conference: a year added to the name, other case
and punctuation, a filler word ("Conference") dropped, a typo, the city written "Berlin, DE",
the URL with ``www.`` or without its trailing slash, or missing, the end a day off. Prints the
merge time; the time of one exact (first day, city) grouping pass over the same events measured
in the same run (the floor FACTS.md calls the physical limit) and the ratio of the two; the same
for a pass that also groups by the normalised name; and precision and recall of the duplicate
pairs found against the known truth. Both passes run with the cyclic garbage collector paused,
as the merge does. The gazetteer is loaded before timing, as in a pipeline run where the ranker
has already loaded it; its load time is printed apart. With ``--repeat R`` every timing is the
best of R runs (the project machine is shared and noisy: the ratio is the figure to compare), and
the ratio is also given in CPU time (``time.process_time``: what this process spent, whatever the
other processes on the machine do) as the median of the R runs' ratios (``cpu_ratio_to_floor``),
and as the best merge over the best floor pass (``cpu_best_ratio_to_floor``: noise only ever adds
time, so the best of each is the steadiest figure). The floor pass is short (≈0.1 s), so each
round times it ``FLOOR_PASSES`` times and keeps its best: one pass alone varied by half.
``--stages`` adds the CPU time of each stage (reading, blocking, filter and rules, grouping,
combining), the best of R more merges.

The last but one line (without ``--stages``) is a SHA-256 of the outcome (which input events
were merged, and the ``repr`` of every merged event in output order): a change meant only to
speed the merge up must leave it as it was (``tests/merge/test_merge_output_kept.py`` checks the
same on smaller sets).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import random
import statistics
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from eventscout import Event, Location, merge_groups
from eventscout.places import find_city
from eventscout.text import normalize_name

WORDS = ["cloud", "native", "data", "python", "rust", "java", "kotlin", "react", "vue", "angular", "devops", "security", "ai", "ml", "web", "mobile", "agile", "product", "design", "ux", "api", "graph", "serverless", "edge", "quantum", "blockchain", "open", "source", "platform", "testing", "craft", "frontend", "backend", "infra", "sre", "observability", "linux", "kubernetes", "go", "scala", "elixir", "ruby", "php", "dotnet", "swift", "flutter", "game", "embedded", "robotics", "analytics", "lake", "stream"]
KINDS = ("Conf", "Summit", "Days", "Forum", "Camp", "Meetup", "Expo", "Symposium")
CITIES = (
    ("Berlin", "DE"), ("Paris", "FR"), ("London", "GB"), ("Madrid", "ES"), ("Lisbon", "PT"),
    ("Amsterdam", "NL"), ("Warsaw", "PL"), ("Prague", "CZ"), ("Vienna", "AT"), ("Zurich", "CH"),
    ("Stockholm", "SE"), ("Oslo", "NO"), ("Helsinki", "FI"), ("Copenhagen", "DK"), ("Dublin", "IE"),
    ("Austin", "US"), ("Seattle", "US"), ("Boston", "US"), ("Chicago", "US"), ("Denver", "US"),
    ("Toronto", "CA"), ("Montreal", "CA"), ("Tokyo", "JP"), ("Seoul", "KR"), ("Singapore", "SG"),
    ("Sydney", "AU"), ("Melbourne", "AU"), ("Sao Paulo", "BR"), ("Bogota", "CO"), ("Lagos", "NG"),
    ("Nairobi", "KE"), ("Cape Town", "ZA"), ("Bangalore", "IN"), ("Pune", "IN"), ("Jakarta", "ID"),
    ("Lyon", "FR"), ("Munich", "DE"), ("Hamburg", "DE"), ("Milan", "IT"), ("Rome", "IT"),
)
START = dt.date(2026, 1, 1)
#: the floor pass takes a tenth of a second: each round times it this often and keeps its best
FLOOR_PASSES = 3


def synthetic(count: int, duplicate_share: float, rng: random.Random) -> tuple[list[Event], list[int]]:
    """``count`` events, ``duplicate_share`` of them second listings; and each one's true id."""
    originals = int(count * (1 - duplicate_share))
    events: list[Event] = []
    truth: list[int] = []
    specs = []
    for number in range(originals):
        # two or three words: one-word names from a small vocabulary collide on the same day in
        # the same city far more often than real conference names do
        words = rng.sample(WORDS, rng.choice((2, 2, 3)))
        name = " ".join(w.capitalize() for w in words) + " " + rng.choice(KINDS)
        online = rng.random() < 0.1
        city = None if online else rng.choice(CITIES)
        start = START + dt.timedelta(days=rng.randrange(730))
        end = start + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 4)))
        url = f"https://{words[0]}-{number}.example.org/"
        spec = (name, start, end, city, online, url)
        specs.append(spec)
        events.append(_event(spec, name, source="dataset", url=url))
        truth.append(number)
    for _ in range(count - originals):
        number = rng.randrange(originals)
        name, start, end, city, online, url = specs[number]
        events.append(_listing(specs[number], rng))
        truth.append(number)
    return events, truth


def _event(spec: tuple, title: str, *, source: str, url: str | None, city_text: str | None = None,
           end: dt.date | None = None) -> Event:
    _name, start, spec_end, city, online, _url = spec
    location = None
    if city is not None:
        location = Location(city=city_text or city[0], country=city[1])
    return Event(title=title, start=start, end=end or spec_end, location=location,
                 attendance="online" if online else "in_person", url=url, source=source)


def _listing(spec: tuple, rng: random.Random) -> Event:
    """Another source's listing of ``spec``, spelled its own way."""
    name, start, end, city, _online, url = spec
    title = name
    for change in rng.sample(range(6), rng.randint(1, 2)):
        if change == 0:
            title = f"{title} {start.year}"
        elif change == 1:
            title = title.upper() if rng.random() < 0.5 else title.lower()
        elif change == 2:
            title = title.replace(" ", "-", 1)
        elif change == 3:
            title = " ".join(title.split()[:-1]) or title  # "Conf" dropped
        elif change == 4 and len(title) > 6:
            i = rng.randrange(1, len(title) - 2)
            title = title[:i] + title[i + 1] + title[i] + title[i + 2:]  # a typo
        elif change == 5:
            title = "The " + title
    city_text = f"{city[0]}, {city[1]}" if city is not None and rng.random() < 0.3 else None
    listed_url = rng.choice((url, url.rstrip("/"), url.replace("https://", "https://www."), None))
    listed_end = end + dt.timedelta(days=1) if rng.random() < 0.1 else end
    source = rng.choice(("feed", "calendar", "pages"))
    return _event(spec, title, source=source, url=listed_url, city_text=city_text, end=listed_end)


def exact_grouping(events: list[Event]) -> int:
    """The floor: one pass grouping by (first day, city)."""
    groups: dict[tuple, list[Event]] = defaultdict(list)
    for event in events:
        groups[(event.first_day, event.location.city if event.location else "")].append(event)
    return len(groups)


def exact_name_grouping(events: list[Event]) -> int:
    """One pass grouping by (first day, normalised name, city): the floor with names read."""
    groups: dict[tuple, list[Event]] = defaultdict(list)
    for event in events:
        city = event.location.city if event.location else ""
        groups[(event.first_day, normalize_name(event.title), city)].append(event)
    return len(groups)


def quality(result_groups: tuple[tuple[Event, ...], ...], truth: dict[int, int]) -> tuple[float, float]:
    """Precision and recall of the same-event pairs found."""
    found = {
        tuple(sorted((id(a), id(b)))) for group in result_groups for a, b in combinations(group, 2)
    }
    by_truth: dict[int, list[int]] = defaultdict(list)
    for ident, number in truth.items():
        by_truth[number].append(ident)
    true_pairs = {
        tuple(sorted(pair)) for members in by_truth.values() for pair in combinations(members, 2)
    }
    correct = len(found & true_pairs)
    precision = correct / len(found) if found else 1.0
    recall = correct / len(true_pairs) if true_pairs else 1.0
    return precision, recall


def measure(
    count: int = 100_000, *, seed: int = 7, duplicate_share: float = 0.1, repeat: int = 1
) -> dict[str, Any]:
    """Run the benchmark and return its figures (timings: the best of ``repeat`` runs)."""
    rng = random.Random(seed)
    events, truth_list = synthetic(count, duplicate_share, rng)
    started = time.perf_counter()
    find_city("Berlin")
    gazetteer_s = time.perf_counter() - started

    floor_s = names_s = merge_s = floor_best_cpu = merge_best_cpu = float("inf")
    cpu_ratios = []
    for _ in range(repeat):  # alternate, so that all see the same machine load
        gc.disable()  # as the merge does (eventscout._collector)
        try:
            floor_cpu = float("inf")
            for _pass in range(FLOOR_PASSES):  # the floor is short: its best of a few
                started, cpu_started = time.perf_counter(), time.process_time()
                exact_grouping(events)
                floor_s = min(floor_s, time.perf_counter() - started)
                floor_cpu = min(floor_cpu, time.process_time() - cpu_started)
            floor_best_cpu = min(floor_best_cpu, floor_cpu)
            started = time.perf_counter()
            exact_name_grouping(events)
            names_s = min(names_s, time.perf_counter() - started)
        finally:
            gc.enable()

        started, cpu_started = time.perf_counter(), time.process_time()
        result = merge_groups(events)
        merge_s = min(merge_s, time.perf_counter() - started)
        merge_cpu = time.process_time() - cpu_started
        merge_best_cpu = min(merge_best_cpu, merge_cpu)
        cpu_ratios.append(merge_cpu / max(floor_cpu, 1e-9))

    precision, recall = quality(result.groups, {id(e): n for e, n in zip(events, truth_list, strict=True)})
    return {
        "events": float(len(events)), "merged": float(len(result.events)),
        "true_events": float(len(set(truth_list))), "comparisons": float(result.comparisons),
        "merge_s": merge_s, "floor_s": floor_s, "names_floor_s": names_s, "gazetteer_s": gazetteer_s,
        "precision": precision, "recall": recall, "cpu_ratio": statistics.median(cpu_ratios),
        "cpu_best_ratio": merge_best_cpu / max(floor_best_cpu, 1e-9),
        "outcome": outcome_digest(events, result.events, result.groups),
    }


def stage_times(events: list[Event]) -> dict[str, float]:
    """CPU seconds of each stage of one merge (the collector paused, as the merge pauses it):
    what ``--stages`` prints, to say where the time goes."""
    from eventscout._collector import collector_paused
    from eventscout.merge._blocking import candidate_pairs
    from eventscout.merge._combining import combine
    from eventscout.merge._filter import matching_pairs
    from eventscout.merge._grouping import group
    from eventscout.merge._listing import read_listings

    times: dict[str, float] = {}
    with collector_paused():
        started = time.process_time()
        listings = read_listings(events)
        times["reading"] = time.process_time() - started
        started = time.process_time()
        first, second = candidate_pairs(listings)
        times["blocking"] = time.process_time() - started
        started = time.process_time()
        pairs = matching_pairs(listings, first, second)
        times["filter and rules"] = time.process_time() - started
        started = time.process_time()
        groups = group(listings, pairs)
        times["grouping"] = time.process_time() - started
        started = time.process_time()
        for members in groups:
            combine([listings.events[i] for i in members])
        times["combining"] = time.process_time() - started
    return times


def outcome_digest(
    events: list[Event], merged: tuple[Event, ...], groups: tuple[tuple[Event, ...], ...]
) -> str:
    """A SHA-256 of which input events (by position) were merged and of every merged event."""
    position = {id(event): number for number, event in enumerate(events)}
    digest = hashlib.sha256()
    for members in sorted(sorted(position[id(e)] for e in group) for group in groups):
        digest.update(f"{members}\n".encode())
    for event in merged:
        digest.update(f"{event!r}\n".encode())
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--stages", action="store_true",
                        help="also print the CPU time of each stage (best of --repeat more merges)")
    args = parser.parse_args()
    figures = measure(args.events, seed=args.seed, repeat=max(1, args.repeat))
    ratio = figures["merge_s"] / figures["floor_s"]
    print(f"events {figures['events']:.0f} -> {figures['merged']:.0f} "
          f"(truth {figures['true_events']:.0f}), {figures['comparisons']:.0f} pairs compared")
    print(f"exact (first day, city) grouping (floor) {figures['floor_s']:.3f} s; with normalised "
          f"names {figures['names_floor_s']:.3f} s; gazetteer load {figures['gazetteer_s']:.2f} s "
          "(not in the merge time)")
    print(f"merge {figures['merge_s']:.2f} s = {ratio:.1f}x the floor, "
          f"{figures['merge_s'] / figures['names_floor_s']:.1f}x the pass with names")
    print(f"precision {figures['precision']:.4f}, recall {figures['recall']:.4f}")
    print(f"outcome sha256 {figures['outcome']}")
    print(f"merge: merge_{args.events // 1000}k_s={figures['merge_s']:.2f} "
          f"ratio_to_floor={ratio:.1f} cpu_ratio_to_floor={figures['cpu_ratio']:.1f} "
          f"cpu_best_ratio_to_floor={figures['cpu_best_ratio']:.1f} "
          f"precision={figures['precision']:.4f} recall={figures['recall']:.4f}")
    if args.stages:
        events, _truth = synthetic(args.events, 0.1, random.Random(args.seed))
        runs = [stage_times(events) for _ in range(max(1, args.repeat))]
        times = {name: min(run[name] for run in runs) for name in runs[0]}
        print("stages (CPU s): " + ", ".join(f"{name} {took:.2f}" for name, took in times.items()))

if __name__ == "__main__":
    main()
