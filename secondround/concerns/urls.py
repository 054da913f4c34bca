from django.urls import path

from secondround.concerns import views

urlpatterns = [
    path("concerns/<int:pk>/close/", views.close_concern, name="close_concern"),
]
