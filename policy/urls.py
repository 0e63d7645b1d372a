from django.urls import path

from . import views

app_name = "policy"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("muc-chuan/them/", views.level_add_view, name="level_add"),
    path("he-so/<int:pk>/", views.coefficient_set_view, name="coefficient_set"),
    path("dien-dia-phuong/them/", views.category_add_view, name="category_add"),
    path("dien-dia-phuong/<int:pk>/sua/", views.category_edit_view, name="category_edit"),
]
