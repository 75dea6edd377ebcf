"""``eventscout met`` and ``eventscout people``: a thin layer over :mod:`eventscout.people`.

* ``met NAME --at EVENT``: record meeting someone at an event (found like ``eventscout mark``
  finds one: a key, a UID or a title among the events the sources last delivered). A NAME not in
  the contacts file yet becomes a new contact, and the command says so.
* ``people``: who is due or overdue, the follow-ups due within 48 hours of an event, milestones to
  congratulate on, and the contacts named in the listings of events marked going.
* ``people import FILE``: contacts from a ``.vcf`` or LinkedIn's ``Connections.csv``; malformed
  entries are listed with file and line, the rest imported.
* ``people done NAME [WHAT]``: mark follow-ups done (their reminders leave the follow-ups feed).
* ``people push``: push the follow-ups to the ``[people]`` CalDAV calendar as tasks.

The contacts file is ``--contacts``, else the config's ``[people] contacts``, else
``contacts.toml`` in the user data folder; it is written atomically, so it survives any stop.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .errors import ConfigError

if TYPE_CHECKING:
    from .config import Config
    from .people import ContactBook

__all__ = ["add_met_parser", "add_people_parser", "run_met", "run_people"]

_FORMAT = argparse.RawDescriptionHelpFormatter


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2027-04-21") from None


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of days") from None
    if days < 0:
        raise argparse.ArgumentTypeError(f"{days} days: give 0 or more")
    return days


def _common(command: argparse.ArgumentParser, parse_now: Callable[[str], dt.datetime], *,
            nested: bool = False) -> None:
    """--config, --contacts, --store, --now; ``nested`` ones do not hide the parent's values."""
    default = argparse.SUPPRESS if nested else None
    command.add_argument("--config", type=Path, default=default,
                         help="config file (default: ./eventscout.toml, else the bundled demo)")
    command.add_argument("--contacts", type=Path, default=default,
                         help="the contacts file (default: the config's [people] contacts)")
    command.add_argument("--store", type=Path, default=default,
                         help="state file holding the events last fetched (default: the config's)")
    command.add_argument("--now", type=parse_now, default=default,
                         help="pretend the current time is this (ISO)")


def add_met_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                   parse_now: Callable[[str], dt.datetime]) -> None:
    """``eventscout met``."""
    met = commands.add_parser(
        "met", help="record meeting someone at an event",
        description="Record that you met NAME at EVENT: the contact is last in touch on the "
                    "event's last day (or --on), and a thank-you note and each promise are due "
                    "within 48 hours of the event's end. EVENT is found like `eventscout mark` "
                    "finds it: a key, a UID or a title among the events the sources last "
                    "delivered. A NAME not in the contacts file becomes a new contact.",
        epilog="examples:\n"
               "  eventscout met \"Ada Lovelace\" --at \"PyCon DE 2027\" --promised \"share slides\"\n"
               "  eventscout met \"Grace Hopper\" --at pycon-de-2027-darmstadt --topic compilers "
               "--on 2027-04-20",
        formatter_class=_FORMAT,
    )
    met.add_argument("name", help="whom you met (case and accents aside)")
    met.add_argument("--at", required=True, dest="event", help="the event: a key, a UID or a title")
    met.add_argument("--topic", action="append", default=[], help="what you talked about (repeatable)")
    met.add_argument("--promised", action="append", default=[],
                     help="something you promised: an intro, the slides (repeatable)")
    met.add_argument("--on", type=_day, help="the day you met (default: the event's last day)")
    _common(met, parse_now)


