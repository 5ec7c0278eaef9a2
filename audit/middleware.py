from audit.log import record
from audit.models import Action


class PermissionDenialLogMiddleware:
    """Records every 403, and every 404 of a URL that exists, in the audit log.

    A 404 on a resolved URL is a scoped lookup that found nothing for this user
    (another branch's member, say) — the trail an auditor wants to see. A 404 for
    a URL that matches no pattern is a typo or a scanner, and is not kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if status == 403 or (status == 404 and getattr(request, "resolver_match", None) is not None):
            match = request.resolver_match
            record(
                request,
                Action.PERMISSION_DENIED,
                status=status,
                method=request.method,
                path=request.path[:300],
                url_name=match.view_name if match else "",
            )
        return response
