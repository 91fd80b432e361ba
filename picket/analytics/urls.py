from django.urls import path

from picket.analytics import views

urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("export/", views.export, name="statistics-export"),
]
