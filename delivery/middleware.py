"""Headers that depend on who is asking: the admin's own CSP, and no caching for editors."""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.utils.cache import add_never_cache_headers

from delivery.page_cache import is_reader


def is_admin_path(request):
    return request.path_info.startswith("/" + settings.ADMIN_PATH)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy under the admin path.

    The public policy (CONTENT_SECURITY_POLICY) is the default for every response; a view can
    still override it with django-csp's decorators (the uploaded images do).
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts


class NeverCacheForEditorsMiddleware:
    """Admin pages, and any page a signed-in editor is sent, are never stored by any cache.

    Django's admin views already say so; this also covers the admin's login, lockout and logout
    responses and everything else an editor sees. Readers carry no session cookie, so checking
    for it first keeps their pages cacheable and free of `Vary: Cookie`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin_path(request) or self._is_signed_in(request):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _is_signed_in(request):
        return not is_reader(request.META) and request.user.is_authenticated
