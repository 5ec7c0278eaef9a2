from django.conf import settings
from django.utils import translation


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
