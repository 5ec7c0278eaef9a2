"""The QR sign-in link of a published meeting and its QR code (inline SVG, no script)."""

import segno
from django.urls import reverse


def sign_in_url(request, meeting):
    return request.build_absolute_uri(reverse("meetings:sign_in", args=[meeting.pk, meeting.sign_in_token]))


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=5, dark="#303133")
