from django.urls import path

from verbinder.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("placements/<int:pk>/", views.placement, name="placement"),
    path("companies/<int:pk>/", views.company, name="company"),
    path("students/", views.supervised_students, name="supervised-students"),
    path("my-placement/", views.my_placement, name="my-placement"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/<int:pk>/document.pdf", views.agreement_document, name="agreement-document"),
    path("agreements/<int:pk>/signed.pdf", views.agreement_signed_document, name="agreement-signed-document"),
]
