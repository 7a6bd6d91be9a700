"""Dates as precisely as they are known: the record writes a vaguer date as the first day of its week, month or
year and says so in a precision column; the book shows it at that precision ("2009", "Jan 2013"), never as a day."""
from __future__ import annotations

import datetime as dt

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def shown(date: str, precision: str = "day") -> str:
    """`date` (YYYY-MM-DD) at `precision` (day, week, month, year; empty means day)."""
    date = str(date or "").strip()
    try:
        day = dt.date.fromisoformat(date[:10])
    except ValueError:
        return date
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    if precision == "week":
        return f"week of {day.isoformat()}"
    return day.isoformat()
