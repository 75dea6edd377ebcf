"""Planning tasks: prepare before the event, follow up after it, at the right times."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import icalendar
from feeds_helpers import NOW, in_order, sample_events

from eventscout.feeds import FeedDefinition, build_feeds
from eventscout.feeds.reminders import alarm_components, describe_lead
from eventscout.feeds.tasks import (
    FOLLOW_UP_AFTER,
    STAY_IN_TOUCH_AFTER,
    planning_tasks,
    task_component,
)
from eventscout.profile import Profile
from eventscout.rank import rank
from eventscout.store import Store


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


def test_tasks_fall_due_relative_to_the_event_not_to_the_day_they_are_made():
    meetup = sample_events()[2]  # no deadlines: every task counts from the event itself
    week = dt.timedelta(days=7)
    later = attrs.evolve(meetup, start=meetup.start + week, end=meetup.end + week)
    before = {task.slug: task.due for task in planning_tasks(meetup)}
    after = {task.slug: task.due for task in planning_tasks(later)}
    assert before.keys() == after.keys()
    assert {slug: after[slug] - before[slug] for slug in before} == dict.fromkeys(before, week)


def _todos(path: Path) -> dict[str, icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(todo["UID"]): todo for todo in calendar.walk("VTODO")}


def test_follow_up_tasks_survive_the_real_ranker_dropping_the_past_event(tmp_path):
    """The real ranker excludes an event once it is over; its follow-up tasks fall due later."""
    events = sample_events()
    keynote = events[0]
    plan = FeedDefinition(name="plan", tasks=True, grace=dt.timedelta(days=3))
    out = tmp_path / "out"

    def build(now, listed=events):
        with Store(tmp_path / "state.db") as store:
            return build_feeds([plan], listed, store=store, out_dir=out, now=now,
                               profile=Profile(), ranker=lambda e, p, n: rank(e, p, now=n))

    build(NOW)
    first = {uid: todo for uid, todo in _todos(out / "plan.ics").items() if keynote.key in uid}
    assert len(first) == 5
    day_after = dt.datetime(2027, 3, 11, 12, tzinfo=dt.UTC)
    assert keynote.key not in {m.event.key for m in rank(events, Profile(), now=day_after)}
    result = build(day_after)
    now_todos = _todos(out / "plan.ics")
    for uid, todo in first.items():
        assert now_todos[uid].to_ical() == todo.to_ical()  # unchanged, not cancelled
        assert now_todos[uid]["STATUS"] == "NEEDS-ACTION"
    assert "cancelled" not in result.feed("plan").actions
    (follow_up,) = [t for u, t in now_todos.items() if u.startswith(f"todo-follow-up-{keynote.key}")]
    assert follow_up.decoded("DUE") > day_after  # still ahead: exactly when it is useful
    # weeks later, well past the grace period, the stay-in-touch reminder is still there
    result = build(keynote.end + dt.timedelta(days=20))
    stay = [t for u, t in _todos(out / "plan.ics").items()
            if u.startswith(f"todo-stay-in-touch-{keynote.key}")]
    assert [t["STATUS"] for t in stay] == ["NEEDS-ACTION"]
    assert "cancelled" not in result.feed("plan").actions
    # once every task of the keynote is due, they leave the feed without being cancelled
    month_after = keynote.end + STAY_IN_TOUCH_AFTER + dt.timedelta(days=1)
    result = build(month_after)
    assert "cancelled" not in result.feed("plan").actions
    assert all(_todos(out / "plan.ics")[uid]["STATUS"] == "NEEDS-ACTION" for uid in first)


def test_follow_up_tasks_are_not_cancelled_when_the_source_drops_the_past_event(tmp_path):
    events = sample_events()
    keynote = events[0]
    plan = FeedDefinition(name="plan", tasks=True)
    with Store(tmp_path / "state.db") as store:
        build_feeds([plan], events, store=store, out_dir=tmp_path / "out", now=NOW,
                    profile=Profile(), ranker=in_order)
        result = build_feeds([plan], events[1:], store=store, out_dir=tmp_path / "out",
                             now=dt.datetime(2027, 3, 11, 12, tzinfo=dt.UTC), profile=Profile(),
                             ranker=in_order)
    assert result.feed("plan").actions.get("cancelled", 0) == 0
    todos = [t for u, t in _todos(tmp_path / "out" / "plan.ics").items() if keynote.key in u]
    assert len(todos) == 5 and all(t["STATUS"] == "NEEDS-ACTION" for t in todos)


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
