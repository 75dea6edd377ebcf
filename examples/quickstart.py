"""Quickstart: rank the bundled sample sources for the sample profile and write an .ics file.

Runs offline. Usage: ``python examples/quickstart.py [OUTPUT.ics]``
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import eventscout
from eventscout.samples import demo_config_path


def main(output: Path) -> None:
    config = eventscout.load_config(demo_config_path())  # sample profile + sample sources
    with tempfile.TemporaryDirectory() as state:
        result = eventscout.run(config, output=output, top=5, store=Path(state) / "state.sqlite")
    print(f"Profile: {config.profile.name}")
    for number, match in enumerate(result.ranking.matches[:5], start=1):
        event = match.event
        print(f"{number}. {event.title} — {event.first_day:%d %b %Y} (score {match.score:.2f})")
        for reason in match.reasons[:3]:
            print(f"     {reason.text}")
    left_out = result.ranking.excluded
    if left_out:
        print(f"Left out {len(left_out)}, e.g. {left_out[0].event.title!r}: {left_out[0].reason}")
    print(f"Calendar written to {result.ics_path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/quickstart.ics"))
