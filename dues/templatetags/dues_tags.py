"""党费 on a member's file: members cannot import dues, so its page asks here, by template tag."""

from django import template
from django.utils import timezone

from dues.arrears import months_behind
from dues.models import DuesAccount

register = template.Library()


@register.inclusion_tag("dues/_member_panel.html")
def member_dues(member):
    """党费交至 and months in arrears of ``member`` (one query)."""
    account = DuesAccount.objects.filter(member=member).first()
    behind = months_behind(account.paid_through, timezone.localdate()) if account else 0
    return {"member": member, "account": account, "behind": behind}
