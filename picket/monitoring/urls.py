"""Monitoring pages under ``/monitoring/``. URLs carry ids and codes, never a phone, handle or name."""

from django.urls import path

from picket.monitoring import views, views_alerts, views_establishments, views_images, views_indicators, views_sources

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
    path("establishments/", views_establishments.establishment_list, name="establishments"),
    path("establishments/new/", views_establishments.establishment_create_view, name="establishment-create"),
    path("establishments/<int:pk>/", views_establishments.establishment_detail, name="establishment"),
    path("establishments/<int:pk>/edit/", views_establishments.establishment_edit_view, name="establishment-edit"),
    path(
        "establishments/<int:pk>/inspections/",
        views_establishments.inspection_record_view,
        name="establishment-inspection",
    ),
    path("establishments/<int:pk>/tips/", views_establishments.link_tip_view, name="establishment-tip"),
    path("establishments/<int:pk>/rescues/", views_establishments.link_rescue_view, name="establishment-rescue"),
    path("establishments/<int:pk>/ads/", views_establishments.link_ad_view, name="establishment-ad-link"),
    path(
        "establishments/<int:pk>/ads/<int:link_pk>/unlink/",
        views_establishments.unlink_ad_view,
        name="establishment-ad-unlink",
    ),
    path("ads/<int:pk>/establishments/", views_establishments.ad_establishments, name="ad-establishments"),
    path("sources/", views_sources.source_list, name="sources"),
    path("sources/new/", views_sources.source_create_view, name="source-create"),
    path("sources/submit/", views_sources.submit_view, name="source-submit"),
    path("sources/submit/url/", views_sources.submit_url_view, name="source-submit-url"),
    path("sources/submit/screenshot/", views_sources.submit_screenshot_view, name="source-submit-screenshot"),
    path("sources/<int:pk>/", views_sources.source_detail, name="source"),
    path("sources/<int:pk>/edit/", views_sources.source_edit_view, name="source-edit"),
    path("sources/<int:pk>/pause/", views_sources.source_pause_view, name="source-pause"),
    path("sources/<int:pk>/resume/", views_sources.source_resume_view, name="source-resume"),
    path("sources/<int:pk>/collect/", views_sources.source_collect_view, name="source-collect"),
    path("ads/<int:pk>/images/", views_images.ad_image_upload_view, name="ad-image-upload"),
    path("images/<int:pk>/preserve/", views_images.image_preserve_view, name="image-preserve"),
    path("images/<int:pk>/file/", views_images.image_file_view, name="image-file"),
    path("indicators/", views_indicators.indicator_list, name="indicators"),
    path("indicators/new/", views_indicators.indicator_new, name="indicator-new"),
    path("indicators/load/", views_indicators.indicators_load_view, name="indicators-load"),
    path("indicators/rescore/", views_indicators.indicators_rescore_view, name="indicators-rescore"),
    path("indicators/<int:pk>/", views_indicators.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", views_indicators.indicator_edit, name="indicator-edit"),
    path("indicators/<int:pk>/try/", views_indicators.indicator_try_view, name="indicator-try"),
    path("indicators/<int:pk>/active/", views_indicators.indicator_active_view, name="indicator-active"),
]
