"""Pages under ``/prosecution/``."""

from django.urls import path

from picket.prosecution import views

urlpatterns = [
    path("offences/", views.offence_list, name="offence-list"),
    path("offences/<int:pk>/", views.offence_detail, name="offence-detail"),
    path("offences/<int:pk>/correct/", views.offence_correction, name="offence-correct"),
]
