"""Keeping in touch: contacts, meetings at events, follow-ups, reminders and milestones.

* Contacts come from vCards (:func:`read_vcards`), LinkedIn's ``Connections.csv``
  (:func:`read_linkedin_connections`) or a TOML file (:func:`load_contacts`); imports report
  malformed entries as :class:`~eventscout.model.Problem` values and go on.
* :meth:`ContactBook.record_meeting` records meeting someone at an event; :func:`save_contacts`
  writes the book atomically.
* :func:`people_report` lists who is due, overdue, the follow-ups due within 48 h after an event,
  milestones to congratulate on, and contacts at planned events; :func:`render_people` prints it.
* :func:`reminder_entries` / :func:`reminder_vevents` turn follow-ups and stay-in-touch dates into
  all-day events for a feed; :func:`reminder_set` is everything a feed or a CalDAV push publishes
  at a moment, with the follow-ups done or gone stale.
* :class:`PeopleSettings` is the config's ``[people]`` table (:data:`PEOPLE_SECTION`).

See ``docs/how-to/keep-in-touch.md``.
"""

from ._agenda import (
    FollowUp,
    Milestone,
    PeopleReport,
    Sighting,
    StayInTouch,
    at_events,
    contact_today,
    follow_ups,
    milestones,
    names_in,
    next_due,
    people_report,
    render_people,
    stay_in_touch,
)
from ._contacts import (
    CONTACT_SECTION,
    Contact,
    ContactBook,
    Meeting,
    load_contacts,
    parse_cadence,
    save_contacts,
)
from ._import import read_linkedin_connections, read_vcards
from ._reminders import (
    FOLLOW_UP_KEEP_DAYS,
    UID_DOMAIN,
    ReminderEntry,
    ReminderSet,
    reminder_calendar,
    reminder_entries,
    reminder_set,
    reminder_vevents,
)
from ._settings import (
    PEOPLE_SECTION,
    FeedMode,
    PeopleSettings,
    default_contacts_path,
    read_people_settings,
)

__all__ = [
    "CONTACT_SECTION",
    "FOLLOW_UP_KEEP_DAYS",
    "PEOPLE_SECTION",
    "UID_DOMAIN",
    "Contact",
    "ContactBook",
    "FeedMode",
    "FollowUp",
    "Meeting",
    "Milestone",
    "PeopleReport",
    "PeopleSettings",
    "ReminderEntry",
    "ReminderSet",
    "Sighting",
    "StayInTouch",
    "at_events",
    "contact_today",
    "default_contacts_path",
    "follow_ups",
    "load_contacts",
    "milestones",
    "names_in",
    "next_due",
    "parse_cadence",
    "people_report",
    "read_linkedin_connections",
    "read_people_settings",
    "read_vcards",
    "reminder_calendar",
    "reminder_entries",
    "reminder_set",
    "reminder_vevents",
    "render_people",
    "save_contacts",
    "stay_in_touch",
]
