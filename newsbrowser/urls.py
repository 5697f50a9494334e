from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from guards.views import view_on_site

# Drawn without a query, and a 503 when the database could not answer (guards/views.py).
handler500 = "guards.views.server_error"

urlpatterns = [
    # Before the admin's own: its "view on site" shortcut is a 500 for some ids, ours a 404.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="guarded-view-on-site",
    ),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page links; send them to the SVG.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True),
    ),
    path("", include("entities.urls")),
    path("", include("articles.urls")),
]
