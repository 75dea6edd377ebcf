"""Push dated reminders to a CalDAV calendar as tasks (VTODO, RFC 4791), and read them back.

Subscribed feeds cannot carry to-dos to Google, Outlook or iOS, but a CalDAV task list (Nextcloud,
Fastmail, iCloud, Radicale, ...) shows them with a checkbox. :class:`CalDavCalendar` speaks the
few requests this needs through ``requests``: ``PROPFIND`` to see that the calendar exists,
``MKCALENDAR`` to make it, ``REPORT`` (a ``calendar-query`` for VTODOs) to read the tasks back,
``PUT`` to add or update one (``If-None-Match: *`` for a new one, ``If-Match`` with its ETag for
a change, so a task edited meanwhile on another device is not overwritten blindly) and ``DELETE``.

:meth:`CalDavCalendar.push` makes the calendar hold exactly the given reminders, each as a task
with a stable UID (the reminder's, in the ``@tasks.eventscout`` domain, so it never shares a UID
with the follow-ups feed) at a stable href (``<uid before the @>.ics``): new reminders are added,
changed ones updated (a task already checked off stays so unless the reminder changed), the ones
named ``done`` are completed, and the tasks eventscout put there earlier that are no longer due
are deleted. Tasks of other UIDs are never touched. The server is the state: nothing is kept
locally, so a push from another machine does the same.

Any object with ``uid``, ``day``, ``summary``, ``description`` and ``kind`` is a reminder
(:class:`eventscout.people.ReminderEntry` is one); this module does not know where they come from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import xml.etree.ElementTree as ElementTree
from collections.abc import Collection, Iterable
from types import TracebackType
from typing import Protocol
from urllib.parse import urljoin

import icalendar
import requests
from attrs import frozen

from ..errors import ExportError
from ._calendar import PRODID

__all__ = ["TASK_DOMAIN", "CalDavCalendar", "PushOutcome", "RemoteTask", "TaskLike"]

log = logging.getLogger(__name__)

#: the UID domain of the tasks eventscout puts into a CalDAV calendar
TASK_DOMAIN = "tasks.eventscout"
_DAV = "{DAV:}"
_CALDAV = "{urn:ietf:params:xml:ns:caldav}"
_QUERY = b"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO"/></C:comp-filter></C:filter>
</C:calendar-query>
"""
_PROPFIND = b"""<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>
"""
_MKCALENDAR = """<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop>
    <D:displayname>{name}</D:displayname>
    <C:supported-calendar-component-set><C:comp name="VTODO"/></C:supported-calendar-component-set>
  </D:prop></D:set>
</C:mkcalendar>
"""
#: the property holding a hash of what the reminder said, to tell changed tasks from unchanged
_HASH = "X-EVENTSCOUT-HASH"


