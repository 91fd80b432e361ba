from django.urls import path

from picket.notify import views

urlpatterns = [
    path("", views.notification_list, name="notification-list"),
    path("<int:notification_id>/open/", views.notification_open, name="notification-open"),
]
