from django.urls import path

from picket.accounts import views, views_security

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path("organisations/<int:organisation_id>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:organisation_id>/edit/", views.organisation_edit, name="organisation-edit"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<int:user_id>/", views.user_detail, name="user-detail"),
    path("users/<int:user_id>/edit/", views.user_edit, name="user-edit"),
    path("users/<int:user_id>/password/", views.user_password, name="user-password"),
    path("users/<int:user_id>/unlock/", views_security.user_unlock, name="user-unlock"),
    path("users/<int:user_id>/reset-second-factor/", views_security.user_reset_second_factor, name="user-reset-2fa"),
    path("roles/", views.role_list, name="role-list"),
    path("account/tokens/", views.token_list, name="token-list"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("account/two-factor/", views_security.two_factor, name="two-factor"),
    path("account/recovery-codes/", views_security.recovery_codes_renew, name="recovery-codes-renew"),
]
