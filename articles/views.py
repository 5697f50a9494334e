"""Article pages: the recent list and one article with its entities highlighted."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from articles.models import Article
from entities.selectors import article_entities

ARTICLES_PER_PAGE = 20


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def article_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Article.objects.recent(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    template = "articles/article_list.html"
    # htmx asks for the next page of items to put in place of the "load more" link.
    if request.htmx and not request.htmx.history_restore_request:
        template += "#article-items"
    return render(request, template, {"page": page})


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    return render(
        request, "articles/article_detail.html", {"article": article, **article_entities(article)}
    )
