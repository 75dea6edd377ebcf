"""Planning to-dos around a chosen event: prepare before it, follow up after it.

Networking pays off only when relationships are kept up, so next to each event a feed can carry
VTODOs (off by default; ``tasks = true`` in a ``[[feeds]]`` table turns them on):

* prepare: register (before the registration deadline, or two weeks ahead, when early-bird
  prices usually end), submit a talk while the call for papers is open, prepare an introduction;
* follow up: within two days after the event reach out to the people met, and a few weeks later
  a reminder to stay in touch.

Each task has a stable slug, so its UID (``todo-<slug>-<event key>@<namespace>``) survives
rebuilds and never equals the UID of a VEVENT (clients merge components sharing a UID).
"""

from __future__ import annotations

import datetime as dt

import icalendar
from attrs import frozen

from ..model import Event

__all__ = ["FOLLOW_UP_AFTER", "STAY_IN_TOUCH_AFTER", "PlanningTask", "planning_tasks", "task_component"]

#: when to register at the latest without a known deadline: early-bird prices end about then
REGISTER_AHEAD = dt.timedelta(days=14)
INTRODUCTION_AHEAD = dt.timedelta(days=2)
#: reach out to the people met within two days after the event
FOLLOW_UP_AFTER = dt.timedelta(days=2)
#: and remind again a few weeks later
STAY_IN_TOUCH_AFTER = dt.timedelta(days=28)


@frozen(kw_only=True)
class PlanningTask:
    """One to-do for one event: what to do and by when (an aware UTC datetime)."""

    slug: str
    summary: str
    description: str
    due: dt.datetime


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def planning_tasks(event: Event) -> list[PlanningTask]:
    """The preparation and follow-up tasks for ``event``, in the order they fall due.

    They depend on the event only (not on the day of the build), so a rebuild with an unchanged
    event gives unchanged tasks.
    """
    title = event.title
    start = _utc(event.start_instant())
    end = _utc(event.end_instant())
    tasks = []
    if event.registration_deadline is not None:
        tasks.append(PlanningTask(
            slug="register",
            summary=f"Register for {title}",
            description=f"Registration for {title} closes at this time; "
            "early-bird prices usually end before.",
            due=_utc(event.registration_deadline),
        ))
    else:
        tasks.append(PlanningTask(
            slug="register",
            summary=f"Register for {title}",
            description=f"Register for {title} in good time: early-bird prices and "
            "free places usually run out weeks before the event.",
            due=start - REGISTER_AHEAD,
        ))
    if event.cfp is not None and event.cfp.closes is not None:
        where = f" at {event.cfp.url}" if event.cfp.url else ""
        tasks.append(PlanningTask(
            slug="submit-talk",
            summary=f"Submit a talk to {title}",
            description=f"The call for papers of {title} closes at this time{where}. "
            "Speaking is the surest way to be seen and to meet people.",
            due=_utc(event.cfp.closes),
        ))
    tasks.append(PlanningTask(
        slug="introduction",
        summary=f"Prepare your introduction for {title}",
        description="Prepare a two-sentence introduction: who you are, what you work on, and "
        "what you are looking for. Note whom you want to meet.",
        due=start - INTRODUCTION_AHEAD,
    ))
    tasks.append(PlanningTask(
        slug="follow-up",
        summary=f"Follow up with people you met at {title}",
        description="Within two days after the event, write to the people you met while the "
        "conversation is fresh: thank them and mention what you talked about.",
        due=end + FOLLOW_UP_AFTER,
    ))
    tasks.append(PlanningTask(
        slug="stay-in-touch",
        summary=f"Stay in touch with people from {title}",
        description="A few weeks after the event: share something useful with the contacts "
        "you made, or suggest a call. Relationships last when they are kept up.",
        due=end + STAY_IN_TOUCH_AFTER,
    ))
    return sorted(tasks, key=lambda task: (task.due, task.slug))


def task_component(
    task: PlanningTask, *, uid: str, url: str | None = None
) -> icalendar.Todo:
    """The VTODO for ``task`` (UID given; DTSTAMP, SEQUENCE and the rest are stamped later)."""
    todo = icalendar.Todo()
    todo.add("uid", uid)
    todo.add("summary", task.summary)
    todo.add("description", task.description)
    todo.add("due", task.due)
    todo.add("status", "NEEDS-ACTION")
    if url:
        todo.add("url", url)
    return todo
