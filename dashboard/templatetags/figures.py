from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def wan(yuan):
    """Yuan shown as 万元 with two decimals: 1234567 → 123.46."""
    return f"{(Decimal(yuan or 0) / 10000):,.2f}"


@register.filter
def get_count(counts, key):
    """``counts[key]`` in a template: the figure of one report item."""
    return counts.get(key, 0)
