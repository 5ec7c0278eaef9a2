from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _

from accounts.login import name_locked
from audit.log import record
from audit.models import Action


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

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if username and name_locked(username):
            record(request, Action.LOGIN_FAILED, username=username[:150], reason="locked_out")
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_mode"] = settings.DEBUG
        return context


# --- error pages: Chinese, in the layout, with a way back -----------------------------

ERRORS = {
    400: (
        _("The request could not be understood"),
        _("The address or the form held characters the system does not accept. Go back and try again."),
    ),
    403: (
        _("You may not open this page"),
        _("Your role does not include this page. If you need it, ask the county organisation department."),
    ),
    404: (
        _("The page was not found"),
        _("There is no such page, or it is not among the records you can see. Check the address or start again."),
    ),
    500: (
        _("Something went wrong on our side"),
        _("The system could not finish the request; nothing was half-saved. Try again in a moment."),
    ),
    "csrf": (
        _("The form has expired"),
        _("The page was open too long or was opened in another window. Go back, reload the page and submit again."),
    ),
}


def _error_context(code, status):
    heading, explanation = ERRORS[code]
    return {"code": status, "heading": heading, "explanation": explanation}


def _error_page(request, code, status):
    response = render(request, "errors/page.html", _error_context(code, status), status=status)
    response.error_page = True  # anren_registry.middleware.DemoErrorPagesMiddleware
    return response


def bad_request(request, exception=None):
    return _error_page(request, 400, 400)


def permission_denied(request, exception=None):
    return _error_page(request, 403, 403)


def page_not_found(request, exception=None):
    # The same page whether the address is wrong or the record is outside the user's scope.
    return _error_page(request, 404, 404)


def csrf_failure(request, reason=""):
    return _error_page(request, "csrf", 403)


def server_error(request):
    """Rendered without the request: the database may be what failed, and the layout's menu
    and user line would need it."""
    return HttpResponseServerError(loader.render_to_string("errors/page.html", _error_context(500, 500)))
