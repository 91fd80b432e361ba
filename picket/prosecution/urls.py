"""Pages under ``/prosecution/``."""

from django.urls import path

from picket.prosecution import views

urlpatterns = [
    path("offences/", views.offence_list, name="offence-list"),
    path("offences/<int:pk>/", views.offence_detail, name="offence-detail"),
    path("offences/<int:pk>/correct/", views.offence_correction, name="offence-correct"),
    path("calendar/", views.calendar_settings, name="prosecution-calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="prosecution-calendar-feed"),
]
