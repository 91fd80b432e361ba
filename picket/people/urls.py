from django.urls import path

from picket.people import views

urlpatterns = [
    path("", views.child_list, name="child-list"),
    path("new/", views.child_create, name="child-create"),
    path("<str:reference>/", views.child_detail, name="child-detail"),
    path("<str:reference>/family/", views.family_add, name="child-family-add"),
    path("<str:reference>/consent/", views.consent_add, name="child-consent-add"),
    path("<str:reference>/consent/<int:consent_id>/withdraw/", views.consent_withdraw, name="child-consent-withdraw"),
    path("<str:reference>/share/", views.share_add, name="child-share-add"),
    path("<str:reference>/share/<int:share_id>/revoke/", views.share_revoke, name="child-share-revoke"),
    path("<str:reference>/names/", views.other_name_add, name="child-name-add"),
    path("<str:reference>/documents/", views.document_add, name="child-document-add"),
    path("<str:reference>/photos/", views.photo_add, name="child-photo-add"),
    path("<str:reference>/photos/<int:photo_id>/", views.photo_show, name="child-photo"),
]
