from django.urls import include, path

from picket.api.urls import api
from picket.intake.urls import public_urlpatterns as intake_public_urlpatterns
from picket.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("login/", web_views.login, name="login"),
    path("logout/", web_views.logout, name="logout"),
    path("language/", web_views.set_language, name="set-language"),
    path("health/", web_views.health, name="health"),
    path("", include("picket.accounts.urls")),
    path("geography/", include("picket.geo.urls")),
    path("children/", include("picket.people.urls")),
    path("intake/", include("picket.intake.urls")),
    path("report/", include(intake_public_urlpatterns)),
    path("prosecution/", include("picket.prosecution.urls")),
    path("tracing/", include("picket.tracing.urls")),
    path("monitoring/", include("picket.monitoring.urls")),
    path("statistics/", include("picket.analytics.urls")),
    path("notifications/", include("picket.notify.urls")),
    path("audit/", include("picket.audit.urls")),
    path("api/v1/", api.urls),
]

handler400 = "picket.web.views.bad_request"
handler403 = "picket.web.views.permission_denied"
handler404 = "picket.web.views.page_not_found"
handler500 = "picket.web.views.server_error"
