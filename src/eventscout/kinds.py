"""Kind, attendance and price from a listing's words: kept here for existing imports; the code
lives in :mod:`eventscout.parse.kinds`."""

from .parse.kinds import guess_attendance, guess_kind, guess_price, parse_amount

__all__ = ["guess_attendance", "guess_kind", "guess_price", "parse_amount"]
