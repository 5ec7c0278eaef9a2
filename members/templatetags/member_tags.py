from django import template

from members import permissions

register = template.Library()


@register.filter
def may_import(user) -> bool:
    """For the menu: the same rule the import views apply."""
    return permissions.may_import(user)
