from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("", views.dossier_list, name="dossier_list"),
]
