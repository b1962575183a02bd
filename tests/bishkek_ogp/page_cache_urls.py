"""The project's URLs plus a public page that shows a message, which no real page does to an
anonymous visitor: the page cache must never share such a page."""

from django.contrib import messages
from django.shortcuts import render
from django.urls import path

from bishkek_ogp.lib.page_cache import public_page
from bishkek_ogp.urls import urlpatterns as project_urlpatterns


@public_page
def page_with_a_message(request):
    messages.success(request, "A message for this visitor only")
    return render(request, "commitments/about.html", {"plan": None})


urlpatterns = [path("greeting/", page_with_a_message), *project_urlpatterns]
