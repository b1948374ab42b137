"""'Was this page helpful?': works as a plain form, keeps nothing lost, resists floods and junk."""

import pytest

from feedback.models import Feedback

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"Origin": "http://testserver"}
HELPFUL_HOME = {"page": "/", "helpful": "yes"}  # "Yes, this page helped" on the home page


def post(client, data, headers=SAME_ORIGIN, **extra):
    return client.post("/feedback/", data, headers=headers, **extra)


@pytest.mark.parametrize(
    "path", ["/", "/causes/", "/causes/dehydration/", "/cramp-or-clot/", "/massage/",
             "/massage/knead-the-calf/"]
)  # fmt: skip
def test_every_page_has_the_feedback_form_without_a_csrf_token(client, path):
    html = client.get(path).content.decode()
    assert '<form class="feedback" id="feedback" method="post" action="/feedback/">' in html
    assert f'<input type="hidden" name="page" value="{path}">' in html
    assert "Was this page helpful?" in html
    assert "csrfmiddlewaretoken" not in html, "cached pages must not carry a visitor's token"


def test_a_helpful_answer_is_stored_and_thanked(client, text):
    response = post(client, {"page": "/massage/knead-the-calf/", "helpful": "yes", "comment": ""})
    assert response.status_code == 303
    assert response["Location"] == "/feedback/thanks/?page=%2Fmassage%2Fknead-the-calf%2F"
    answer = Feedback.objects.get()
    assert answer.helpful is True
    assert answer.page_title == "Knead the calf"
    thanks = client.get(response["Location"])
    assert "Thank you for your feedback" in text(thanks)
    assert 'href="/massage/knead-the-calf/"' in thanks.content.decode()


def test_a_comment_is_stored_with_the_page(client):
    post(client, {"page": "/causes/", "helpful": "no", "comment": "  More on stretching.  "})
    answer = Feedback.objects.get()
    assert (answer.page_path, answer.helpful, answer.comment) == (
        "/causes/",
        False,
        "More on stretching.",
    )
    assert answer.page_title == "What causes a sore calf"


def test_missing_answer_shows_the_form_again_with_the_comment_kept(client, text):
    response = post(client, {"page": "/massage/", "comment": "The timer is great"})
    assert response.status_code == 400
    assert "Choose yes or no." in text(response)
    assert ">The timer is great</textarea>" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_over_long_comment_is_refused_with_the_limit_and_kept(client, text):
    response = post(client, {"page": "/massage/", "helpful": "yes", "comment": "x" * 501})
    assert response.status_code == 400
    assert "Keep it to 500 characters or fewer (you wrote 501)." in text(response)
    assert "x" * 501 in response.content.decode()


@pytest.mark.parametrize("page", ["/admin/", "https://evil.example/", "/massage/nope/", "", "x"])
def test_feedback_for_unknown_pages_is_refused(client, page):
    response = post(client, {"page": page, "helpful": "yes"})
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_cross_site_posts_are_refused(client):
    response = post(client, HELPFUL_HOME, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    response = post(client, HELPFUL_HOME, headers={})
    assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_same_origin_referer_is_enough_when_origin_is_missing(client):
    response = post(client, HELPFUL_HOME, headers={"Referer": "http://testserver/"})
    assert response.status_code == 303


def test_a_flood_from_one_address_is_slowed_down(client, text):
    statuses = [post(client, HELPFUL_HOME).status_code for _ in range(8)]
    assert statuses == [303] * 5 + [429] * 3
    assert Feedback.objects.count() == 5
    response = post(client, HELPFUL_HOME)
    assert "Try again in 10 minutes." in text(response)
    assert response["Retry-After"]


def test_other_addresses_are_not_slowed_by_a_flood(client):
    for _ in range(6):
        post(client, HELPFUL_HOME)
    response = post(client, HELPFUL_HOME, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 303


def test_behind_a_proxy_a_made_up_forwarded_address_is_still_slowed_down(client, behind_proxy):
    def post_as(made_up):
        # A made-up routable address, then the one the proxy saw: a private one.
        forwarded = f"93.184.216.{made_up}, 10.0.0.5"
        return post(
            client, HELPFUL_HOME, REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )  # fmt: skip

    statuses = [post_as(n).status_code for n in range(6)]
    assert statuses == [303] * 5 + [429]
    assert Feedback.objects.count() == 5


def test_bots_filling_the_honeypot_are_thanked_but_ignored(client):
    response = post(client, {"page": "/", "helpful": "yes", "website": "http://spam.example"})
    assert response.status_code == 303
    assert Feedback.objects.count() == 0


def test_oversized_bodies_are_refused_early(client):
    response = post(client, {"page": "/", "helpful": "yes", "comment": "x" * 5000})
    assert response.status_code == 413


def test_only_reading_and_posting_are_allowed(client):
    # GET shows a page with the warning (tests/test_safety_texts.py); nothing else is accepted.
    assert client.put("/feedback/").status_code == 405
    assert client.delete("/feedback/").status_code == 405
    assert Feedback.objects.count() == 0


def test_thanks_page_only_links_back_into_the_guide(client):
    assert client.get("/feedback/thanks/?page=https://evil.example/").status_code == 404
    assert client.get("/feedback/thanks/?page=//evil.example/").status_code == 404


def test_editors_see_answers_per_page(admin_client):
    Feedback.objects.create(page_path="/massage/", page_title="How to massage", helpful=True)
    Feedback.objects.create(page_path="/massage/", page_title="How to massage", helpful=False)
    Feedback.objects.create(page_path="/", page_title="Overview", helpful=True)
    html = admin_client.get("/admin/feedback/feedback/").content.decode()
    assert "Answers per page" in html
    assert "<td>1</td><td>1</td><td>2</td>" in html
    assert "<td>1</td><td>0</td><td>1</td>" in html
