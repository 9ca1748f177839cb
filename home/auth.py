"""Login attempt tracking (django-axes) that leaves non-web logins alone.

Every web login form (Wagtail's, Django admin's) passes the request to ``authenticate()``, so
those are counted and locked out. Code that calls ``authenticate()`` without a request (a test
client's ``login()``, a management command) has no address to count and is passed on to the next
backend instead of failing with axes' ``AxesBackendRequestParameterRequired``.
"""

from axes.backends import AxesStandaloneBackend


class LoginAttemptsBackend(AxesStandaloneBackend):
    """Refuse logins for locked-out user name and address pairs; authenticate nobody itself."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
