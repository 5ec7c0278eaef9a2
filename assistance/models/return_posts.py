"""回引: return posts in the home villages and the members' applications for them."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Committee
from branches.scoping import ScopedManager, scoped_queryset
from lib.months import add_months
from lib.validators import not_in_future
from members.models import Member


class ReturnPostTitle(models.TextChoices):
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary of the village party organisation")
    ASSISTANT = "assistant", _("Assistant to the village committee director")
    SECRETARY = "secretary", _("Village party secretary")


class ReturnPost(models.Model):
    """回引挂职岗位: a village post offered to members who come home."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="return_posts", verbose_name=_("committee")
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("post"), max_length=20, choices=ReturnPostTitle.choices)
    township = models.CharField(_("township"), max_length=30, blank=True)
    village = models.CharField(_("village"), max_length=30, blank=True)
    term_years = models.PositiveSmallIntegerField(_("term (years)"), default=2)
    quota = models.PositiveSmallIntegerField(_("quota"), default=1)
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"), null=True, blank=True)

    # A secretary sees the committee's posts, to put its members forward.
    objects = ScopedManager.from_queryset(
        scoped_queryset(branch_path="committee__branches", committee_path="committee")
    )()

    class Meta:
        verbose_name = _("return post")
        verbose_name_plural = _("return posts")
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quota__gte=1) & Q(term_years__gte=1),
                name="returnpost_quota_and_term_positive",
                violation_error_message=_("A post needs a quota and a term of at least one."),
            ),
        ]

    def __str__(self):
        return self.name


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    REVIEWED = "reviewed", _("Reviewed")
    SELECTED = "selected", _("Selected")
    SERVING = "serving", _("Serving")
    COMPLETED = "completed", _("Term completed")
    REJECTED = "rejected", _("Not selected")


class ReturnApplication(models.Model):
    post = models.ForeignKey(ReturnPost, on_delete=models.PROTECT, related_name="applications", verbose_name=_("post"))
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="return_applications", verbose_name=_("member")
    )
    applied_on = models.DateField(_("applied on"), validators=[not_in_future])
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    term_starts_on = models.DateField(_("term starts on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager.from_queryset(scoped_queryset("member__branch", "member__branch__committee"))()

    class Meta:
        verbose_name = _("return application")
        verbose_name_plural = _("return applications")
        ordering = ["-applied_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], name="returnapplication_once_per_member"),
        ]

    def __str__(self):
        return f"{self.member} · {self.post}"

    @property
    def term_ends_on(self):
        """The day the term ends: the start plus the post's term in whole years."""
        if not self.term_starts_on:
            return None
        return add_months(self.term_starts_on, 12 * self.post.term_years)
