import functools

from django import template

from members import permissions

register = template.Library()


@register.filter
def may_import(user) -> bool:
    """For the menu: the same rule the import views apply."""
    return permissions.may_import(user)


@functools.cache
def _labels(field):
    # The choices are code, the same in every process; the labels stay lazy, so each
    # request still shows them in its own language.
    return dict(field.flatchoices)


@register.filter
def display(instance, name):
    """``instance.get_<name>_display()`` for rows of a list: Django's method rebuilds the
    field's choices and translates every label on each call, a third of the member
    list's row rendering for its three such columns."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    return _labels(field).get(value, value)
