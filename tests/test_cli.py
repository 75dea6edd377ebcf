"""The command line: a thin layer whose output and exit status people rely on."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from eventscout.cli import main

PROJECT = Path(__file__).parent.parent
CLIENTS_PYTHON = PROJECT / ".venv-clients" / "bin" / "python"
ICS_CHECK = PROJECT.parent / "shared" / "tools" / "ics-check"


def test_sources_lists_the_built_in_adapters(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    for name in ("ical", "confstech", "sample"):
        assert f"\n{name} " in "\n" + out


@pytest.mark.parametrize(("terminal", "quiet", "shown"),
                         [(True, False, True), (True, True, False), (False, False, False)],
                         ids=["terminal", "terminal but --quiet", "not a terminal"])
def test_the_progress_bar_shows_only_on_a_terminal_and_never_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terminal: bool, quiet: bool, shown: bool
) -> None:
    stderr = io.StringIO()
    monkeypatch.setattr(stderr, "isatty", lambda: terminal, raising=False)
    monkeypatch.setattr("sys.stderr", stderr)
    argv = ["run", "-o", str(tmp_path / "demo.ics"), "--now", "2027-01-15T12:00:00Z",
            "--store", str(tmp_path / "s.sqlite"), *(["--quiet"] if quiet else [])]
    assert main(argv) == 0
    bar = stderr.getvalue()
    assert ("fetching" in bar and "/2" in bar) if shown else bar == ""


def test_run_on_the_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "demo.ics"
    report = tmp_path / "report.json"
    status = main(["run", "-o", str(output), "--now", "2027-01-15T12:00:00Z", "--quiet",
                   "--store", str(tmp_path / "s.sqlite"), "--report-json", str(report),
                   "--show-excluded", "--top", "5"])
    out = capsys.readouterr().out
    assert status == 0
    assert "Top 5 events for you" in out
    assert " 1. [" in out and " 5. [" in out and " 6. [" not in out
    assert "excluded: UX Research breakfast club" in out
    assert "sample-conferences" in out  # the run report
    assert f"Wrote 5 events to {output}" in out
    assert json.loads(report.read_text())["sources"][0]["name"] == "sample-community-calendar"
    assert output.read_text().startswith("BEGIN:VCALENDAR")


def test_a_bad_config_fails_with_a_message_and_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[profile]\n[profile.goals]\nfame = 1.0\n")
    assert main(["run", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "unknown goal 'fame'" in err and str(config) in err


def test_a_failing_source_gives_status_3_and_the_others_still_arrive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eventscout.samples import sample_path

    config = tmp_path / "c.toml"
    config.write_text(f"""
