"""A member's posts in a branch (支部职务), the committee's own 班子, and honours (表彰)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Branch, Committee
from branches.scoping import ScopedManager, scoped_queryset
from lib.validators import not_in_future
from members.models.member import Member


class PostTitle(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    ORGANISATION = "organisation", _("Organisation committee member")
    PUBLICITY = "publicity", _("Publicity committee member")
    DISCIPLINE = "discipline", _("Discipline inspection committee member")


class Post(models.Model):
    """支部职务: a member holds an office in a branch from one date to another."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="posts", verbose_name=_("member"))
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="posts", verbose_name=_("branch"))
    title = models.CharField(_("post"), max_length=20, choices=PostTitle.choices)
    started_on = models.DateField(_("from"), validators=[not_in_future])
    ended_on = models.DateField(_("to"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("branch post")
        verbose_name_plural = _("branch posts")
        ordering = ["branch_id", "title", "-started_on"]
        constraints = [
            # One current holder per post per branch (a branch has one secretary).
            models.UniqueConstraint(
                fields=["branch", "title"],
                condition=Q(ended_on__isnull=True),
                name="post_one_current_holder",
                violation_error_message=_("This post already has a current holder in the branch."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="post_ends_after_start",
                violation_error_message=_("A post cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.branch} {self.get_title_display()} {self.member}"

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A post cannot end before it starts.")})


class CommitteeTitle(models.TextChoices):
    SECRETARY = "secretary", _("Committee secretary")  # 党委书记
    DEPUTY_SECRETARY = "deputy_secretary", _("Committee deputy secretary")  # 党委副书记
    MEMBER = "member", _("Committee member")  # 党委委员


class CommitteePost(models.Model):
    """党委班子: who sits on the committee's own 委员会, elected for its term (Committee.term_years,
    from Committee.term_started_on; branches.terms). A person of the 班子 may hold no file in
    the committee's branches (a county cadre): the name is kept, the file linked where there is one."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="posts", verbose_name=_("committee")
    )
    name = models.CharField(_("name"), max_length=50)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_posts",
        verbose_name=_("member file"),
    )
    title = models.CharField(_("post"), max_length=20, choices=CommitteeTitle.choices)
    duty = models.CharField(_("duty"), max_length=50, blank=True, help_text=_("e.g. 组织委员, 纪检委员"))
    started_on = models.DateField(_("from"), validators=[not_in_future])
    ended_on = models.DateField(_("to"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(
        scoped_queryset(branch_path="committee__branches", committee_path="committee")
    )()

    class Meta:
        verbose_name = _("committee post")
        verbose_name_plural = _("committee posts")
        ordering = ["committee_id", "title", "started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(ended_on__isnull=True, title="secretary"),
                name="committeepost_one_current_secretary",
                violation_error_message=_("The committee already has a current secretary."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="committeepost_ends_after_start",
                violation_error_message=_("A post cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.committee} {self.get_title_display()} {self.name}"

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A post cannot end before it starts.")})
        if self.member_id and self.committee_id and self.member.branch.committee_id != self.committee_id:
            raise ValidationError(
                {"member": _("%(name)s is not a member of this committee's branches.") % {"name": self.member}}
            )


class HonorQuerySet(scoped_queryset("branch", "branch__committee")):
    """An honour belongs to a branch directly or through its member; a committee's own
    honour (表彰 of the whole 流动党委) is read by its staff and by all its branches."""

    def visible_to(self, user):
        by_branch = super().visible_to(user)
        by_member = self.filter(member__in=Member.objects.visible_to(user))
        by_committee = self.filter(committee__in=Committee.objects.visible_to(user))
        return by_branch | by_member | by_committee


class Honor(models.Model):
    """表彰 given to a member, a branch or a whole committee."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="honors", verbose_name=_("member")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, null=True, blank=True, related_name="honors", verbose_name=_("branch")
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="honors", verbose_name=_("committee")
    )
    title = models.CharField(_("title"), max_length=100, help_text=_("e.g. 优秀共产党员"))
    awarded_by = models.CharField(_("awarded by"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(HonorQuerySet)()

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, branch__isnull=True, committee__isnull=True)
                | Q(member__isnull=True, branch__isnull=False, committee__isnull=True)
                | Q(member__isnull=True, branch__isnull=True, committee__isnull=False),
                name="honor_one_recipient",
                violation_error_message=_("An honour goes to one member, one branch or one committee."),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.title} · {self.recipient}"

    @property
    def recipient(self):
        return self.member or self.branch or self.committee

    def clean(self):
        if sum(bool(pk) for pk in (self.member_id, self.branch_id, self.committee_id)) != 1:
            raise ValidationError(_("An honour goes to one member, one branch or one committee."))
