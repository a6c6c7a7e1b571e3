"""Import and export of the partner registry (the spreadsheets app), under the partners namespace."""

from django.urls import path

from verbinder.spreadsheets import views

urlpatterns = [
    path("organisations/export.<str:fmt>", views.organisation_export, name="organisation-export"),
    path("imports/new/", views.import_create, name="import-create"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/columns/", views.import_map, name="import-map"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import-progress"),
    path("imports/<int:pk>/import/", views.import_commit, name="import-commit"),
]
