# ruff: noqa: E501  (article text, one paragraph per line)
"""The seed's two articles (shared/seeds/example-articles.txt), as extracted Articles.

The first is a finished article stamped "Updated 16 June 2023"; the second a live
story ("Updated 3 sec ago") whose toll, quotes and paragraphs move between versions.
"""

from __future__ import annotations

from datetime import UTC, datetime

from revtrack.article import Article

BLINKEN = Article(
    url="https://example.com/world/blinken-beijing",
    headline="Blinken heads to Beijing hoping to calm fears of a US-China break",
    dek=(
        "Antony Blinken’s visit could set the stage for a flurry of other diplomatic engagements including a meeting between Chinese president Xi Jinping and US president Joe Biden later in the year. (Reuters)"
    ),
    updated=datetime(2023, 6, 16, 9, 0, tzinfo=UTC),
    updated_text="Updated 16 June 2023",
    highlights=(
        "US Secretary of State to hold meetings on June 18-19 and may meet with president Xi Jinping",
        "Chinese Foreign Minister Qin Gang earlier told the US to stop meddling in China’s affairs",
    ),
    paragraphs=(
        "WASHINGTON: US Secretary of State Antony Blinken flies to Beijing this weekend with expectations low that he will make headway on the long list of disputes between the US and China. But he and his Chinese counterparts can achieve at least one thing, say analysts — show that the world’s most important bilateral relationship is not about to fall off the rails.",
        "Blinken will hold meetings in China on June 18-19 and may meet with Chinese President Xi Jinping, sources said. He will be the highest-ranking US government official to visit China since Biden took office in January 2021.",
        "In a pre-trip briefing on Wednesday, US officials said they have no expectation the trip will yield a breakthrough in how the US and China deal with each other. That followed a tense evening phone call with Blinken on Tuesday during which Chinese Foreign Minister Qin Gang told the US to stop meddling in China’s affairs.",
        "The visit, which could set the stage for a flurry of other diplomatic engagements including a meeting between Xi and US President Joe Biden later in the year, would show that the two rivals have not given up on diplomacy.",
        "“Both sides want to show the rest of the world that they are managing the relationship responsibly,” said Andrew Small, a senior fellow at the German Marshall Fund’s Asia program.",
        "“For China, the most important audience is the global south. For the US, it’s partners and allies. So even going through the motions has some utility for both Washington and Beijing.”",
        "Bilateral ties have deteriorated across the board, raising concerns that their rivalry could veer into conflict over Taiwan, which China claims as its own. The two are also at odds over issues ranging from trade and microchips to human rights.",
        "Particularly worrisome for China’s neighbors has been its reluctance to allow regular military-to-military talks between Beijing and Washington, despite repeated US attempts. US officials said on Wednesday that setting up crisis communication channels to reduce risk was a top priority.",
        "“Anything that would lead to greater cooperation, greater dialogue and a lessening of tensions between Beijing and Washington is to be welcomed,” UN spokesperson Stephane Dujarric told reporters on Wednesday.",
        "While Blinken’s main goal will be “candid, direct and constructive” discussions, the US officials said, breakthroughs are not likely on any major issues, including the flow of fentanyl precursors and Americans detained in China.",
        "A meeting on the sidelines of a G20 summit last November in Bali briefly eased fears of a new Cold War, but following the dispute over an alleged Chinese spy balloon in February, high-level communication between the countries has been rare.",
        "Beijing, frustrated by what it sees as the Biden administration’s weaponization of economic policies, has sought to expand ties with countries in Europe, the Middle East and Africa. Xi has recently received several European leaders including French President Emanuel Macron and made a diplomatic push to court others, including US ally Saudi Arabia.",
        "US officials expect Blinken’s visit will pave the way for more bilateral meetings in the coming months, including possible trips by US Treasury Secretary Janet Yellen and Commerce Secretary Gina Raimondo.",
        "“Beijing agreed to the visit because it seems to be the one thing that is blocking many other things, such as working-level dialogues and the visits by other cabinet members,” said Yun Sun, director of the China Program at the Stimson Center think tank in Washington.",
        "Those meetings could lead to one between the countries’ leaders when they attend a September G20 meeting in India and the November Asia-Pacific Economic Cooperation (APEC) summit in San Francisco.",
        "“Xi does want to come to San Francisco,” said Sun. “(Aside from) APEC, he also wants a bilateral with Biden. That means the groundwork must be paved starting from now.”",
    ),
)

KYIV = Article(
    url="https://example.com/world/russian-strikes-kyiv",
    headline="Russian strikes kill 1 as US and Ukraine officials wrap up third day of diplomatic talks",
    updated=datetime(2025, 12, 7, 9, 0, tzinfo=UTC),
    updated_text="Updated 3 sec ago",
    paragraphs=(
        "KYIV: Russian missile and drone attacks overnight into Sunday killed at least one person in Ukraine, after US and Ukrainian officials wrapped up a third day of talks aimed at ending the war.",
        "A man was killed in a drone attack on Ukraine’s northern Chernihiv region Saturday night, local officials said, while a combined missile and drone attack on infrastructure in the central city of Kremenchuk caused power and water outages. Kremenchuk is home to one of Ukraine’s biggest oil refineries and is an industrial hub.",
        "Kyiv and its Western allies say Russia is trying to cripple the Ukrainian power grid and deny civilians access to heat, light and running water for a fourth consecutive winter, in what Ukrainian officials call “weaponizing” the cold.",
        "The latest round of attacks came as Ukrainian President Volodymyr Zelensky said Saturday evening he had a “substantive phone call” with American officials engaged in talks with a Ukrainian delegation in Florida. He said he had been given an update over the phone by US and Ukrainian officials at the talks.",
        "“Ukraine is determined to keep working in good faith with the American side to genuinely achieve peace,” Zelensky wrote on social media.",
        "Speaking Saturday at the Reagan National Defense Forum, US President Donald Trump’s outgoing Ukraine envoy, Keith Kellogg, said efforts to end the war were in “the last 10 meters.”",
        "He said a deal depended on the two outstanding issues of “terrain, primarily the Donbas,” and the Zaporizhzhia Nuclear Power Plant.",
        "Russia controls most of Donbas, its name for Donetsk and neighboring Luhansk, which, along with two southern regions, it illegally annexed three years ago. The Zaporizhzhia Nuclear Power Plant is in an area that has been under Russian control since early in Moscow’s invasion of Ukraine and is not in service, but it needs reliable power to cool its six shutdown reactors and spent fuel, to avoid any catastrophic nuclear incidents.",
        "Kellogg is due to leave his post in January and was not present at the talks in Florida.",
        "Separately, officials said the leaders of the United Kingdom, France and Germany would participate in a meeting with Zelensky in London on Monday.",
        "Meanwhile, Kremlin spokesman Dmitry Peskov welcomed the Trump administration’s new national security strategy. In comments published Sunday by Russian state news agency RIA Novosti, he said the strategy was “encouraging.”",
        "“There are statements there against confrontation and in favor of dialogue and building good relations,” he said.",
        "The document released Friday by the White House makes clear that the US wants to improve its relationship with Russia after years of Moscow being treated as a global pariah and that ending the war is a core US interest to “reestablish strategic stability with Russia.”",
    ),
)
