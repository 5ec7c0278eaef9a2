"""The year's 发展党员 figures for upward reporting: per branch, counted in the database."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from development.models import Applicant, Stage
from members.models import Education

COLLEGE = [Education.POSTGRADUATE, Education.BACHELOR, Education.JUNIOR_COLLEGE]

# (key, label msgid) of each column, in the report's order.
COLUMNS = [
    ("applied", _("Applications")),
    ("activists", _("New activists")),
    ("candidates", _("New candidates")),
    ("admitted", _("New probationary members")),
    ("women", _("of whom women")),
    ("minorities", _("of whom ethnic minorities")),
    ("young", _("of whom aged 35 or under")),
    ("college", _("of whom with college education")),
    ("converted", _("New full members")),
    ("extended", _("Probations extended")),
    ("withdrawn", _("Withdrawn")),
    ("open_applicants", _("Applicants at year end")),
    ("open_activists", _("Activists at year end")),
    ("open_candidates", _("Candidates at year end")),
    ("open_probationary", _("Probationary members at year end")),
]


def year_figures(user, year: int, committee=None):
    """One row per branch the user sees (and a total): the year's flows and the stock at its end."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    young_born_after = datetime.date(year - 35, 12, 31)

    def within(field):
        return Q(**{f"applicants__{field}__range": (start, end)})

    admitted = within("approved_on")
    open_at_end = Q(applicants__applied_on__lte=end) & (
        Q(applicants__withdrawn_on__isnull=True) | Q(applicants__withdrawn_on__gt=end)
    )
    branches = Branch.objects.visible_to(user)
    if committee is not None:
        branches = branches.filter(committee=committee)
    rows = branches.order_by("committee_id", "ordinal").annotate(
        applied=Count("applicants", filter=within("applied_on")),
        activists=Count("applicants", filter=within("activist_on")),
        candidates=Count("applicants", filter=within("candidate_on")),
        admitted=Count("applicants", filter=admitted),
        women=Count("applicants", filter=admitted & Q(applicants__gender="female")),
        minorities=Count("applicants", filter=admitted & ~Q(applicants__ethnicity="汉族")),
        young=Count("applicants", filter=admitted & Q(applicants__birth_date__gt=young_born_after)),
        college=Count("applicants", filter=admitted & Q(applicants__education__in=COLLEGE)),
        converted=Count("applicants", filter=within("full_on")),
        extended=Count("applicants", filter=within("probation_ends_on") & Q(applicants__extension_months__gt=0)),
        withdrawn=Count("applicants", filter=within("withdrawn_on")),
        open_applicants=Count(
            "applicants",
            filter=open_at_end & (Q(applicants__activist_on__isnull=True) | Q(applicants__activist_on__gt=end)),
        ),
        open_activists=Count(
            "applicants",
            filter=open_at_end
            & Q(applicants__activist_on__lte=end)
            & (Q(applicants__candidate_on__isnull=True) | Q(applicants__candidate_on__gt=end)),
        ),
        open_candidates=Count(
            "applicants",
            filter=open_at_end
            & Q(applicants__candidate_on__lte=end)
            & (Q(applicants__approved_on__isnull=True) | Q(applicants__approved_on__gt=end)),
        ),
        open_probationary=Count(
            "applicants",
            filter=Q(applicants__approved_on__lte=end)
            & (Q(applicants__full_on__isnull=True) | Q(applicants__full_on__gt=end))
            & ~Q(applicants__stage=Stage.WITHDRAWN),
        ),
    )
    rows = list(rows.select_related("committee"))
    total = {key: sum(getattr(row, key) for row in rows) for key, _label in COLUMNS}
    return rows, total


def probationary_members(user, year: int):
    """The year's new probationary members with their 转正 dates (the annex of the report)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Applicant.objects.visible_to(user)
        .filter(approved_on__range=(start, end))
        .select_related("branch")
        .order_by("branch__ordinal", "admitted_on", "pk")
    )
