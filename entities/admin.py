from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from entities.aggregates import (
    AggregateKeys,
    aggregate_keys_of,
    aggregates_kept,
    aggregates_touch,
)
from entities.models import (
    Country,
    Mention,
    Organisation,
    Person,
    PersonNameLink,
    Statement,
    StatementCorrection,
    StatementCountry,
    name_key_for,
)
from entities.nlp.names import family_key_for
from entities.services import (
    STATEMENT_SPEAKER_FIELDS,
    person_alias_split,
    person_country_settle,
    person_merge,
    statement_correction_record,
)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "alpha2", "alpha3", "official_name"]
    search_fields = ["name", "official_name", "alpha2", "alpha3"]
    prepopulated_fields = {"slug": ["name"]}


class PersonAdminForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "slug", "aliases", "roles", "country", "country_set_by_editor"]
        labels = {"country_set_by_editor": "Country chosen by an editor"}

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        twin = Person.objects.filter(name_key=name_key_for(name)).exclude(pk=self.instance.pk)
        if twin.exists():
            raise forms.ValidationError(f"“{twin.get().name}” already has this name.")
        return name


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ["name", "aliases", "roles", "country", "statement_count", "created_at"]
    list_filter = ["country_set_by_editor"]
    search_fields = ["name", "name_key", "slug"]
    readonly_fields = ["name_key", "family_key", "created_at"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    list_select_related = ["country"]
    actions = ["merge_people", "split_alias"]

    @admin.action(description="Merge selected people into the one with the most statements")
    def merge_people(self, request: HttpRequest, queryset: QuerySet[Person]) -> None:
        people = sorted(queryset, key=lambda p: (-p.statement_total, -len(p.name), p.pk))
        if len(people) < 2:
            self.message_user(request, "Select two or more people to merge.", messages.WARNING)
            return
        into = person_merge(into=people[0], others=people[1:])
        self.message_user(request, f"Merged {len(people) - 1} into “{into.name}”.")

    @admin.action(description="Split an alias off into a new person")
    def split_alias(self, request: HttpRequest, queryset: QuerySet[Person]) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one person.", messages.WARNING)
            return None
        person = queryset.get()
        if not person.aliases:
            self.message_user(request, f"“{person.name}” has no aliases.", messages.WARNING)
            return None
        alias = request.POST.get("alias")
        if "apply" in request.POST and alias:
            try:
                new = person_alias_split(person=person, alias=alias)
            except ValueError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(request, f"“{alias}” is now “{new.name}”, apart from {person.name}.")
            return None
        return TemplateResponse(
            request,
            "admin/entities/person/split_alias.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Split an alias off {person.name}",
                "person": person,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return super().get_queryset(request).annotate(statement_total=Count("statements"))

    @admin.display(description="Statements", ordering="statement_total")
    def statement_count(self, person: Person) -> int:
        return person.statement_total

    def save_model(
        self, request: HttpRequest, obj: Person, form: forms.ModelForm, change: bool
    ) -> None:
        obj.name_key = name_key_for(obj.name)
        obj.family_key = family_key_for(obj.name)
        # Choosing a country is an editor's word: recounts leave it alone from then on.
        if "country" in form.changed_data:
            obj.country_set_by_editor = True
        super().save_model(request, obj, form, change)
        if change and {"country", "country_set_by_editor"} & set(form.changed_data):
            person_country_settle(person=obj, country_before=form.initial.get("country"))


@admin.register(PersonNameLink)
class PersonNameLinkAdmin(admin.ModelAdmin):
    """Names an editor's merge or split tied to a person; delete one to let the rules decide."""

    list_display = ["name_key", "person", "created_at"]
    search_fields = ["name_key", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases"]
    readonly_fields = ["name_key"]
    autocomplete_fields = ["country"]

    def save_model(
        self, request: HttpRequest, obj: Organisation, form: forms.ModelForm, change: bool
    ) -> None:
        obj.name_key = name_key_for(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["text", "person", "country", "article", "start", "end"]
    list_filter = ["country"]
    search_fields = ["text", "person__name", "country__name", "article__title"]
    list_select_related = ["person", "country", "article"]
    autocomplete_fields = ["person", "country", "article"]

    # Moving a mention to another person changes who the statements around it name (issue 14);
    # the admin's views run in one transaction, so the count is part of the edit.
    def save_model(
        self, request: HttpRequest, obj: Mention, form: forms.ModelForm, change: bool
    ) -> None:
        before = set(Mention.objects.filter(pk=obj.pk).values_list("person_id", flat=True))
        super().save_model(request, obj, form, change)
        aggregates_touch(AggregateKeys(named=frozenset({*before, obj.person_id} - {None})))

    def delete_model(self, request: HttpRequest, obj: Mention) -> None:
        person_id = obj.person_id
        super().delete_model(request, obj)
        aggregates_touch(AggregateKeys(named=frozenset({person_id} - {None})))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Mention]) -> None:
        people = set(queryset.exclude(person=None).values_list("person_id", flat=True))
        super().delete_queryset(request, queryset)
        aggregates_touch(AggregateKeys(named=frozenset(people)))


class StatementCountryInline(admin.TabularInline):
    model = StatementCountry
    extra = 0
    autocomplete_fields = ["country"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = [
        "short_text",
        "speaker",
        "speaker_organisation",
        "speaker_text",
        "speaker_kind",
        "kind",
        "cue",
        "article",
    ]
    list_filter = ["kind", "speaker_kind", "cue"]
    search_fields = [
        "text",
        "speaker__name",
        "speaker_organisation__name",
        "speaker_text",
        "article__title",
    ]
    list_select_related = ["speaker", "speaker_organisation", "article"]
    autocomplete_fields = ["speaker", "speaker_organisation", "speaker_country", "article"]
    inlines = [StatementCountryInline]

    @admin.display(description="Statement")
    def short_text(self, statement: Statement) -> str:
        return statement.display_text[:100]

    # The admin saves a statement in two steps (the row, then its country tags), both in the
    # change view's transaction: the keys are read before the first and counted after the last.
    def save_model(
        self, request: HttpRequest, obj: Statement, form: forms.ModelForm, change: bool
    ) -> None:
        before = Statement.objects.filter(pk=obj.pk) if change else Statement.objects.none()
        request.aggregate_keys = aggregate_keys_of(before)  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Statement) -> None:
        with aggregates_kept(statement_ids=[obj.pk]):
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        with aggregates_kept(statement_ids=list(queryset.values_list("pk", flat=True))):
            super().delete_queryset(request, queryset)

    def save_related(
        self,
        request: HttpRequest,
        form: forms.ModelForm,
        formsets: list[forms.BaseModelFormSet],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        after = aggregate_keys_of(Statement.objects.filter(pk=form.instance.pk))
        aggregates_touch(getattr(request, "aggregate_keys", AggregateKeys()) | after)
        if not change:
            return
        # An editor's corrections are recorded so that extraction, run again, keeps them.
        removed: list[Country | int] = []
        restored: list[Country | int] = []
        for formset in formsets:
            if formset.model is not StatementCountry:
                continue
            removed += [tag.country for tag in formset.deleted_objects]
            restored += [tag.country for tag in formset.new_objects]
            for tag_form in formset.initial_forms:
                if tag_form in formset.deleted_forms or "country" not in tag_form.changed_data:
                    continue
                # Cuba replaced by the United States: Cuba was taken off.
                removed.append(tag_form.initial["country"])
                restored.append(tag_form.instance.country)
        statement_correction_record(
            statement=form.instance,
            editor=request.user,
            speaker_corrected=bool(set(form.changed_data) & set(STATEMENT_SPEAKER_FIELDS)),
            removed=removed,
            restored=restored,
        )


@admin.register(StatementCorrection)
class StatementCorrectionAdmin(admin.ModelAdmin):
    """Editors' corrections that extraction keeps; deleting one lets extraction decide again."""

    list_display = [
        "short_text",
        "article",
        "speaker",
        "speaker_organisation",
        "editor",
        "updated_at",
    ]
    list_filter = ["corrects_speaker", "updated_at"]
    search_fields = ["text", "article__title", "speaker__name", "speaker_organisation__name"]
    list_select_related = ["article", "speaker", "speaker_organisation", "editor"]
    autocomplete_fields = ["article", "speaker", "speaker_organisation", "speaker_country"]
    filter_horizontal = ["removed_countries"]
    readonly_fields = ["editor", "created_at", "updated_at"]

    @admin.display(description="Statement")
    def short_text(self, correction: StatementCorrection) -> str:
        return correction.text[:100]
