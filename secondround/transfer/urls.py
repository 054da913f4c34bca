from django.urls import path

from secondround.transfer import views

urlpatterns = [
    path("calibration/ratings.csv", views.ratings_csv, name="ratings_csv"),
]
