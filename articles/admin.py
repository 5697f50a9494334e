from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join

from articles.models import SOURCE_FIELDS, Article, ImportJob, ImportUpload, content_hash_for
from articles.services import articles_delete, extraction_job_create, import_job_create
from entities.nlp.model import SpacyModelMissing
from entities.services import article_extract

IMPORT_PERMISSION = "articles.import_articles"
# The job page reloads itself this often (seconds) while the job is queued or running.
JOB_REFRESH_SECONDS = 2


class ArticleAdminForm(forms.ModelForm):
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https")

    class Meta:
        model = Article
        fields = list(SOURCE_FIELDS)

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
    list_filter = ["publisher", "published_at", "extracted_at", "import_job"]
    search_fields = ["title", "author", "publisher", "url", "source_name"]
    date_hierarchy = "published_at"
    readonly_fields = [
        "content_hash",
        "extracted_at",
        "created_at",
        "updated_at",
        "import_job",
        "metadata",
    ]
    actions = ["extract_again"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(statement_total=Count("statements"))

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra = {"can_import": request.user.has_perm(IMPORT_PERMISSION), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

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

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        articles_delete(article_ids=[obj.pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        articles_delete(article_ids=list(queryset.values_list("pk", flat=True)))

    @admin.action(description="Run extraction again on the selected articles (in the background)")
    def extract_again(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        job = extraction_job_create(article_ids=ids, user=request.user)
        self.message_user(
            request,
            format_html(
                'Extraction of {} article(s) is queued as <a href="{}">{}</a>.',
                len(ids),
                reverse("admin:articles_importjob_change", args=[job.pk]),
                job,
            ),
            messages.SUCCESS,
        )

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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; Django's FileField cleans one."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> list:
        if isinstance(data, list | tuple) and data:
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]  # nothing chosen: "This field is required."


class ArticleImportForm(forms.Form):
    files = MultipleFileField(
        help_text=(
            "Text, HTML, JSON, JSON Lines, RSS or Atom files, or ZIP archives of them. "
            "Several files may be chosen at once."
        )
    )
    update_existing = forms.BooleanField(
        label="Update existing articles",
        required=False,
        help_text=(
            "When an article is already imported with the same text, take its date, title, "
            "author, URL and outlet from these files. Its text is not extracted again."
        ),
    )

    def clean_files(self) -> list:
        """Refuse at once what the import would refuse for its size, rather than store it."""
        files = self.cleaned_data["files"]
        for upload in files:
            is_zip = upload.name.lower().endswith(".zip")
            limit = (
                settings.NEWSBROWSER_MAX_ARCHIVE_BYTES
                if is_zip
                else settings.NEWSBROWSER_MAX_FILE_BYTES
            )
            if upload.size > limit:
                raise forms.ValidationError(
                    f"{upload.name} is {upload.size:,} bytes, over the {limit:,}-byte limit."
                )
        return files


class ImportUploadInline(admin.TabularInline):
    model = ImportUpload
    fields = ["name", "size", "file"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "progress",
        "imported",
        "updated",
        "unchanged",
        "failed",
        "created_by",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["created_by"]
    fields = [
        "kind",
        "status",
        "progress",
        ("imported", "updated", "unchanged", "failed"),
        "created_by",
        ("created_at", "started_at", "finished_at"),
        "error_list",
        "message",
        "article_link",
        "task_id",
    ]
    # A job is written by the import alone: everything it shows is read-only.
    readonly_fields = [
        name for entry in fields for name in (entry if isinstance(entry, tuple) else (entry,))
    ]
    inlines = [ImportUploadInline]
    change_form_template = "admin/articles/importjob/change_form.html"
    change_list_template = "admin/articles/importjob/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # jobs are made by the import page and the extraction action

    def has_change_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        return False  # a job's record is what happened; nobody edits it

    def has_view_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        # Whoever may import may follow their imports.
        return super().has_view_permission(request, obj) or request.user.has_perm(IMPORT_PERMISSION)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="articles_importjob_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """The "Import articles" page: store the upload, queue a job, show the job."""
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        if request.method == "POST":
            form = ArticleImportForm(request.POST, request.FILES)
        else:
            form = ArticleImportForm()
        if form.is_bound and form.is_valid():
            job = import_job_create(
                files=form.cleaned_data["files"],
                user=request.user,
                update_existing=form.cleaned_data["update_existing"],
            )
            self.message_user(
                request, f"{job} is queued; this page follows its progress.", messages.SUCCESS
            )
            return HttpResponseRedirect(reverse("admin:articles_importjob_change", args=[job.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import articles",
            "form": form,
            "opts": self.model._meta,
            "max_file_bytes": settings.NEWSBROWSER_MAX_FILE_BYTES,
            "max_archive_bytes": settings.NEWSBROWSER_MAX_ARCHIVE_BYTES,
        }
        return TemplateResponse(request, "admin/articles/importjob/import_form.html", context)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra = {"can_import": request.user.has_perm(IMPORT_PERMISSION), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ):
        job = self.get_object(request, object_id)
        extra = {"refresh_seconds": JOB_REFRESH_SECONDS if job and job.is_active else None}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    @admin.display(description="Progress")
    def progress(self, job: ImportJob) -> str:
        unit = "articles" if job.kind == ImportJob.Kind.EXTRACT else "files"
        if not job.total:
            return "not started" if job.status == ImportJob.Status.QUEUED else "-"
        return f"{job.processed} of {job.total} {unit}"

    @admin.display(description="Errors")
    def error_list(self, job: ImportJob) -> str:
        if not job.errors:
            return "-"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><code>{}</code>: {}</li>",
                ((error.get("source", ""), error.get("reason", "")) for error in job.errors),
            ),
        )

    @admin.display(description="Articles")
    def article_link(self, job: ImportJob) -> str:
        if job.kind == ImportJob.Kind.EXTRACT:
            return f"{len(job.article_ids)} article(s) chosen"
        url = reverse("admin:articles_article_changelist") + f"?import_job__id__exact={job.pk}"
        return format_html(
            '<a href="{}">{} article(s) from this job</a>', url, job.articles.count()
        )
