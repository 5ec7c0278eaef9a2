"""``{% load assistance_tags %}{% member_giving member %}`` on the member page: the member's
donations and help requests, as far as the viewing user may see them."""

from decimal import Decimal, InvalidOperation

from django import template

from assistance.totals import member_giving as giving_of

register = template.Library()


@register.inclusion_tag("assistance/_member_giving.html", takes_context=True)
def member_giving(context, member):
    return giving_of(member, context["request"].user) | {"member": member}


@register.filter
def thousands(value, places=0):
    """12345.6 → "12,346": the zh-hans locale groups no digits, and these are big sums of money."""
    if value in (None, ""):
        return ""
    try:
        return f"{Decimal(value):,.{int(places)}f}"
    except (InvalidOperation, ValueError, TypeError):
        return value
