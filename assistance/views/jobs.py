"""就业推荐 and 招聘会: referrals with their totals and the average wage, and the job fairs."""

from django.urls import reverse
from django.utils.translation import gettext as _

from assistance.filters import JobReferralFilter
from assistance.forms import JobFairForm, JobReferralForm
from assistance.models import JobFair, JobReferral
from assistance.totals import job_totals, referrals_by_year
from assistance.views.common import export, filtered, form_page, list_page
from branches.permissions import reader_required, writer_required


def _referrals(request):
    return JobReferral.objects.visible_to(request.user).select_related("job_fair")


@reader_required
def job_referral_list(request):
    filterset = filtered(request, JobReferralFilter, _referrals(request))
    fairs = JobFair.objects.visible_to(request.user).select_related("branch")
    return list_page(
        request,
        "assistance/job_referral_list.html",
        filterset,
        context={
            "new_url": reverse("assistance:job_referral_create"),
            "export_url": reverse("assistance:job_referral_export"),
            "totals": job_totals(filterset.qs, fairs),
            "years": referrals_by_year(filterset.qs),
            "fairs": fairs,
        },
    )


@reader_required
def job_referral_export(request):
    columns = [
        (_("referred on"), lambda r: r.referred_on),
        (_("person"), lambda r: r.person_name),
        (_("township"), lambda r: r.township),
        (_("from a registered poor household"), lambda r: r.poverty_household),
        (_("employer"), lambda r: r.employer),
        (_("city"), lambda r: r.city),
        (_("position"), lambda r: r.position),
        (_("monthly wage (yuan)"), lambda r: float(r.monthly_wage)),
        (_("job fair"), lambda r: r.job_fair.name if r.job_fair_id else ""),
    ]
    return export(
        request,
        filtered(request, JobReferralFilter, _referrals(request)),
        filename=_("job referrals"),
        title=_("Job referrals"),
        columns=columns,
        what="assistance.JobReferral",
    )


@writer_required
def job_referral_create(request):
    return form_page(
        request,
        JobReferralForm,
        title=_("Record a job referral"),
        list_name="assistance:job_referral_list",
        list_title=_("Job referrals"),
        saved=_("The job referral is saved."),
    )


@writer_required
def job_fair_create(request):
    return form_page(
        request,
        JobFairForm,
        title=_("New job fair"),
        list_name="assistance:job_referral_list",
        list_title=_("Job referrals"),
        saved=_("The job fair is saved."),
    )
