"""Helpers that drive calfcare from outside, shared by tests/, bench/ and audit/.

`served.py` starts the site as production runs it (gunicorn, production settings) and waits for
it; `admin_forms.py` submits admin forms as a browser would. They live here, beside the three
folders that use them, rather than in any one of them: `calfcare/` is the project (what the Docker
image ships, with no test machinery in it), `bench/` and `audit/` are scripts that must not import
the test suite, and the tests must not import the benchmark. Nothing here is copied into the image.
"""
