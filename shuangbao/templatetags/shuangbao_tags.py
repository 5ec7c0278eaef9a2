"""双报一领 on pages of the apps below it (a member's file): members cannot import
shuangbao, so its page asks for the panel here, by template tag."""

from django import template

from shuangbao.rules import member_status

register = template.Library()


@register.inclusion_tag("shuangbao/_member_status.html")
def member_shuangbao(member, can_write=False):
    """The status line and timeline of ``member``'s 双报一领 (five queries)."""
    return {"record": member_status(member), "member": member, "can_write": can_write}
