"""A member's life in the party file: status changes, the 失联 search log, transfers of the
relation (组织关系转接) and the 流动党员活动证."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch, Committee, HomeOrganisation
from branches.roles import Role
from branches.scoping import ScopedManager, scoped_queryset, user_scope
from lib.validators import not_in_future
from members.models.member import Member, MemberStatus


class Transition(models.TextChoices):
    """The steps of a file's life, each recorded as a StatusChange (members.lifecycle)."""

    TRANSFER_OUT = "transfer_out", _("Transfer out started")
    TRANSFER_RECEIVED = "transfer_received", _("Transfer receipt returned")
    TRANSFER_CANCELLED = "transfer_cancelled", _("Transfer cancelled")
    # 直管 → 流动: the relation went home, the member stays at work in the branch.
    RELATION_HOME = "relation_home", _("Relation moved home")
    TRANSFER_IN = "transfer_in", _("Transferred in")
    MOVED = "moved", _("Moved to another branch")
    RETURNED_HOME = "returned_home", _("Returned home")
    BACK = "back", _("Back from home")
    LOST = "lost", _("Contact lost")
    FOUND = "found", _("Contact found again")
    SUSPENDED = "suspended", _("Membership suspended")
    RESTORED = "restored", _("Membership restored")
    REMOVED = "removed", _("Removed from the roll")
    EXPELLED = "expelled", _("Expelled from the party")
    DIED = "died", _("Died")


