"""The question bank: the organisation's questions by topic (a competency name or a kind of
concern, shown by its label), with a search by words and topic. Recruiters, admins and hiring
managers edit it; everyone else reads it."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from secondround.forms import posted, status_for, submit
from secondround.hiring.actions import do_save_question
from secondround.hiring.forms import QuestionActiveForm, QuestionForm, QuestionSearchForm
from secondround.hiring.models import Question
from secondround.hiring.topics import topic_key, topic_label


def may_edit_bank(member) -> bool:
    return member.has_oversight or member.is_hiring_manager


def by_topic(questions):
    """[(topic label, questions)], topics in the order of their labels."""
    ordered = sorted(questions, key=lambda q: (topic_label(q.topic).lower(), q.pk))
    return [
        (topic_label(group[0].topic), group)
        for _, it in groupby(ordered, key=lambda q: topic_key(q.topic))
        for group in [list(it)]
    ]


def searched(bank, search: QuestionSearchForm):
    """The bank narrowed by the search form: words in the text (or the topic's label), and
    one topic. An invalid search (a topic no longer offered) narrows nothing."""
    if not search.is_valid():
        return bank
    words, topic = search.cleaned_data["q"].strip().lower(), search.cleaned_data["topic"]
    if topic:
        bank = bank.filter(topic=topic)
    if words:
        bank = [q for q in bank if words in q.text.lower() or words in q.topic_label.lower()]
    return list(bank)


def _member_or_404(request):
    if request.member is None:
        raise Http404
    return request.member


@login_required
def questions(request):
    member = _member_or_404(request)
    editor = may_edit_bank(member)
    if request.method == "POST" and not editor:
        raise PermissionDenied("Only recruiters, admins and hiring managers edit the bank.")
    form = QuestionForm(posted(request), organisation_id=member.organisation_id)
    if form.is_valid() and submit(form, do_save_question, member, **form.cleaned_data):
        label = topic_label(form.cleaned_data["topic"])
        messages.success(request, f"Question added under {label}.")
        return redirect("questions")
    search = QuestionSearchForm(request.GET or None, organisation_id=member.organisation_id)
    bank = searched(Question.objects.visible_to(member), search)
    context = {
        "nav": "questions",
        "editor": editor,
        "groups": by_topic([q for q in bank if q.active]),
        "retired": [q for q in bank if not q.active],
        "search": search,
        "searching": search.is_bound,
        "form": form,
    }
    return render(request, "hiring/questions.html", context, status=status_for(form))


@login_required
def question_edit(request, pk):
    member = _member_or_404(request)
    question = get_object_or_404(Question.objects.visible_to(member), pk=pk)
    if not may_edit_bank(member):
        raise PermissionDenied("Only recruiters, admins and hiring managers edit the bank.")
    form = QuestionForm(
        posted(request),
        organisation_id=member.organisation_id,
        keep=question.topic,
        initial={"topic": question.topic, "text": question.text},
    )
    if form.is_valid():
        saved = submit(
            form,
            do_save_question,
            member,
            **form.cleaned_data,
            question=question,
            active=question.active,
        )
        if saved:
            messages.success(request, "Question saved.")
            return redirect("questions")
    context = {
        "nav": "questions",
        "question": question,
        "form": form,
    }
    return render(request, "hiring/question_form.html", context, status=status_for(form))


@login_required
@require_POST
def question_active(request, pk):
    """Retire a question (kits stop suggesting it) or bring it back."""
    member = _member_or_404(request)
    question = get_object_or_404(Question.objects.visible_to(member), pk=pk)
    form = QuestionActiveForm(request.POST)
    form.is_valid()  # a missing or odd value reads as "retire", as an unticked box would
    active = form.cleaned_data.get("active", False)
    saved = submit(
        form, do_save_question, member, topic=question.topic, text=question.text,
        question=question, active=active,
    )  # fmt: skip
    if saved:
        messages.success(request, "Question restored." if active else "Question retired.")
    else:
        messages.error(request, " ".join(form.non_field_errors() + form["text"].errors))
    return redirect("questions")
