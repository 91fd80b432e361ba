from django.urls import path

from picket.audit import views

urlpatterns = [
    path("", views.event_list, name="audit-log"),
    path("records/<str:object_type>/<str:object_id>/", views.record_history, name="audit-record-history"),
]
