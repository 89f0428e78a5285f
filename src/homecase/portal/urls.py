"""The resident portal's URLs, at the root of the site."""

from django.urls import include, path

from homecase.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sign-in/link/", views.sign_in_link, name="sign-in-link"),
    path("sign-in/link/<str:uidb64>/<str:token>/", views.sign_in_link_use, name="sign-in-link-use"),
    path("complaints/", include("homecase.complaints.portal_urls")),
    path("repairs/", include("homecase.repairs.portal_urls")),
    path("asb/", include("homecase.asb.portal_urls")),
    path("contact-preferences/", views.contact_preferences, name="contact-preferences"),
]
