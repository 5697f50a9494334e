from django.urls import path

from entities import views

app_name = "entities"
urlpatterns = [
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("countries/<slug:slug>/", views.country_detail, name="country"),
    path("search", views.search, name="search"),
]
