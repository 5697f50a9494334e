from django.urls import path

from entities import views

app_name = "entities"
urlpatterns = [
    path("people/", views.person_list, name="people"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("countries/", views.country_list, name="countries"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("people/<slug:slug>/about/", views.person_about, name="person-about"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("countries/<slug:slug>/", views.country_detail, name="country"),
    path("countries/<slug:slug>/by/", views.country_by, name="country-by"),
    path("countries/<slug:slug>/on/<slug:other>/", views.country_pair, name="country-pair"),
    path("statements/<int:pk>/", views.statement_detail, name="statement"),
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
