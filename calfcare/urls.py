from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from articles import step_pictures, views
from articles.desk import endpoints

admin.site.site_header = f"{settings.SITE_NAME} editors"
admin.site.site_title = f"{settings.SITE_NAME} editors"
admin.site.index_title = "Guide content"

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    # Replace django-markdownx's own URLs, which would answer anonymous visitors.
    path("markdownx/markdownify/", endpoints.markdown_preview, name="markdownx_markdownify"),
    path("markdownx/upload/", endpoints.image_upload, name="markdownx_upload"),
    re_path(
        r"^media/uploads/(?P<name>[0-9a-f]{32}\.(?:jpg|png))$",
        views.uploaded_image,
        name="uploaded-image",
    ),
    # An uploaded step picture, addressed by its content's hash (articles.step_pictures).
    re_path(
        r"^pictures/(?P<sha256>[0-9a-f]{64})\.(?P<extension>png|jpg|webp)$",
        step_pictures.serve_picture,
        name="step-picture",
    ),
    path("", include("feedback.urls")),
    path("", include("publishing.urls")),
    path("", include("articles.urls")),
]

handler500 = "articles.views.server_error"
