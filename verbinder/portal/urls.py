from django.urls import path

from verbinder.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("placements/<int:pk>/", views.placement, name="placement"),
    path("companies/<int:pk>/", views.company, name="company"),
    path("students/", views.supervised_students, name="supervised-students"),
    path("my-placement/", views.my_placement, name="my-placement"),
]
