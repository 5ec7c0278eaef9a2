from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from branches.models import Branch, Committee
from members.models import Category, Member, MemberStatus


def healthz(request):
    """200 when the database answers; 503 otherwise. For load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_mode"] = settings.DEBUG
        return context


@login_required
@never_cache
def dashboard(request):
    members = Member.objects.visible_to(request.user).filter(status=MemberStatus.ACTIVE)
    totals = members.aggregate(
        total=Count("pk"),
        direct=Count("pk", filter=Q(category=Category.DIRECT)),
        mobile=Count("pk", filter=Q(category=Category.MOBILE)),
        full=Count("pk", filter=Q(full_member_on__isnull=False)),
        probationary=Count("pk", filter=Q(full_member_on__isnull=True)),
    )
    # One grouped query for the per-branch table, not one per branch.
    branches = (
        Branch.objects.visible_to(request.user)
        .select_related("committee")
        .annotate(
            total=Count("members", filter=Q(members__status=MemberStatus.ACTIVE)),
            direct=Count("members", filter=Q(members__status=MemberStatus.ACTIVE, members__category=Category.DIRECT)),
            mobile=Count("members", filter=Q(members__status=MemberStatus.ACTIVE, members__category=Category.MOBILE)),
        )
        .order_by("committee_id", "ordinal")
    )
    context = {
        "committee_count": Committee.objects.visible_to(request.user).count(),
        "branches": branches,
        "totals": totals,
    }
    return render(request, "dashboard.html", context)
