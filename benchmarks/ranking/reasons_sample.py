"""Draw the sample of shown reasons to judge, or score a judged sample.

``python benchmarks/ranking/reasons_sample.py draw`` prints, for the top 10 matches of every judged
profile, each reason next to the listing it is about (title, topics, place, dates, CFP, description)
as JSON lines, every 4th reason kept so that ~100+ reasons from all profiles are drawn.
A person then reads each listing and writes ``true`` or ``false`` (and a note) into
``data/reasons_judged.json``. ``python benchmarks/ranking/reasons_sample.py score`` prints the share
judged true.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE))

from evaluate import DATA, JUDGED_SETS, load_event  # noqa: E402

from eventscout.profile import Profile  # noqa: E402
from eventscout.rank import rank_events  # noqa: E402

JUDGED = DATA / "reasons_judged.json"
EVERY = 4


def draw() -> None:
    count = 0
    for candidates, profile_file, _judgments, now in JUDGED_SETS:
        references = json.loads((DATA / candidates).read_text(encoding="utf-8"))
        events = [load_event(reference) for reference in references]
        position = {id(event): index for index, event in enumerate(events)}
        profiles = tomllib.loads((DATA / profile_file).read_text(encoding="utf-8"))
        for key, table in profiles.items():
            ranking = rank_events(events, Profile.from_mapping(table), now=now)
            for match in ranking.matches[:10]:
                event = match.event
                for reason in match.reasons:
                    count += 1
                    if count % EVERY:
                        continue
                    print(json.dumps({
                        "profile": key, "candidate": references[position[id(event)]],
                        "reason": reason.text, "title": event.title, "topics": list(event.topics),
                        "place": event.location.describe() if event.location else
                        event.attendance.value, "attendance": event.attendance.value,
                        "start": event.first_day.isoformat(),
                        "cfp_closes": event.cfp.closes.isoformat() if event.cfp and
                        event.cfp.closes else None,
                        "description": event.description[:120],
                    }, ensure_ascii=False))


def score() -> None:
    items = json.loads(JUDGED.read_text(encoding="utf-8"))["reasons"]
    true = sum(1 for item in items if item["true"])
    print(f"reasons judged: {len(items)}, true: {true} ({true / len(items):.1%})")
    print(f"reasons: judged={len(items)} true_share={true / len(items):.3f}")


if __name__ == "__main__":
    {"draw": draw, "score": score}[sys.argv[1] if len(sys.argv) > 1 else "score"]()
