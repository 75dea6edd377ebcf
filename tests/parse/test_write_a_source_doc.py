"""The adapter in docs/how-to/write-a-source.md runs as written, with the parsing toolkit."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from eventscout.model import AttendanceMode
from eventscout.testing import run_source

DOC = Path(__file__).parents[2] / "docs" / "how-to" / "write-a-source.md"
URL = "https://community.example/calendar.csv"


def _first_block() -> str:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)[0]


def test_the_documented_adapter_runs() -> None:
    namespace: dict[str, Any] = {}
    exec(compile(_first_block(), str(DOC), "exec"), namespace)
    source = namespace["CommunityCsvSource"](name="c", url=URL, topics="python",
                                             timezone="Europe/Berlin")
    assert source.topics == ("python",)
    csv = (b"title,start,place\n"
           b"PyBerlin,2027-03-04,\"Betahaus, Berlin, Germany\"\n"
           b"Remote sprint,2027-03-05,Online\n"
           b"Broken,someday,Berlin\n")
    run = run_source(source, files={URL: csv})
    assert run.titles == ["PyBerlin", "Remote sprint"]
    berlin, remote = run.events
    assert berlin.location is not None and berlin.location.country == "DE"
    assert remote.attendance is AttendanceMode.ONLINE and remote.location is None
    assert berlin.topics == ("python",)
    assert [problem.where for problem in run.problems] == [f"{URL} line 4"]