def add_people_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                      parse_now: Callable[[str], dt.datetime]) -> None:
    """``eventscout people`` and its subcommands."""
    people = commands.add_parser(
        "people", help="who is due, follow-ups, milestones; import contacts",
        description="Without a subcommand: list the contacts whose stay-in-touch cadence runs "
                    "out within [people] due_within days or has run out, the follow-ups due "
                    "within 48 hours of an event, milestones to congratulate on (a contact named "
                    "in an upcoming event's listing, a new role), and the contacts named in the "
                    "listings of events marked going.",
        epilog="examples:\n  eventscout people\n  eventscout people --within 14\n"
               "  eventscout people import contacts.vcf\n  eventscout people import Connections.csv\n"
               "  eventscout people done \"Ada Lovelace\" slides\n  eventscout people push",
        formatter_class=_FORMAT,
    )
    people.add_argument("--within", type=_days, help="days to look ahead (default: [people] due_within)")
    _common(people, parse_now)
    subcommands = people.add_subparsers(dest="people_command", metavar="SUBCOMMAND")
    importing = subcommands.add_parser(
        "import", help="add contacts from a .vcf or LinkedIn's Connections.csv",
        description="Add the contacts of a vCard file (.vcf, vCard 3.0 or 4.0) or of LinkedIn's "
                    "Connections.csv export. A contact already known keeps what it has and only "
                    "gains the fields it lacks; a malformed card or row is listed with the file "
                    "and the line, and the others are imported.",
        epilog="examples:\n  eventscout people import contacts.vcf\n"
               "  eventscout people import ~/Downloads/Connections.csv --contacts contacts.toml",
        formatter_class=_FORMAT,
    )
    importing.add_argument("file", type=Path, help="a .vcf or .csv file")
    _common(importing, parse_now, nested=True)
    done = subcommands.add_parser(
        "done", help="mark follow-ups done",
        description="Mark NAME's open follow-ups done: WHAT is 'thank-you' or (a part of) a "
                    "promise; without it, every open follow-up of NAME. Their reminders leave the "
                    "follow-ups feed (as 'Done: ...') and are completed on the CalDAV server.",
        epilog="examples:\n  eventscout people done \"Ada Lovelace\" thank-you\n"
               "  eventscout people done \"Ada Lovelace\"",
        formatter_class=_FORMAT,
    )
    done.add_argument("name", help="the contact")
    done.add_argument("what", nargs="?", help="'thank-you' or a promise (default: all open ones)")
    _common(done, parse_now, nested=True)
    push = subcommands.add_parser(
        "push", help="push the follow-ups to a CalDAV calendar as tasks",
        description="Put each follow-up and stay-in-touch reminder as a task (VTODO) into the "
                    "CalDAV calendar of [people] caldav_url (or --url): new ones are added, changed "
                    "ones updated, done ones completed, and tasks eventscout put there that are no "
                    "longer due are deleted. Other tasks in the calendar are left alone.",
        epilog="examples:\n  eventscout people push\n"
               "  EVENTSCOUT_CALDAV_PASSWORD=... eventscout people push "
               "--url https://dav.example.org/ada/tasks/",
        formatter_class=_FORMAT,
    )
    push.add_argument("--url", help="the CalDAV calendar's URL (default: [people] caldav_url)")
    _common(push, parse_now, nested=True)


def _config(args: argparse.Namespace) -> Config:
    from .cli import _config as load

    return load(args)


def _now(args: argparse.Namespace) -> dt.datetime:
    return getattr(args, "now", None) or dt.datetime.now(dt.UTC)


def _contacts_path(args: argparse.Namespace, config: Config, *, writing: bool) -> Path:
    """The contacts file: --contacts, else the config's; the bundled sample is never written."""
    from .samples import sample_path

    given = getattr(args, "contacts", None)
    if given:
        return Path(given)
    path = config.people.contacts_path
    if writing and path.resolve().is_relative_to(sample_path(".").resolve()):
        raise ConfigError("the bundled demo's contacts file is read-only: give --contacts FILE or "
                          "a config with [people] contacts (`eventscout init` writes one)",
                          path=str(path), key="people.contacts")
    return path


def _load(path: Path) -> ContactBook:
    from .people import load_contacts

    return load_contacts(path)


def _events(args: argparse.Namespace, config: Config) -> tuple[list, set[str]]:
    """The events the sources last delivered, and the keys of those marked going."""
    from .decisions import going_keys, stored_events
    from .runner import Store

    with Store(getattr(args, "store", None) or config.output.store) as store:
        return stored_events(store), going_keys(store.decisions())


