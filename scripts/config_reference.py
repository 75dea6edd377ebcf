"""Write the generated tables of docs/reference/config.md from the settings spec.

    python scripts/config_reference.py          # rewrite the page
    python scripts/config_reference.py --check  # exit 1 when the page is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eventscout.reference import splice_reference

PAGE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "config.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the page is current")
    args = parser.parse_args()
    page = PAGE.read_text(encoding="utf-8")
    wanted = splice_reference(page)
    if args.check:
        if page != wanted:
            sys.stderr.write(f"{PAGE.name} is out of date: run scripts/config_reference.py\n")
            return 1
        return 0
    PAGE.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
