"""Member self-service: the one-time invitations that open a member's account, and the
通知公告 (notices) that a committee or branch publishes to its members, with read receipts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, Committee
from branches.scoping import ScopedManager, scoped_queryset
from members.models import Member


class Invitation(models.Model):
    """邀请链接: the secretary's one-time link (or QR code) with which a member sets a password.

    Valid 7 days, used once; only the token's hash is kept, so the database alone opens no
    account. A new invitation for the same member (a reset) ends the earlier ones."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("member"))
    token_hash = models.CharField(_("token (hashed)"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("issued by")
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    objects = ScopedManager.from_queryset(scoped_queryset("member__branch", "member__branch__committee"))()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.member} · {self.created_at:%Y-%m-%d}"


class NoticeKind(models.TextChoices):
    MEETING = "meeting", _("Meeting notice")
    STUDY = "study", _("Study material")
    JOBS = "jobs", _("Job information")
    OTHER = "other", _("Other")


class Notice(models.Model):
    """通知公告: published by a committee (to all its branches) or by one branch, to its members;
    ``young_only`` narrows it to members aged 35 or under (a job fair for young members)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="notices", verbose_name=_("committee")
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("branch"),
        help_text=_("Empty when the committee publishes to all its branches."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices, default=NoticeKind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    young_only = models.BooleanField(
        _("young members only"), default=False, help_text=_("Only members aged 35 or under see it.")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    # A secretary sees its branch's notices and those the committee published for all.
    objects = ScopedManager.from_queryset(
        scoped_queryset(branch_path="branch", committee_path="committee", committee_wide_path="branch")
    )()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["committee", "-published_at"], name="notice_committee_newest")]

    def __str__(self):
        return self.title


class NoticeRead(models.Model):
    """已读回执: a member opened the notice on /me/ (once; the first time is kept)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads", verbose_name=_("notice"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="notice_reads", verbose_name=_("member"))
    read_at = models.DateTimeField(_("read at"), auto_now_add=True)

    objects = ScopedManager.from_queryset(scoped_queryset("member__branch", "member__branch__committee"))()

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        constraints = [models.UniqueConstraint(fields=["notice", "member"], name="noticeread_once_per_member")]

    def __str__(self):
        return f"{self.member} · {self.notice}"
