from django.urls import path

from verbinder.accounts import views

app_name = "accounts"
urlpatterns = [
    path("language/", views.language_switch, name="language"),
    path("notifications/", views.notifications, name="notifications"),
]
