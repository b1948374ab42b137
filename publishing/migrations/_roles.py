"""What the role migrations share: the group names and how to grant a permission before
Django has made it (on a fresh database it makes permissions only after every migration)."""

REVIEWER = "Clinical reviewer"
EDITOR = "Editor"
VIEWER = "Viewer"

CUSTOM_NAMES = {
    "approve_revision": "Can approve or reject changes (clinical sign-off)",
    "publish_revision": "Can publish or schedule approved changes",
}


def grant(apps, group, grants):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, models in grants.items():
        for model_name, actions in models.items():
            try:
                model = apps.get_model(app_label, model_name)
            except LookupError:
                # tests/conftest.py re-runs the role migrations with today's models, where the
                # content's historical models are gone (articles migration 0009).
                continue
            content_type, _ = ContentType.objects.get_or_create(
                app_label=app_label, model=model_name
            )
            for action in actions:
                codename = f"{action}_{model_name}"
                name = CUSTOM_NAMES.get(codename, f"Can {action} {model._meta.verbose_name_raw}")
                # On a fresh database Django makes permissions only after every migration:
                # make them now, named exactly as Django would.
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type, codename=codename, defaults={"name": name}
                )
                group.permissions.add(permission)
