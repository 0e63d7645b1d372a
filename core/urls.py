from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("cong-viec/<int:pk>/", views.job_progress, name="job_progress"),
    path("healthz", views.healthz, name="healthz"),
]
