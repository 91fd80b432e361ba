"""Pages under ``/prosecution/``."""

from django.urls import path

from picket.prosecution import views, views_case

urlpatterns = [
    path("", views_case.docket, name="prosecution-docket"),
    path("dashboard/", views_case.dashboard, name="prosecution-dashboard"),
    path("cases/", views_case.case_list, name="prosecution-cases"),
    path("cases/new/", views_case.case_create, name="prosecution-case-create"),
    path("cases/<str:reference>/", views_case.case_detail, name="prosecution-case"),
    path("cases/<str:reference>/event/<str:action>/", views_case.case_event, name="prosecution-case-event"),
    path("cases/<str:reference>/documents/<int:document_id>/", views_case.case_document, name="prosecution-document"),
    path("accused/<str:reference>/", views_case.accused_detail, name="prosecution-accused"),
    path("rescues/new/", views_case.rescue_create, name="prosecution-rescue-create"),
    path("rescues/<str:reference>/", views_case.rescue_detail, name="prosecution-rescue"),
    path("offences/", views.offence_list, name="offence-list"),
    path("offences/<int:pk>/", views.offence_detail, name="offence-detail"),
    path("offences/<int:pk>/correct/", views.offence_correction, name="offence-correct"),
    path("calendar/", views.calendar_settings, name="prosecution-calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="prosecution-calendar-feed"),
]
