"""Prices against a budget in another currency, with a small fixed conversion table.

Ranking must work offline and give the same answer tomorrow, so exchange rates are not fetched:
:data:`EUR_PER_UNIT` holds rounded 2025 averages (ECB reference rates). Good enough to tell a
90 USD meetup from a 2,000 USD conference against a 500 EUR budget; not for accounting. A currency
missing from the table cannot be compared, and the ranker says so instead of guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ..model import Price

__all__ = ["EUR_PER_UNIT", "cheapest", "convert"]

#: euros per one unit of each currency (rounded 2025 averages; see the module docstring)
EUR_PER_UNIT: Mapping[str, Decimal] = {
    code: Decimal(rate)
    for code, rate in {
        "EUR": "1", "USD": "0.92", "GBP": "1.18", "CHF": "1.06", "CAD": "0.66", "AUD": "0.60",
        "NZD": "0.54", "JPY": "0.0061", "CNY": "0.127", "HKD": "0.118", "SGD": "0.69",
        "INR": "0.0107", "KRW": "0.00066", "TWD": "0.028", "SEK": "0.088", "NOK": "0.085",
        "DKK": "0.134", "PLN": "0.234", "CZK": "0.040", "HUF": "0.0025", "RON": "0.20",
        "BGN": "0.511", "TRY": "0.024", "ILS": "0.25", "BRL": "0.16", "MXN": "0.048",
        "ARS": "0.00085", "CLP": "0.00097", "COP": "0.00023", "ZAR": "0.050", "NGN": "0.00059",
        "KES": "0.0071", "EGP": "0.018", "AED": "0.25", "SAR": "0.245", "THB": "0.027",
        "MYR": "0.21", "IDR": "0.000057", "PHP": "0.016", "VND": "0.000036", "UAH": "0.022",
        "ISK": "0.0066",
    }.items()
}


def convert(amount: Decimal, currency: str, into: str) -> Decimal | None:
    """``amount`` of ``currency`` in ``into``; None when either currency is not in the table."""
    if currency == into:
        return amount
    source, target = EUR_PER_UNIT.get(currency), EUR_PER_UNIT.get(into)
    if source is None or target is None:
        return None
    return amount * source / target


def cheapest(price: Price) -> Decimal | None:
    """The cheapest way in: the minimum, else the maximum; None when the price is unknown."""
    return price.minimum if price.minimum is not None else price.maximum
