from django.urls import path

from secondround.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
