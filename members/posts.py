"""支部职务: who holds which post of a branch, from when to when.

《中国共产党支部工作条例（试行）》第六章: a branch has one 书记 (and, where needed, one
副书记) and its committee members (组织委员, 宣传委员, 纪检委员 …), elected for a term and
replaced at the next election or by a by-election. Hence the rules applied here, by the
pages and the admin alike:

- a post is held by a member of the branch, from a day not in the future to a day not
  before it (and not in the future either: an end is recorded when it happened);
- a new holder of a title that has a current holder ends the predecessor's term on the
  day the new one starts (a handover on one day is not an overlap: terms are read as
  ``[from, to)``); the database keeps one current holder per title and branch;
- no two 书记 terms of a branch overlap, current or past.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Branch
from members.models import Post, PostTitle


def overlapping(posts, started_on, ended_on):
    """The posts whose term ``[started_on, ended_on)`` shares a day with the given one."""
    condition = Q(ended_on__isnull=True) | Q(ended_on__gt=started_on)
    if ended_on is not None:
        condition &= Q(started_on__lt=ended_on)
    return posts.filter(condition)


def _check_dates(post, today):
    errors = {}
    if post.started_on and post.started_on > today:
        errors["started_on"] = _("A post cannot start in the future.")
    if post.ended_on:
        if post.ended_on > today:
            errors["ended_on"] = _("A post's end is recorded when it has happened: not in the future.")
        elif post.started_on and post.ended_on < post.started_on:
            errors["ended_on"] = _("A post cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


def _check_member(post):
    # A member who later moved on keeps the posts held here: checked for a new holder only.
    changed = post.pk is None or Post.objects.filter(pk=post.pk).exclude(member_id=post.member_id).exists()
    if changed and post.member.branch_id != post.branch_id:
        raise ValidationError(
            {"member": _("%(name)s is not a member of %(branch)s.") % {"name": post.member, "branch": post.branch}}
        )


def _label(post):
    end = post.ended_on.isoformat() if post.ended_on else _("now")
    return _("%(name)s, %(start)s to %(end)s") % {"name": post.member.name, "start": post.started_on, "end": end}


@transaction.atomic
def save_post(post, *, today=None, hand_over=None):
    """Save a new or changed post under the rules above; returns the predecessor whose term
    this ended, or None. ``hand_over`` (default: for a new post) ends the current holder of
    the title; otherwise a second current holder is refused."""
    today = today or timezone.localdate()
    if hand_over is None:
        hand_over = post.pk is None
    # One writer at a time per branch: two handovers at once would both see the old holder.
    Branch.objects.select_for_update().filter(pk=post.branch_id).first()
    _check_dates(post, today)
    _check_member(post)
    others = Post.objects.filter(branch_id=post.branch_id, title=post.title).exclude(pk=post.pk)
    predecessor = None
    if post.ended_on is None:
        current = others.filter(ended_on__isnull=True).select_related("member").first()
        if current is not None:
            if not hand_over:
                raise ValidationError(
                    {
                        "ended_on": _("%(title)s already has a current holder: %(holder)s.")
                        % {"title": post.get_title_display(), "holder": _label(current)}
                    }
                )
            if post.started_on <= current.started_on:
                raise ValidationError(
                    {
                        "started_on": _("The new %(title)s must start after the current holder (%(holder)s) started.")
                        % {"title": post.get_title_display(), "holder": _label(current)}
                    }
                )
            current.ended_on = post.started_on
            current.save(update_fields=["ended_on"])
            predecessor = current
    if post.title == PostTitle.SECRETARY:
        clash = overlapping(others, post.started_on, post.ended_on).select_related("member").first()
        if clash is not None:
            raise ValidationError(
                {"started_on": _("The branch had another secretary then: %(holder)s.") % {"holder": _label(clash)}}
            )
    post.save()
    return predecessor


@transaction.atomic
def end_post(post, ended_on: datetime.date, *, today=None):
    """The term ends (换届, resignation, transfer out): the post stays on file with its dates."""
    today = today or timezone.localdate()
    if post.ended_on is not None:
        raise ValidationError({"ended_on": _("This term has already ended.")})
    post.ended_on = ended_on
    _check_dates(post, today)
    post.save(update_fields=["ended_on"])
    return post
