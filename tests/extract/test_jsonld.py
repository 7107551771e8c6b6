"""Reading the page's schema.org article object."""

from __future__ import annotations

import json

from revtrack.extract.jsonld import LinkedData, read_linked_data


def script(data: object) -> str:
    return json.dumps(data)


def test_graph_with_references() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "#org", "name": "Courier"},
            {"@type": "Person", "@id": "#jane", "name": "Jane Doe"},
            {
                "@type": ["NewsArticle", "ReportageNewsArticle"],
                "headline": "Bridge closes",
                "author": [{"@id": "#jane"}, {"@type": "Person", "name": "John Roe"}],
                "publisher": {"@id": "#org"},
                "datePublished": "2024-03-02T08:15:00-05:00",
                "dateModified": "2024-03-02T14:40:00-05:00",
                "inLanguage": "en-US",
            },
        ],
    }
    assert read_linked_data([script(graph)]) == LinkedData(
        headline="Bridge closes",
        authors=("Jane Doe", "John Roe"),
        published="2024-03-02T08:15:00-05:00",
        modified="2024-03-02T14:40:00-05:00",
        language="en-US",
        publisher="Courier",
    )


def test_top_level_list_and_other_types_are_skipped() -> None:
    data = [
        {"@type": "BreadcrumbList", "name": "crumbs"},
        {
            "@type": "http://schema.org/LiveBlogPosting",
            "headline": "Live: talks",
            "author": "Jane Doe",
        },
    ]
    linked = read_linked_data([script(data)])
    assert (linked.headline, linked.authors) == ("Live: talks", ("Jane Doe",))


def test_main_article_wins_over_nested_teasers() -> None:
    data = {
        "@type": "LiveBlogPosting",
        "headline": "Main",
        "liveBlogUpdate": [{"@type": "BlogPosting", "headline": "Update 1"}],
    }
    assert read_linked_data([script(data)]).headline == "Main"


def test_corrections_as_text_and_as_correction_comments() -> None:
    data = {
        "@type": "NewsArticle",
        "headline": "H",
        "correction": [
            "An earlier version misspelled a name.",
            {"@type": "CorrectionComment", "text": "A photo caption was <em>corrected</em>."},
        ],
    }
    assert read_linked_data([script(data)]).corrections == (
        "An earlier version misspelled a name.",
        "A photo caption was corrected.",
    )


def test_author_urls_are_not_names() -> None:
    data = {
        "@type": "Article",
        "headline": "H",
        "author": ["https://facebook.com/someone", "Jo Li"],
    }
    assert read_linked_data([script(data)]).authors == ("Jo Li",)


def test_raw_newlines_and_comment_wrappers_are_tolerated() -> None:
    text = '<!--\n{"@type": "NewsArticle", "headline": "Line\nbreak"}\n-->'
    assert read_linked_data([text]).headline == "Line break"


def test_broken_json_is_ignored() -> None:
    good = script({"@type": "NewsArticle", "headline": "Good"})
    assert read_linked_data(['{"@type": "NewsArticle", "headline": ', good]).headline == "Good"
    assert read_linked_data(["[" * 100_000]) == LinkedData()
    assert read_linked_data([]) == LinkedData()


def test_article_body_keeps_its_lines() -> None:
    data = {"@type": "NewsArticle", "headline": "H", "articleBody": "First para.\n\nSecond para."}
    assert read_linked_data([script(data)]).body == "First para.\nSecond para."
