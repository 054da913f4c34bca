"""bench.pages_html: the check that a speed-up leaves the pages' HTML as it was."""

from bench.pages_html import diff, normalise, slug


def test_normalise_hides_what_is_random_per_request_and_blank_lines():
    page = (
        '<body hx-headers=\'{"X-CSRFToken": "abc123"}\'>\n\n'
        '<input type="hidden" name="csrfmiddlewaretoken" value="xyz789">   \n'
        '<script nonce="n0nce">x</script>\n'
    )
    assert normalise(page) == (
        '<body hx-headers=\'{"X-CSRFToken": "CSRF"}\'>\n'
        '<input type="hidden" name="csrfmiddlewaretoken" value="CSRF">\n'
        '<script nonce="NONCE">x</script>\n'
    )
    # Text that is not a token stays as it is.
    assert normalise("<p>26 Nov 2026, 14:00</p>") == "<p>26 Nov 2026, 14:00</p>\n"


def test_diff_counts_the_pages_that_differ(tmp_path, capsys):
    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    after.mkdir()
    (before / "same.html").write_text("<p>a</p>\n")
    (after / "same.html").write_text("<p>a</p>\n")
    assert diff(before, after) == 0
    (after / "changed.html").write_text("<p>b</p>\n")
    (before / "changed.html").write_text("<p>c</p>\n")
    (before / "gone.html").write_text("<p>d</p>\n")
    assert diff(before, after) == 2
    assert "-<p>c</p>" in capsys.readouterr().out


def test_slug_names_a_page_file():
    assert slug("Raw/calibrated toggle (htmx fragment)") == "raw-calibrated-toggle-htmx-fragment"