def run_met(args: argparse.Namespace, out: TextIO) -> int:
    """``eventscout met``: find the event, record the meeting, save the book."""
    import attrs

    from .decisions import find_event
    from .people import save_contacts

    config = _config(args)
    path = _contacts_path(args, config, writing=True)
    book = _load(path)
    events, _ = _events(args, config)
    event = find_event(events, args.event)
    now = _now(args)
    on = args.on or event.last_day
    if args.on is None and event.first_day > now.date():
        raise ConfigError(f"{event.title} starts on {event.first_day.isoformat()}, after today; "
                          "record the meeting once you have met, or date it with --on",
                          key="met --at")
    known = book.find(args.name) is not None
    book = book.record_meeting(args.name, event.title, on, event_key=event.key,
                               promises=args.promised)
    if args.topic:
        contact = book.find(args.name)
        assert contact is not None
        changed = attrs.evolve(contact, topics=(*contact.topics, *args.topic))
        book = attrs.evolve(book, contacts=tuple(changed if c is contact else c
                                                 for c in book.contacts))
    save_contacts(book, path)
    contact = book.find(args.name)
    assert contact is not None
    if not known:
        print(f"New contact: {contact.name} (set a cadence in {path} for stay-in-touch reminders)",
              file=out)
    due = on + dt.timedelta(days=2)
    things = ["a thank-you note", *args.promised]
    print(f"Met {contact.name} at {event.title} ({on.isoformat()}); by {due.isoformat()}: "
          f"{', '.join(things)}.", file=out)
    return 0


def run_people(args: argparse.Namespace, out: TextIO) -> int:
    """``eventscout people`` and its subcommands."""
    command = getattr(args, "people_command", None)
    config = _config(args)
    if command == "import":
        return _import(args, config, out)
    if command == "done":
        return _done(args, config, out)
    if command == "push":
        return _push(args, config, out)
    from .people import people_report, render_people

    path = _contacts_path(args, config, writing=False)
    book = _load(path)
    if not book.contacts and not book.meetings:
        print(f"No contacts yet in {path}: `eventscout people import FILE` or "
              "`eventscout met NAME --at EVENT` adds some.", file=out)
        return 0
    events, going = _events(args, config)
    now = _now(args)
    upcoming = [e for e in events if e.end_instant() > now]
    within = args.within if args.within is not None else config.people.due_within
    report = people_report(book, now=now, upcoming=upcoming,
                           planned=[e for e in upcoming if e.key in going], within_days=within)
    print(render_people(report), end="", file=out)
    return 0


def _import(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    from .people import read_linkedin_connections, read_vcards, save_contacts

    path = _contacts_path(args, config, writing=True)
    file: Path = args.file
    reader = read_vcards if file.suffix.lower() in (".vcf", ".vcard") else read_linkedin_connections
    if file.suffix.lower() not in (".vcf", ".vcard", ".csv"):
        raise ConfigError("give a .vcf (vCard) or a .csv (LinkedIn's Connections.csv) file",
                          path=str(file))
    contacts, problems = reader(file)
    book = _load(path)
    before = len(book.contacts)
    book = book.merge(contacts)
    save_contacts(book, path)
    for problem in problems:
        print(f"  skipped: {problem}", file=out)
    added = len(book.contacts) - before
    print(f"Read {len(contacts)} contacts from {file} ({added} new, "
          f"{len(contacts) - added} already known), {len(problems)} skipped; saved {path}",
          file=out)
    return 0


def _done(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    from .people import save_contacts

    path = _contacts_path(args, config, writing=True)
    try:
        book, marked = _load(path).mark_done(args.name, args.what)
    except ValueError as error:
        raise ConfigError(str(error), path=str(path)) from None
    save_contacts(book, path)
    print(f"Done for {args.name}: {', '.join(marked)}", file=out)
    return 0


def _push(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    from .export.caldav import CalDavCalendar
    from .people import reminder_set

    settings = config.people
    url = getattr(args, "url", None) or settings.caldav_url
    if not url:
        raise ConfigError("no CalDAV calendar: set [people] caldav_url or give --url",
                          key="people.caldav_url")
    password = os.environ.get(settings.caldav_password_env) if settings.caldav_password_env else None
    if settings.caldav_password_env and password is None:
        raise ConfigError(f"the environment variable {settings.caldav_password_env} holding the "
                          "CalDAV password is not set", key="people.caldav_password_env")
    auth = (settings.caldav_username, password or "") if settings.caldav_username else None
    reminders = reminder_set(_load(_contacts_path(args, config, writing=False)), _now(args))
    with CalDavCalendar(url, auth=auth) as calendar:
        outcome = calendar.push(reminders.entries, done=reminders.done, stamp=_now(args))
    print(f"CalDAV {url}: {outcome.describe()}", file=out)
    return 0
