"""URL map of CarePath: the home page, every app's URLs as its plugin declares them, and the API."""

from django.urls import include, path

from carepath.api.api import api
from carepath.cases import views as case_views
from carepath.core import extensions

urlpatterns = [
    path("", case_views.home, name="home"),
    *[path(prefix, include(module)) for prefix, module in extensions.url_mounts()],
    path("api/v1/", api.urls),
]
