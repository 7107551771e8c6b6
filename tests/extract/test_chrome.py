"""UI chrome is recognised by its wording; story lines are not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from revtrack.extract.chrome import ChromeContext, is_chrome_line, remove_chrome

NOW = datetime(2025, 12, 9, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "line",
    [
        "Follow",
        "FOLLOW",
        "Share this article",
        "Share on Facebook",
        "Sign up for our newsletter",
        "Sign up for our daily briefing newsletter",
        "Advertisement",
        "ADVERTISEMENT",
        "Scroll to continue with content",
        "Read more",
        "Read more: China tells US to stop meddling ahead of Blinken visit",
        "READ MORE » Oil prices climb",
        "Also read: Heatwave grips region",
        "Related: Yellen hopes to visit China",
        "Most read",
        "Listen to this article",
        "Updated 16 June 2023",
        "Updated 3 sec ago",
        "5 mins ago",
        "Published 2 hours ago | Updated 5 mins ago",
        "June 16, 2023",
        "Photo: Reuters",
        "Image caption,",
        "(Reuters)",
        "© 2025 Arab News",
        "•",
        "Live",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome_line(line, NOW)


@pytest.mark.parametrize(
    "line",
    [
        "Follow the money, investigators said.",
        "Share prices fell 3% on Monday.",
        "He said he would read more of the report before deciding.",
        "“Both sides want to show the rest of the world that they are managing it,” he said.",
        "The figures were updated 3 hours ago by officials in the capital, who blamed the delay"
        " on a software fault.",
        "Reuters contributed reporting from London and Paris about the new sanctions package.",
        "Kellogg is due to leave his post in January.",
    ],
)
def test_story_lines(line: str) -> None:
    assert not is_chrome_line(line, NOW)


def test_remove_chrome_drops_repeats_of_page_parts() -> None:
    context = ChromeContext(
        NOW, repeats=("The Headline", "By Jane Doe", "• First highlight of the story")
    )
    lines = [
        "The headline",
        "By Jane Doe",
        "First highlight of the story",
        "Updated 3 sec ago",
        "Body paragraph one.",
        "Follow",
        "Body paragraph two.",
    ]
    assert remove_chrome(lines, context) == ["Body paragraph one.", "Body paragraph two."]


@pytest.mark.parametrize(
    "line",
    [
        "À lire aussi » Ballonnements, lourdeurs... Quel est votre profil digestif ?",
        "Le puede interesar: JEP abrirá tres nuevos macrocasos: Farc y fuerza pública",
        "Auch lesen: Diese 3 Sternzeichen verschenken ihr Herz an den Falschen",
        "Schon gelesen?",
        "Weitere Themen",
        "Leggi anche: Il governo approva la manovra",
        "Zum Newsletter anmelden",
        "Siguenos en Telegram, Instagram, Facebook y Twitter para recibir actualizaciones",
        "Online-Pressemappe - alle Pressemitteilungen der Nordex SE | RSS-Feed abonnieren",
        "Bild anzeigen Bild schließen",
        "Titelbild: Geyres Christophe/ABACA/picture-alliance",
        "Foto: dpa",
        "Aktualisiert am 17.01.2021.",
        "Mis à jour le 3 mars 2021 à 10h30",
        "Sie sind aktuell nicht eingeloggt.",
        "You are not logged in",
        "Quellenangaben:",
        "Teilnehmende Blogs:",
    ],
)
def test_chrome_in_other_languages(line: str) -> None:
    assert is_chrome_line(line, NOW)


@pytest.mark.parametrize(
    "line",
    [
        "Auch lesen Kinder heute weniger Bücher als früher, sagt die Studie.",
        "Weitere Themen der Konferenz waren Klimaschutz und Energiepreise.",
        "Aktualisiert wurde die Liste zuletzt im Januar, sagte ein Sprecher.",
        "Foto und Video spielten bei der Aufklärung eine große Rolle, sagte die Polizei.",
        "Voir aussi la décision du tribunal, qui a rejeté la plainte en 2019 après trois ans.",
        "Für den Mürbeteig:",
        "The minister said:",
    ],
)
def test_story_lines_that_start_like_chrome_stay(line: str) -> None:
    assert not is_chrome_line(line, NOW)


def test_a_line_a_template_prints_again_and_again_is_dropped() -> None:
    disclaimer = "Letzte Aktualisierung am 2.02.2022 / Affiliate Links / Bilder von der API"
    story = ["Erster Absatz.", disclaimer, "Zweiter Absatz.", disclaimer, "Dritter.", disclaimer]
    kept = remove_chrome(story, ChromeContext(NOW))
    assert kept == ["Erster Absatz.", "Zweiter Absatz.", "Dritter."]
    twice = ["Ja.", "Ein Satz, zweimal.", "Nein.", "Ein Satz, zweimal."]
    assert remove_chrome(twice, ChromeContext(NOW)) == twice
