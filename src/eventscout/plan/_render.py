"""A year plan as a plain-text table, for the terminal and for logs (a string; nothing printed)."""

from __future__ import annotations

from ._plan import Plan, money

__all__ = ["render_plan"]


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_plan(plan: Plan, *, width: int = 40, left_out: int | None = 20) -> str:
    """The chosen events by date with score, cost, days away and action; the totals against the
    limits and per quarter; then the events left out (at most ``left_out``, best first) and why."""
    settings, totals, currency = plan.settings, plan.totals, plan.settings.currency
    how = "exact optimum" if plan.optimal else f"{plan.method}, not proven optimal"
    lines = [f"Year plan {plan.year} ({how}): {totals.events} of {len(plan.entries)} events", ""]
    header = f"{'date':<10}  {'event':<{width}}  {'score':>5}  {'cost':>12}  {'days':>4}  action"
    lines += [header, "-" * len(header)]
    for entry in plan.chosen:
        c = entry.candidate
        mark = " (going)" if c.going else ""
        lines.append(f"{c.event.first_day.isoformat():<10}  {_cut(c.event.title, width):<{width}}  "
                     f"{c.score:>5.2f}  {money(c.cost, currency):>12}  {c.days_away:>4}  "
                     f"{c.action.value}{mark}")
    lines.append("")
    budget = (f" of {money(settings.yearly_budget, currency)}"
              if settings.yearly_budget is not None else "")
    days = f" of {settings.max_days_away}" if settings.max_days_away is not None else ""
    events = f" of {settings.max_events}" if settings.max_events is not None else ""
    lines.append(f"Total: {money(totals.cost, currency)}{budget} (tickets "
                 f"{money(totals.tickets, currency)}, travel {money(totals.travel, currency)}); "
                 f"{totals.days_away}{days} days away; {totals.events}{events} "
                 f"event{'' if totals.events == 1 and not events else 's'}; "
                 f"score {totals.score:.2f}")
    lines.append("By quarter: " + " | ".join(
        f"Q{q.quarter} {q.events} event{'s' if q.events != 1 else ''}, {money(q.cost, currency)}, "
        f"{q.days_away} days" for q in totals.by_quarter))
    lines.extend(f"Warning: {warning}" for warning in plan.warnings)
    shown = plan.left_out if left_out is None else plan.left_out[:left_out]
    if shown:
        lines += ["", "Left out:"]
        lines.extend(f"  {e.event.first_day.isoformat()}  {_cut(e.event.title, width)}: "
                     f"{e.reason.removeprefix('left out: ')}" for e in shown)
        hidden = len(plan.left_out) - len(shown)
        if hidden:
            lines.append(f"  ... and {hidden} more")
    return "\n".join(lines) + "\n"
