from django.urls import path

from secondround.hiring import views

urlpatterns = [
    path("candidates/", views.candidates, name="candidates"),
    path("applications/<int:pk>/", views.application, name="application"),
]