class TaskLike(Protocol):
    """A dated reminder to push: its stable UID, its day, what it says, its kind."""

    @property
    def uid(self) -> str: ...
    @property
    def day(self) -> dt.date: ...
    @property
    def summary(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def kind(self) -> str: ...


@frozen(kw_only=True)
class RemoteTask:
    """A task as the server holds it: where, its ETag, UID, status, due day and summary."""

    href: str
    etag: str | None
    uid: str
    status: str
    due: dt.date | None
    summary: str
    content_hash: str | None
    data: bytes


@frozen(kw_only=True)
class PushOutcome:
    """What a push did, by task UID."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    completed: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()

    def describe(self) -> str:
        """``"2 added, 1 updated, 0 completed, 1 deleted, 3 unchanged"``."""
        return ", ".join(f"{len(getattr(self, name))} {name}" for name in
                         ("added", "updated", "completed", "deleted", "unchanged"))


def task_uid(reminder_uid: str) -> str:
    """The task UID of a reminder: its local part in :data:`TASK_DOMAIN`."""
    return f"{reminder_uid.split('@', 1)[0]}@{TASK_DOMAIN}"


def _content_hash(task: TaskLike) -> str:
    parts = (task.kind, task.day.isoformat(), task.summary, task.description)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def task_calendar(task: TaskLike, *, stamp: dt.datetime) -> bytes:
    """One VCALENDAR holding ``task`` as an open VTODO due on its day (a CalDAV resource)."""
    todo = icalendar.Todo()
    todo.add("uid", task_uid(task.uid))
    todo.add("dtstamp", stamp.astimezone(dt.UTC))
    todo.add("due", task.day)
    todo.add("summary", task.summary)
    todo.add("description", task.description)
    todo.add("categories", ["reminder", task.kind.replace("_", "-")])
    todo.add("status", "NEEDS-ACTION")
    todo.add(_HASH, _content_hash(task))
    return _wrap(todo)


def _wrap(component: icalendar.cal.Component) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add_component(component)
    return bytes(calendar.to_ical())


def _completed(data: bytes, *, stamp: dt.datetime) -> bytes:
    calendar = icalendar.Calendar.from_ical(data)
    for todo in calendar.walk("VTODO"):
        for name in ("STATUS", "COMPLETED", "PERCENT-COMPLETE", "DTSTAMP"):
            todo.pop(name, None)
        todo.add("status", "COMPLETED")
        todo.add("completed", stamp.astimezone(dt.UTC))
        todo.add("percent-complete", 100)
        todo.add("dtstamp", stamp.astimezone(dt.UTC))
    return bytes(calendar.to_ical())


def _remote(href: str, etag: str | None, data: bytes) -> RemoteTask | None:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        log.warning("CalDAV: cannot read %s: %s", href, error)
        return None
    todos = calendar.walk("VTODO")
    if not todos:
        return None
    todo = todos[0]
    due = todo.decoded("DUE") if "DUE" in todo else None
    if isinstance(due, dt.datetime):
        due = due.date()
    return RemoteTask(href=href, etag=etag, uid=str(todo.get("UID", "")),
                      status=str(todo.get("STATUS", "NEEDS-ACTION")).upper(), due=due,
                      summary=str(todo.get("SUMMARY", "")),
                      content_hash=str(todo[_HASH]) if _HASH in todo else None, data=data)


class CalDavCalendar:
    """One CalDAV calendar collection at ``url``, reached with an optional (user, password).

    Use it as a context manager (its HTTP session is closed at the end). Every failed request is
    an :class:`~eventscout.errors.ExportError` naming the method, the URL and the status.
    """

    def __init__(self, url: str, *, auth: tuple[str, str] | None = None,
                 timeout: float = 30.0, session: requests.Session | None = None) -> None:
        self.url = url if url.endswith("/") else url + "/"
        self.timeout = timeout
        self._session = session or requests.Session()
        self._owns_session = session is None
        if auth is not None:
            self._session.auth = auth

    def __enter__(self) -> CalDavCalendar:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_session:
            self._session.close()

    def _request(self, method: str, url: str, *, ok: Collection[int], body: bytes | None = None,
                 headers: dict[str, str] | None = None) -> requests.Response:
        try:
            response = self._session.request(method, url, data=body, headers=headers or {},
                                             timeout=self.timeout, allow_redirects=False)
        except requests.RequestException as error:
            raise ExportError(f"CalDAV {method} {url} failed: {error}") from error
        if response.status_code not in ok:
            raise ExportError(f"CalDAV {method} {url}: HTTP {response.status_code} "
                              f"{response.reason or ''}".rstrip())
        return response

    def exists(self) -> bool:
        """Whether the calendar collection exists (PROPFIND, depth 0)."""
        response = self._request("PROPFIND", self.url, ok=(207, 404), body=_PROPFIND,
                                 headers={"Depth": "0", "Content-Type": "application/xml"})
        return response.status_code == 207

    def create(self, name: str = "eventscout follow-ups") -> None:
        """Make the calendar (MKCALENDAR) for tasks, named ``name``."""
        body = _MKCALENDAR.format(name=name).encode("utf-8")
        self._request("MKCALENDAR", self.url, ok=(201,), body=body,
                      headers={"Content-Type": "application/xml; charset=utf-8"})

    def tasks(self) -> list[RemoteTask]:
        """Every task in the calendar (REPORT calendar-query for VTODO), by UID."""
        response = self._request("REPORT", self.url, ok=(207,), body=_QUERY,
                                 headers={"Depth": "1", "Content-Type": "application/xml"})
        found = []
        for answer in ElementTree.fromstring(response.content).iter(f"{_DAV}response"):
            href = answer.findtext(f"{_DAV}href")
            data = answer.findtext(f".//{_CALDAV}calendar-data")
            if not href or not data:
                continue
            etag = answer.findtext(f".//{_DAV}getetag")
            task = _remote(urljoin(self.url, href), etag, data.encode("utf-8"))
            if task is not None:
                found.append(task)
        return sorted(found, key=lambda t: t.uid)

    def put(self, href: str, data: bytes, *, etag: str | None = None, new: bool = False) -> None:
        """Store ``data`` at ``href``: only when absent (``new``), or only when its ETag is still
        ``etag`` (someone else's change meanwhile is an error, not overwritten)."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if new:
            headers["If-None-Match"] = "*"
        elif etag:
            headers["If-Match"] = etag
        self._request("PUT", href, ok=(200, 201, 204), body=data, headers=headers)

    def delete(self, href: str, *, etag: str | None = None) -> None:
        """Delete the task at ``href`` (already gone is fine)."""
        self._request("DELETE", href, ok=(200, 204, 404),
                      headers={"If-Match": etag} if etag else None)

    def push(self, reminders: Iterable[TaskLike], *, done: Collection[str] = (),
             stamp: dt.datetime) -> PushOutcome:
        """Make the calendar's eventscout tasks the ``reminders`` (see the module's docstring);
        ``done`` names the reminder UIDs to complete; ``stamp`` is the DTSTAMP of what changes.
        A calendar that does not exist yet is made."""
        if not self.exists():
            self.create()
        remote = {task.uid: task for task in self.tasks() if task.uid.endswith("@" + TASK_DOMAIN)}
        done_uids = {task_uid(uid) for uid in done}
        added: list[str] = []
        updated: list[str] = []
        completed: list[str] = []
        deleted: list[str] = []
        unchanged: list[str] = []
        wanted: set[str] = set()
        for reminder in reminders:
            uid = task_uid(reminder.uid)
            wanted.add(uid)
            old = remote.get(uid)
            if old is not None and old.content_hash == _content_hash(reminder):
                unchanged.append(uid)
                continue
            href = old.href if old else urljoin(self.url, uid.split("@", 1)[0] + ".ics")
            self.put(href, task_calendar(reminder, stamp=stamp), etag=old.etag if old else None,
                     new=old is None)
            (updated if old else added).append(uid)
        for uid, old in remote.items():
            if uid in wanted:
                continue
            if uid in done_uids:
                if old.status != "COMPLETED":
                    self.put(old.href, _completed(old.data, stamp=stamp), etag=old.etag)
                    completed.append(uid)
                else:
                    unchanged.append(uid)
                continue
            self.delete(old.href, etag=old.etag)
            deleted.append(uid)
        outcome = PushOutcome(added=tuple(added), updated=tuple(updated),
                              completed=tuple(completed), deleted=tuple(deleted),
                              unchanged=tuple(unchanged))
        log.info("CalDAV %s: %s", self.url, outcome.describe())
        return outcome