class StatusChange(models.Model):
    """One step of a member's life: from which status to which, when, on what decision,
    approved by whom, recorded by whom. Kept for ever, like the file."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="status_changes", verbose_name=_("member")
    )
    transition = models.CharField(_("change"), max_length=30, choices=Transition.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=MemberStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=MemberStatus.choices)
    changed_on = models.DateField(_("date"), validators=[not_in_future])
    decision = models.CharField(
        _("decision"), max_length=200, blank=True, help_text=_("The meeting or document that decided it.")
    )
    approved_by = models.CharField(_("approving organisation"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedManager.from_queryset(scoped_queryset("member__branch", "member__branch__committee"))()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["member_id", "-changed_on", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.member} {self.changed_on:%Y-%m-%d} {self.get_transition_display()}"


class SearchWay(models.TextChoices):
    PHONE = "phone", _("Phone")
    WECHAT = "wechat", _("WeChat")
    HOME_VILLAGE = "home_village", _("Home village")
    EMPLOYER = "employer", _("Employer")
    FELLOW = "fellow", _("Fellow townsmen")
    OTHER = "other", _("Other")


class ContactAttempt(models.Model):
    """失联 search log: who tried to reach a lost member, how, when, with what result."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="contact_attempts", verbose_name=_("member")
    )
    tried_on = models.DateField(_("tried on"), validators=[not_in_future])
    tried_by = models.CharField(_("who tried"), max_length=50)
    way = models.CharField(_("how"), max_length=20, choices=SearchWay.choices)
    result = models.CharField(_("search result"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(scoped_queryset("member__branch", "member__branch__committee"))()

    class Meta:
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        ordering = ["member_id", "-tried_on", "-pk"]
        default_permissions = ("add", "view")
        indexes = [models.Index(fields=["member", "tried_on"], name="contact_attempt_member")]

    def __str__(self):
        return f"{self.member} {self.tried_on:%Y-%m-%d} {self.get_way_display()}"


class TransferKind(models.TextChoices):
    OUT = "out", _("Transfer out")  # 转出: to an organisation outside the county's committees
    IN = "in", _("Transfer in")  # 转入: from elsewhere
    WITHIN = "within", _("Between branches or committees")  # 系统内: both sides confirm


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting receipt")
    DONE = "done", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class TransferQuerySet(scoped_queryset("member__branch", "member__branch__committee", home_path="to_home")):
    """A transfer is seen on both sides: the member's side and, for a transfer within the
    system, the receiving branch or committee (which confirms it); a letter addressed to a
    home organisation of the county's list, by that organisation's secretary (its 回执)."""

    def visible_to(self, user):
        mine = super().visible_to(user)
        receiving = self.filter(kind=TransferKind.WITHIN).filter(
            Q(to_branch__in=Branch.objects.visible_to(user))
            | Q(to_branch__isnull=True, to_committee__in=Committee.objects.visible_to(user))
        )
        scope = user_scope(user)
        if scope is not None and scope.role == Role.BRANCH_SECRETARY:
            # A secretary confirms for the own branch only, not for a committee at large.
            receiving = receiving.filter(to_branch__isnull=False)
        return mine | receiving


class Transfer(models.Model):
    """组织关系转接: a 介绍信 out with its 回执, a relation received, or a move within the
    county's committees confirmed by the receiving side."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("member"))
    kind = models.CharField(_("kind"), max_length=10, choices=TransferKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    from_branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("from branch")
    )
    to_branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("to branch")
    )
    to_committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("to committee")
    )
    organisation = models.CharField(
        _("other organisation"),
        max_length=100,
        blank=True,
        help_text=_("The receiving organisation of a transfer out, the sending one of a transfer in."),
    )
    # A letter out addressed to one of the county's home organisations (流出地党组织): its
    # secretary receives it on the village pages and records the 回执.
    to_home = models.ForeignKey(
        HomeOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
        verbose_name=_("addressed to the home organisation"),
    )
    letter_number = models.CharField(_("letter number"), max_length=30, blank=True)
    issued_on = models.DateField(_("letter dated"), validators=[not_in_future])
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    # 直管 → 流动: the relation goes home, the member keeps working in the branch.
    stays_as_mobile = models.BooleanField(_("stays in the branch as a mobile member"), default=False)
    completed_on = models.DateField(_("receipt / confirmation on"), null=True, blank=True)
    receipt_note = models.CharField(_("receipt"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(TransferQuerySet)()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-issued_on", "-pk"]
        default_permissions = ("add", "change", "view")
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("issued_on")),
                name="transfer_completed_after_issued",
                violation_error_message=_("A transfer cannot be completed before its letter is dated."),
            ),
            # One open transfer per member.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="pending"),
                name="transfer_one_pending",
                violation_error_message=_("This member already has a transfer under way."),
            ),
        ]
        indexes = [models.Index(fields=["status", "kind", "issued_on"], name="transfer_status_issued")]

    def __str__(self):
        return f"{self.member} {self.get_kind_display()} {self.letter_number}"

    @property
    def destination(self) -> str:
        if self.kind == TransferKind.WITHIN:
            return str(self.to_branch or self.to_committee)
        return self.organisation


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    RENEWED = "renewed", _("Renewed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ActivityCertificate(models.Model):
    """流动党员活动证: issued by the home organisation, shown (交验) at each check-in, renewed
    when it runs out, withdrawn when the member returns home or the relation moves."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("member"))
    number = models.CharField(_("certificate number"), max_length=30)
    issued_by = models.CharField(_("issuing organisation"), max_length=100)
    issued_on = models.DateField(_("issued on"), validators=[not_in_future])
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    ended_on = models.DateField(_("renewed or withdrawn on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(scoped_queryset("member__branch", "member__branch__committee"))()

    class Meta:
        verbose_name = _("activity certificate")
        verbose_name_plural = _("activity certificates")
        ordering = ["member_id", "-issued_on", "-pk"]
        default_permissions = ("add", "change", "view")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="valid"),
                name="certificate_one_valid",
                violation_error_message=_("The member already holds a valid certificate."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("issued_on")),
                name="certificate_valid_after_issue",
                violation_error_message=_("A certificate must be valid after the day it is issued."),
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"], name="certificate_expiry")]

    def __str__(self):
        return f"{self.member} {self.number}"