[profile]
[profile.interests]
python = 1.0
[[sources]]
type = "ical"
name = "missing"
url = "{tmp_path / 'nowhere.ics'}"
[[sources]]
type = "ical"
name = "good"
url = "{sample_path('meetups.ics')}"
""")
    status = main(["run", "--config", str(config), "-o", str(tmp_path / "o.ics"), "--quiet",
                   "--store", str(tmp_path / "s.sqlite")])
    out = capsys.readouterr().out
    assert status == 3
    assert "Python Users Berlin" in out
    assert "missing" in out and "failed" in out


@pytest.mark.skipif(not (CLIENTS_PYTHON.exists() and ICS_CHECK.exists()),
                    reason="ics-check or its venv (.venv-clients, see ../shared/tools/README.md) is not installed")
def test_the_demo_output_passes_ics_check(tmp_path: Path) -> None:
    output = tmp_path / "demo.ics"
    assert main(["run", "-o", str(output), "--quiet", "--store", str(tmp_path / "s.sqlite")]) == 0
    check = subprocess.run([str(CLIENTS_PYTHON), str(ICS_CHECK), str(output)],
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_console_script_is_installed() -> None:
    assert shutil.which("eventscout", path=str(PROJECT / ".venv" / "bin")) is not None


def test_build_writes_every_tier_and_an_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    status = main(["build", "--out", str(site), "--now", "2027-01-15T12:00:00Z", "--quiet",
                   "--store", str(tmp_path / "s.sqlite"), "--base-url", "https://me.example.org/events/"])
    out = capsys.readouterr().out
    assert status == 0
    assert {p.name for p in site.iterdir()} >= {"must-attend.ics", "worth-a-look.ics", "deadlines.ics", "index.html"}
    assert "must-attend: 10 entries" in out
    index = (site / "index.html").read_text()
    assert "webcal://me.example.org/events/must-attend.ics" in index
    first = (site / "must-attend.ics").read_bytes()
    assert main(["build", "--out", str(site), "--now", "2027-01-15T12:00:00Z", "--quiet",
                 "--store", str(tmp_path / "s.sqlite"), "--base-url", "https://me.example.org/events/"]) == 0
    assert (site / "must-attend.ics").read_bytes() == first  # nothing changed: byte-identical


def test_serve_answers_with_feeds_and_304(tmp_path: Path) -> None:
    import os
    import socket
    import sys
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "eventscout.cli", "serve", "--out", str(tmp_path / "site"),
             "--port", str(port), "--store", str(tmp_path / "s.sqlite"), "--rebuild-every", "0"],
            stdout=subprocess.DEVNULL, stderr=sink, env=dict(os.environ),
        )
    try:
        url = f"http://127.0.0.1:{port}/must-attend.ics"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    body, etag = response.read(), response.headers["ETag"]
                    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the server did not come up"
                time.sleep(0.3)
        assert body.startswith(b"BEGIN:VCALENDAR")
        request = urllib.request.Request(url, headers={"If-None-Match": etag})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request, timeout=5)
        assert info.value.code == 304
        info.value.close()
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/..%2f..%2fs.sqlite", timeout=5)
        assert info.value.code == 404
        info.value.close()
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_top_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["run", "--top", "-2"])
    assert info.value.code == 2
    assert "not a positive number" in capsys.readouterr().err


def test_serve_on_a_taken_port_fails_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = main(["serve", "--port", str(port), "--out", str(tmp_path / "site"),
                       "--store", str(tmp_path / "s.sqlite")])
    assert status == 2
    err = capsys.readouterr().err
    assert "eventscout: error: Address already in use" in err
    assert f"127.0.0.1:{port}" in err  # the message names the port
    assert not (tmp_path / "site").exists()  # nothing was built


def test_writing_to_a_folder_names_it_and_leaks_no_temporary_file(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["run", "-o", str(folder), "--quiet", "--now", "2027-01-15T12:00:00Z",
                 "--store", str(tmp_path / "s.sqlite")]) == 2
    err = capsys.readouterr().err
    assert "it is a folder" in err and str(folder) in err and ".tmp" not in err
    assert list(folder.iterdir()) == []


def test_an_unknown_adapter_type_suggests_the_nearest(tmp_path: Path, capsys) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[profile]\n[[sources]]\ntype = 'icall'\nurl = 'x.ics'\n", encoding="utf-8")
    assert main(["run", "--config", str(config), "--quiet", "-o", str(tmp_path / "o.ics")]) == 2
    assert "did you mean 'ical'?" in capsys.readouterr().err


def test_config_errors_name_an_absolute_path(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.toml").write_text("[profile]\nintrests = {}\n", encoding="utf-8")
    assert main(["run", "--config", "bad.toml"]) == 2
    assert str(tmp_path / "bad.toml") in capsys.readouterr().err


@pytest.mark.parametrize("command", ["run", "build", "serve", "init", "sources"])
def test_every_command_has_a_description_and_examples(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "examples:" in text and f"eventscout {command}" in text.split("examples:")[1]
    description = text.split("\n\n")[1]
    assert len(description.split()) >= 8, description


def test_plan_prints_the_year_and_writes_plan_ics(tmp_path: Path, capsys) -> None:
    output = tmp_path / "plan.ics"
    assert main(["plan", "--now", "2027-01-15T12:00:00Z", "--quiet", "-o", str(output),
                 "--store", str(tmp_path / "s.sqlite")]) == 0
    out = capsys.readouterr().out
    assert "Year plan 2027" in out and "of 8 events" in out and "Left out:" in out
    assert "of 2,500 EUR" in out and "of 15 days away" in out
    import icalendar

    calendar = icalendar.Calendar.from_ical(output.read_bytes())
    chosen = [c for c in calendar.walk("VEVENT") if not str(c["UID"]).startswith("cfp-")]
    table = out.split("Total:")[0]
    rows = [line for line in table.splitlines() if line[:4].isdigit() and line[4] == "-"]
    assert len(chosen) == len(rows) and 1 <= len(rows) <= 8  # the events in the printed table
    assert f"Wrote the plan to {output}" in out


def test_show_excluded_summarises_by_rule() -> None:
    import datetime as dt

    from eventscout.cli import _print_excluded
    from eventscout.model import Event
    from eventscout.rank import Exclusion, Ranking

    def excluded(n: int, signal: str, reason: str) -> Exclusion:
        event = Event(title=f"Event {signal} {n}", start=dt.date(2027, 1, 1 + n % 28), source="t",
                      source_id=f"{signal}-{n}")
        return Exclusion(event=event, signal=signal, reason=reason)

    ranking = Ranking(matches=[], excluded=[
        *(excluded(n, "past", f"it ended on 2027-01-{1 + n % 28:02d}") for n in range(2000)),
        *(excluded(n, "too_far", "9,130 km from Berlin") for n in range(12)),
        excluded(0, "cancelled", "the event is cancelled"),
    ])
    out = io.StringIO()
    _print_excluded(ranking, out)
    text = out.getvalue()
    assert "Excluded: 2013 events" in text
    assert " 2000  past: already over" in text and "it ended on" not in text  # counted only
    assert text.count("9,130 km from Berlin") == 10 and "... and 2 more" in text
    assert "excluded: Event cancelled 0 (2027-01-01): the event is cancelled" in text
    assert len(text.splitlines()) < 20


def test_failing_sources_get_one_line_each_and_say_what_failed(tmp_path: Path, capsys) -> None:
    """Issue 11: a dead host and a broken file, each one line with the fault in words; the
    retries are a count; no traceback or urllib3 text; the run does not exit 0."""
    (tmp_path / "broken.json").write_text('{"not": "a list"', encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text("""
