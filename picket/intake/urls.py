"""Staff pages under ``/intake/``; the public tip form under ``/report/`` (``public_urlpatterns``)."""

from django.urls import path

from picket.intake import views, views_import, views_public

urlpatterns = [
    path("tips/", views.tip_list, name="tip-list"),
    path("tips/new/", views.tip_create, name="tip-create"),
    path("tips/<str:reference>/", views.tip_detail, name="tip-detail"),
    path("tips/<str:reference>/triage/", views.tip_triage, name="tip-triage"),
    path("missing/", views.missing_list, name="missing-list"),
    path("missing/new/", views.missing_create, name="missing-create"),
    path("missing/<str:reference>/", views.missing_detail, name="missing-detail"),
    path("missing/<str:reference>/status/", views.missing_status, name="missing-status"),
    path("found/", views.found_list, name="found-list"),
    path("found/new/", views.found_create, name="found-create"),
    path("found/<str:reference>/", views.found_detail, name="found-detail"),
    path("found/<str:reference>/production/", views.found_production, name="found-production"),
    path("found/<str:reference>/placement/", views.found_placement, name="found-placement"),
    path("found/<str:reference>/statement/", views.found_statement, name="found-statement"),
    path("found/<str:reference>/status/", views.found_status, name="found-status"),
    path("import/", views_import.intake_import, name="intake-import"),
]

public_urlpatterns = [
    path("", views_public.tip_public, name="tip-public"),
    path("follow-up/", views_public.tip_follow_up, name="tip-follow-up"),
    path("districts/", views_public.public_districts, name="tip-public-districts"),
]
