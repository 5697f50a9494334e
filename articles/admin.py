from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from articles.models import Article, content_hash_for
from entities.nlp.model import SpacyModelMissing
from entities.services import article_extract


class ArticleAdminForm(forms.ModelForm):
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https")

    class Meta:
        model = Article
        fields = [
            "title",
            "body",
            "author",
            "publisher",
            "url",
            "published_at",
            "image_caption",
            "source_name",
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("title") and cleaned.get("body"):
            digest = content_hash_for(title=cleaned["title"], body=cleaned["body"])
            twin = Article.objects.filter(content_hash=digest).exclude(pk=self.instance.pk).first()
            if twin is not None:
                raise forms.ValidationError(
                    f"An article with the same title and text already exists: “{twin.title}”."
                )
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "author",
        "publisher",
        "published_at",
        "statement_count",
        "extracted_at",
    ]
    list_filter = ["publisher", "published_at", "extracted_at"]
    search_fields = ["title", "author", "publisher", "url", "source_name"]
    date_hierarchy = "published_at"
    readonly_fields = ["content_hash", "extracted_at", "created_at", "updated_at"]
    actions = ["extract_again"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(statement_total=Count("statements"))

    @admin.display(description="Statements", ordering="statement_total")
    def statement_count(self, article: Article) -> int:
        return article.statement_total

    def save_model(
        self, request: HttpRequest, obj: Article, form: forms.ModelForm, change: bool
    ) -> None:
        obj.refresh_content_hash()
        super().save_model(request, obj, form, change)
        if change and not {"title", "body"} & set(form.changed_data):
            return
        self._extract(request, obj)

    @admin.action(description="Run extraction again on the selected articles")
    def extract_again(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        done = sum(self._extract(request, article) for article in queryset)
        self.message_user(request, f"Extraction ran on {done} article(s).", messages.SUCCESS)

    def _extract(self, request: HttpRequest, article: Article) -> bool:
        try:
            found = article_extract(article=article)
        except SpacyModelMissing as error:
            self.message_user(request, str(error), messages.ERROR)
            return False
        self.message_user(
            request,
            f"Extraction found {len(found.people)} person mentions, "
            f"{len(found.countries)} country mentions and "
            f"{len(found.statements)} statements in “{article.title}”.",
            messages.INFO,
        )
        return True
