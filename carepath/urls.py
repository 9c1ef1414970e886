"""URL map of CarePath: the home page, the health check, every app's URLs as its plugin declares them, and the API."""

from django.urls import include, path

from carepath.api.api import api
from carepath.cases import views as case_views
from carepath.core import extensions
from carepath.core.health import healthz

urlpatterns = [
    path("", case_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    *[path(prefix, include(module)) for prefix, module in extensions.url_mounts()],
    path("api/v1/", api.urls),
]
