from django.urls import include, path

from verbinder.partners import views

app_name = "partners"
urlpatterns = [
    path("routes/", views.route_list, name="route-list"),
    path("routes/new/", views.route_create, name="route-create"),
    path("routes/<int:pk>/", views.route_detail, name="route-detail"),
    path("routes/<int:pk>/edit/", views.route_edit, name="route-edit"),
    path("routes/<int:pk>/staff/", views.route_staff, name="route-staff"),
    path("routes/<int:pk>/staff/<int:assignment_pk>/remove/", views.route_staff_remove, name="route-staff-remove"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<int:pk>/archive/", views.organisation_archive, name="organisation-archive"),
    path("organisations/<int:pk>/restore/", views.organisation_restore, name="organisation-restore"),
    path("organisations/<int:pk>/routes/", views.organisation_route_link, name="organisation-route-link"),
    path(
        "organisations/<int:pk>/routes/<int:route_pk>/unlink/",
        views.organisation_route_unlink,
        name="organisation-route-unlink",
    ),
    path("organisations/<int:pk>/people/new/", views.organisation_person_create, name="organisation-person-create"),
    path("organisations/<int:pk>/relationships/new/", views.relationship_create, name="relationship-create"),
    path("relationships/<int:pk>/delete/", views.relationship_delete, name="relationship-delete"),
    path("people/", views.person_list, name="person-list"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/archive/", views.person_archive, name="person-archive"),
    path("people/<int:pk>/restore/", views.person_restore, name="person-restore"),
    path("people/<int:pk>/affiliations/new/", views.person_affiliation_add, name="person-affiliation-add"),
    path("affiliations/<int:pk>/edit/", views.affiliation_edit, name="affiliation-edit"),
    path("affiliations/<int:pk>/end/", views.affiliation_end, name="affiliation-end"),
    path("", include("verbinder.partners.io.urls")),
]
