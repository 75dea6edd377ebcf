"""Planning tasks: prepare before the event, follow up after it, at the right times."""

from __future__ import annotations

import datetime as dt

from feeds_helpers import sample_events

from eventscout.feeds.reminders import alarm_components, describe_lead
from eventscout.feeds.tasks import FOLLOW_UP_AFTER, planning_tasks, task_component


def test_tasks_prepare_and_follow_up():
    keynote = sample_events()[0]
    tasks = {task.slug: task for task in planning_tasks(keynote)}
    assert list(tasks) == ["submit-talk", "register", "introduction", "follow-up", "stay-in-touch"]
    assert tasks["register"].due == keynote.registration_deadline
    assert tasks["submit-talk"].due == keynote.cfp.closes
    assert tasks["follow-up"].due == keynote.end + FOLLOW_UP_AFTER
    assert tasks["stay-in-touch"].due > tasks["follow-up"].due + dt.timedelta(days=14)
    assert all(task.due.utcoffset() == dt.timedelta(0) for task in tasks.values())


def test_without_deadlines_registration_falls_two_weeks_ahead():
    meetup = sample_events()[2]
    tasks = {task.slug: task for task in planning_tasks(meetup)}
    assert "submit-talk" not in tasks
    assert tasks["register"].due == meetup.start - dt.timedelta(days=14)


def test_tasks_do_not_depend_on_the_day_they_are_made():
    event = sample_events()[1]
    assert planning_tasks(event) == planning_tasks(event)


def test_a_task_is_a_vtodo_due_in_utc():
    task = planning_tasks(sample_events()[0])[0]
    todo = task_component(task, uid="todo-x@feed", url="https://x.example/")
    assert todo.name == "VTODO"
    assert todo.decoded("DUE") == task.due
    assert todo["STATUS"] == "NEEDS-ACTION"


def test_reminders():
    alarms = alarm_components("CFP closes", [dt.timedelta(days=3), dt.timedelta(days=14)])
    assert [a.decoded("TRIGGER") for a in alarms] == [-dt.timedelta(days=14), -dt.timedelta(days=3)]
    assert [str(a["DESCRIPTION"]) for a in alarms] == ["CFP closes (in 14 days)",
                                                       "CFP closes (in 3 days)"]
    assert describe_lead(dt.timedelta(hours=12)) == "12 hours"
    assert describe_lead(dt.timedelta(days=1)) == "1 day"
