from django.db import models


class Feedback(models.Model):
    """A reader's answer to "Was this page helpful?". Anonymous: no name, address or IP is kept."""

    page_path = models.CharField("page", max_length=200, db_index=True)
    page_title = models.CharField(max_length=200)
    helpful = models.BooleanField()
    comment = models.TextField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"

    def __str__(self):
        answer = "helpful" if self.helpful else "not helpful"
        return f"{self.page_title}: {answer}"
