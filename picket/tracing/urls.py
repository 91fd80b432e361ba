"""Tracing pages under ``/tracing/``. URLs carry candidate and reunification ids, never names."""

from django.urls import path

from picket.tracing import views

app_name = "tracing"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/confirm/", views.candidate_confirm, name="candidate-confirm"),
    path("candidates/<int:pk>/reject/", views.candidate_reject, name="candidate-reject"),
    path("candidates/<int:pk>/access/", views.access_request, name="access-request"),
    path("access/<int:pk>/decide/", views.access_decide, name="access-decide"),
    path("reunifications/", views.reunification_list, name="reunifications"),
    path("reunifications/<int:pk>/", views.reunification_detail, name="reunification"),
    path("reunifications/<int:pk>/steps/<int:step>/", views.step_complete, name="step-complete"),
    path("reunifications/<int:pk>/stop/", views.reunification_stop, name="reunification-stop"),
]
