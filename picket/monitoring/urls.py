"""Monitoring pages under ``/monitoring/``. URLs carry ids and codes, never a phone, handle or name."""

from django.urls import path

from picket.monitoring import views, views_alerts

app_name = "monitoring"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("ads/<int:pk>/", views.ad_detail, name="ad"),
    path("ads/<int:pk>/watch/", views.ad_watch, name="ad-watch"),
    path("ads/<int:pk>/evidence/", views.ad_evidence, name="ad-evidence"),
    path("networks/<int:pk>/", views.network_detail, name="network"),
    path("networks/<int:pk>/evidence/", views.network_evidence, name="network-evidence"),
    path("search/", views.search, name="search"),
    path("alerts/", views_alerts.alert_list, name="alerts"),
    path("alerts/<int:pk>/", views_alerts.alert_detail, name="alert"),
    path("alerts/<int:pk>/assign/", views_alerts.alert_assign_view, name="alert-assign"),
    path("alerts/<int:pk>/dismiss/", views_alerts.alert_dismiss_view, name="alert-dismiss"),
    path("alerts/<int:pk>/tip/", views_alerts.alert_tip_view, name="alert-tip"),
    path("alerts/<int:pk>/attach/", views_alerts.alert_attach_view, name="alert-attach"),
]
