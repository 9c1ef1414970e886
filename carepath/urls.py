"""URL map of CarePath."""

from django.urls import include, path

from carepath.api.api import api
from carepath.cases import views as case_views

urlpatterns = [
    path("", case_views.home, name="home"),
    path("accounts/", include("carepath.accounts.urls")),
    path("clients/", include("carepath.clients.urls")),
    path("cases/", include("carepath.cases.urls")),
    path("cases/<uuid:case_id>/console/", include("carepath.emergency.urls")),
    path("audit/", include("carepath.audit.urls")),
    path("assessments/", include("carepath.assessments.urls")),
    path("followup/", include("carepath.followup.urls")),
    path("api/v1/", api.urls),
    path("", include("carepath.jurisdictions.urls")),  # /help/ (public, name "help") and /protocol/
]
