from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation

from anren_registry.views import bad_request, page_not_found


class ChineseFirstLocaleMiddleware:
    """Chinese whatever the browser asks for; another language only when picked.

    Office PCs are often set to English, so Accept-Language is ignored. The
    language switch (django.views.i18n.set_language) sets the language cookie,
    which is the only thing that turns English on.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RefuseNulBytesMiddleware:
    """400 for a request whose address, query or form holds a NUL character.

    No field of ours can hold one, PostgreSQL refuses it in text and JSON (a 500 on
    ``?q=%00`` when the audit log stored the path), and a scanner sends little else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            raise BadRequest("NUL character in the request")
        form = request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"
        if form and any("\x00" in key or any("\x00" in v for v in values) for key, values in request.POST.lists()):
            raise BadRequest("NUL character in the form")
        return self.get_response(request)


class DemoErrorPagesMiddleware:
    """With debug on (the demo of ``make run``), Django answers a 404 with its yellow page
    listing every URL pattern, and a 400 with a traceback: users of the demo get the
    Chinese pages instead. A 500 keeps the traceback, for whoever is developing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code in (400, 404) and not getattr(response, "error_page", False):
            return (page_not_found if response.status_code == 404 else bad_request)(request)
        return response
