"""The ``[people]`` table of a config file: where the contacts live, the follow-ups feed, CalDAV.

.. code-block:: toml

    [people]
    contacts = "contacts.toml"       # relative to the config file
    due_within = 7                   # `eventscout people` lists who is due within 7 days
    feed = "private"                 # the follow-ups feed: private, public or none
    caldav_url = "https://dav.example.org/ada/tasks/"   # optional: push follow-ups as VTODOs
    caldav_username = "ada"
    caldav_password_env = "EVENTSCOUT_CALDAV_PASSWORD"  # the password is read from this variable

The password never sits in the config file: only the name of the environment variable holding it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from ..errors import ConfigError
from ..settings import Choice, Custom, Number, Option, Section, Text, Where, relative_path

__all__ = ["PEOPLE_SECTION", "FeedMode", "PeopleSettings", "default_contacts_path",
           "read_people_settings"]


class FeedMode(enum.StrEnum):
    """Where ``eventscout build`` writes the follow-ups feed."""

    PRIVATE = "private"  # in the site's private/ folder, served only with its token
    PUBLIC = "public"  # beside the other feeds (never listed on the index page)
    NONE = "none"  # not written


@frozen(kw_only=True)
class PeopleSettings:
    """Where the contacts file is, and how reminders leave eventscout."""

    #: the contacts file (None: ``contacts.toml`` in the user data folder)
    contacts: Path | None = None
    #: ``eventscout people`` lists the contacts due within this many days
    due_within: int = 7
    #: the follow-ups feed of ``eventscout build``
    feed: FeedMode = FeedMode.PRIVATE
    #: a CalDAV calendar (collection URL) to push the follow-ups to as VTODOs (None: no push)
    caldav_url: str | None = None
    caldav_username: str | None = None
    #: the environment variable holding the CalDAV password
    caldav_password_env: str | None = None

    @property
    def contacts_path(self) -> Path:
        """The contacts file in force: the configured one, else the default."""
        return self.contacts or default_contacts_path()


def default_contacts_path() -> Path:
    """The contacts file when the config names none: ``contacts.toml`` in the user data folder."""
    import platformdirs

    return platformdirs.user_data_path("eventscout", appauthor=False) / "contacts.toml"


def _path(value: object, where: Where) -> Path:
    return relative_path(Text()(value, where), where)


def _url(value: object, where: Where) -> str:
    url = Text()(value, where)
    if not url.startswith(("http://", "https://")):
        raise where.fail(f"{url!r} is not an http(s) URL of a calendar collection")
    return url if url.endswith("/") else url + "/"


#: every key of the ``[people]`` table: the spec its loading and its reference docs come from
PEOPLE_SECTION = Section(
    title="[people]",
    doc="Keeping in touch: the contacts file, the follow-ups feed and an optional CalDAV push "
        "(docs/how-to/keep-in-touch.md).",
    options=(
        Option(key="contacts", reader=Custom(_path, "a path"),
               default="contacts.toml in the user data folder",
               doc="the contacts file (`eventscout met`, `eventscout people`), relative to the "
                   "config file"),
        Option(key="due_within", reader=Number(lo=0, hi=366, whole=True), default="7",
               doc="`eventscout people` lists the contacts due within this many days"),
        Option(key="feed", reader=Choice.of(FeedMode), default="private",
               doc="the follow-ups feed of `eventscout build`: private (token), public or none"),
        Option(key="caldav_url", reader=Custom(_url, "an http(s) URL"), default="no push",
               doc="a CalDAV calendar to push follow-ups to as tasks (`eventscout people push`)"),
        Option(key="caldav_username", reader=Text(), default="none",
               doc="the CalDAV user name"),
        Option(key="caldav_password_env", reader=Text(pattern="[A-Za-z_][A-Za-z0-9_]*",
                                                      hint="an environment variable name"),
               default="none", doc="the environment variable holding the CalDAV password"),
    ),
)


def read_people_settings(data: Mapping[str, Any], *, path: str | None = None,
                         key: str = "people") -> PeopleSettings:
    """Settings from a parsed ``[people]`` table; a wrong key or value names ``path`` and the key."""
    return PeopleSettings(**PEOPLE_SECTION.read(data, Where(path, key, ConfigError)))
