from django.urls import path

from picket.geo import views

urlpatterns = [
    path("", views.state_list, name="state-list"),
    path("import/", views.geography_import, name="geography-import"),
    path("states/<int:lgd_code>/", views.state_detail, name="state-detail"),
    path("districts/<int:lgd_code>/", views.district_detail, name="district-detail"),
]
