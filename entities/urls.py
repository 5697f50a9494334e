from django.urls import path

from entities import views

app_name = "entities"
urlpatterns = [
    path("people/", views.person_list, name="people"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("countries/", views.country_list, name="countries"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("countries/<slug:slug>/", views.country_detail, name="country"),
    path(
        "statements/<int:pk>/context/",
        views.statement_context_detail,
        name="statement-context",
    ),
    path("statements.csv", views.statement_export, {"fmt": "csv"}, name="statements-csv"),
    path("statements.json", views.statement_export, {"fmt": "json"}, name="statements-json"),
    path("search", views.search, name="search"),
    path("search/suggestions", views.search_suggestions, name="search-suggestions"),
]

# Until the organisation page lands (it belongs to the storage work), its address leads to
# search, so that links to organisations work; the real page, once routed, replaces this.
if not any(getattr(pattern, "name", None) == "organisation" for pattern in urlpatterns):
    urlpatterns.append(
        path("organisations/<slug:slug>/", views.organisation_placeholder, name="organisation")
    )