[profile]
[profile.interests]
python = 1.0
[[sources]]
type = "ical"
name = "dead"
url = "http://127.0.0.1:9/a.ics"
[sources.fetch]
retries = 2
backoff = "1ms"
backoff_max = "1ms"
[[sources]]
type = "confstech"
name = "broken"
url = "broken.json"
""", encoding="utf-8")
    status = main(["run", "--config", str(config), "--quiet", "-o", str(tmp_path / "o.ics"),
                   "--store", str(tmp_path / "s.sqlite")])
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert status == 4
    dead = [line for line in text.splitlines() if line.startswith("dead:")]
    assert dead == ["dead: cannot connect to 127.0.0.1:9: connection refused "
                    "(http://127.0.0.1:9/a.ics) (after 2 retries)"]
    assert "broken: delivered no events and 1 problem(s)" in text
    assert "Traceback" not in text and "HTTPConnectionPool" not in text and "urllib3" not in text


def test_nothing_configured_says_so_and_exits_5(tmp_path: Path, capsys) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[profile]\nname = 'x'\n", encoding="utf-8")
    assert main(["run", "--config", str(config), "--quiet", "-o", str(tmp_path / "o.ics"),
                 "--store", str(tmp_path / "s.sqlite")]) == 5
    out = capsys.readouterr().out
    assert "No sources are configured" in out and "0 of 0" not in out


def test_the_default_plan_year_holds_most_of_the_next_twelve_months() -> None:
    import datetime as dt

    from eventscout.pipeline import default_plan_year

    assert default_plan_year(dt.datetime(2026, 12, 7, tzinfo=dt.UTC)) == 2027
    assert default_plan_year(dt.datetime(2027, 6, 30, tzinfo=dt.UTC)) == 2027
    assert default_plan_year(dt.datetime(2027, 7, 1, tzinfo=dt.UTC)) == 2028


def test_the_run_summary_tells_kept_with_a_note_from_skipped(tmp_path: Path, capsys) -> None:
    """An item kept with a note reached the events: the summary does not call it skipped."""
    listing = [
        {"name": "Kept Conf", "date": [1810080000000], "hyperlink": "https://kept.example.org/",
         "location": "Lyon (France)", "city": "Lyon", "country": "France",
         "cfp": {"link": "#", "untilDate": 1807488000000}},
        {"name": "", "date": [1810080000000]},
    ]
    data = tmp_path / "events.json"
    data.write_text(json.dumps(listing), encoding="utf-8")
    config = tmp_path / "eventscout.toml"
    config.write_text(f'[profile]\nname = "T"\n\n[[sources]]\ntype = "devevents"\nname = "dev"\n'
                      f'url = "{data.as_uri()}"\n', encoding="utf-8")
    assert main(["run", "--config", str(config), "--now", "2027-01-15T12:00:00Z", "--problems",
                 "--store", str(tmp_path / "s.sqlite"), "-o", str(tmp_path / "o.ics")]) == 0
    out = capsys.readouterr().out
    assert "1 items skipped, 1 kept with a note." in out
    assert "  kept with a note: dev: " in out and "CFP link '#' is not a URL" in out
    assert out.count("  skipped: ") == 1
