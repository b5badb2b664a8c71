"""The page's own voice (statements.voice): transcripts, speeches and interviews give their speaker
a unit per sentence of their own words; news told in the reporter's voice gives no one such units.
Texts written for these tests, each rule in a few phrasings, then real pages of ../shared."""

from __future__ import annotations

import pytest

from stancemap.ingest.plaintext import extract_plaintext
from stancemap.records import PAGE_VOICE, Article
from stancemap.statements.extract import MentionResolver, extract_article
from stancemap.statements.voice import find_voice

from conftest import shared_path, unreserved_conflict_news


def mention_only(doc, article):
    return MentionResolver()


def units(nlp, body: str, title: str | None = None) -> list[tuple[str, str]]:
    article = Article(body=body, title=title)
    return [(s.speaker, s.sentence) for s in extract_article(article, nlp, resolver_factory=mention_only)]


def voiced(nlp, body: str, title: str | None = None):
    """The statements whose speaker no cue in the sentence names: the page's voice ("Name:" labels
    at a line start are cues of their own, so a turn's first sentence may come from them)."""
    got = extract_article(Article(body=body, title=title), nlp, resolver_factory=mention_only)
    voices = {s.speaker for s in got if PAGE_VOICE in s.speaker_reason}
    return [s for s in got if s.speaker in voices]


def test_a_labelled_briefing_gives_each_answer_sentence_to_the_one_who_answers(nlp):
    body = ("Question: Will the talks resume this month?\n"
            "Maria Petrova: We expect the delegations to meet again next week. The ceasefire is holding along "
            "the whole line.\n"
            "Question: What about the prisoners?\n"
            "Maria Petrova: The exchange was completed on Sunday.")
    got = voiced(nlp, body)
    assert {s.speaker for s in got} == {"Maria Petrova"}
    assert not any("?" in s.sentence for s in got)
    for answer in ("We expect the delegations", "The ceasefire is holding", "The exchange was completed"):
        assert any(answer in s.sentence for s in got), answer


@pytest.mark.parametrize("label", ["Q", "Question", "Journalist"])
def test_an_unnamed_answer_label_takes_the_speaker_the_title_names(nlp, label):
    body = (f"{label}: Does your country recognise the new border?\n"
            "A: We have always said that the border must be agreed by both parties. Our position has not changed.")
    got = voiced(nlp, body, title="Briefing by Foreign Ministry Spokesman Jonas Lind, 4 March 2021")
    assert [s.speaker for s in got] == ["Jonas Lind", "Jonas Lind"]
    assert {s.date.value for s in got} == {"2021-03-04"}  # said on the day the title gives


def test_two_named_people_alternating_the_one_who_asks_is_the_interviewer(nlp):
    body = ("Clara Weiss: Where do the weapons come from?\n"
            "Peter Ohm: Most of them were bought abroad over the last decade. Our army relies on them.\n"
            "Clara Weiss: Is there a risk of escalation?\n"
            "Peter Ohm: We will defend our villages whatever it costs.")
    got = voiced(nlp, body)
    assert {s.speaker for s in got} == {"Peter Ohm"}
    assert len(got) == 3


@pytest.mark.parametrize("title", [
    "Speech by Foreign Minister Karl Brandt to the Bundestag on the situation in the Caucasus",
    "Statement by Karl Brandt, Minister for Foreign Affairs (10 November 2020)",
    "Foreign Minister Karl Brandt's remarks at the opening of the conference",
])
def test_a_speech_title_gives_its_speaker_every_sentence_of_a_first_person_body(nlp, title):
    body = ("The fighting has destroyed bridges, villages and roads. We have seen the use of heavy artillery. "
            "We call on both parties to return to the negotiating table. Our country stands ready to help.")
    got = voiced(nlp, body, title=title)
    assert [s.speaker for s in got] == ["Karl Brandt"] * 4


def test_an_unlabelled_interview_leaves_the_questions_to_the_interviewer(nlp):
    body = ("In an interview with the Morning Courier, Defence Minister Ana Berg spoke about the war. "
            "How do you see the talks? We want a lasting peace. We will not give up our land. "
            "What comes next? Our army will hold the line.")
    got = voiced(nlp, body)
    assert {s.speaker for s in got} == {"Ana Berg"}
    assert [s.sentence for s in got] == ["We want a lasting peace.", "We will not give up our land.",
                                         "Our army will hold the line."]


@pytest.mark.parametrize("title, body", [
    # a report about a statement quotes the first person: that is the quoted speaker's, not the page's
    ("Aliyev's statement angers Yerevan",
     'President Ilham Aliyev said on Sunday: "We will return our lands." Officials in Yerevan called the '
     'words a threat. "We will respond," a spokesman said.'),
    # an interview mentioned in passing, with no questions asked on the page
    (None, "In an interview with CNN, Ilham Aliyev said the war would end soon. Armenia rejected the claim. "
           "We have seen no sign of talks, an observer said."),
    # a colon after a name in running prose is no turn
    ("Talks stall", "The agenda was short. Lavrov: the name alone filled the room. Diplomats left early."),
])
def test_news_in_the_reporters_voice_has_no_page_voice(nlp, title, body):
    assert voiced(nlp, body, title=title) == []


# --- real pages ---------------------------------------------------------------------------------


def _page(name: str) -> Article:
    path = shared_path("data", "conflict-news", "articles", f"{name}.txt")
    return extract_plaintext(path.read_text(encoding="utf-8"), str(path))


@pytest.mark.parametrize("name, speaker, reason", [
    ("134", "Lavrov", "turn labels"),  # a press conference: opening remarks, then "Question:" / "Sergey Lavrov:"
    ("228", "Sarkissian", "questions and answers"),  # a newspaper interview, questions unlabelled
    ("028", "Maas", "the title"),  # "Speech by Foreign Minister Heiko Maas ..."
])
def test_real_transcripts_speeches_and_interviews_find_their_speaker(nlp, name, speaker, reason):
    article = _page(name)
    voice = find_voice(nlp(article.prose), article.title)
    assert voice is not None and reason in voice.reason
    assert speaker in (voice.name or "") or any(speaker in (t.who or "") for t in voice.turns)


def test_real_news_reports_have_no_page_voice(nlp):
    """The first forty unreserved conflict-news pages that are not transcripts, and forty Syria
    reports: none reads as one speaker's words."""
    transcripts = {"028", "040", "045", "047", "048", "124", "134", "135", "220", "228", "240", "274"}
    pages = [p for p in unreserved_conflict_news() if p.stem not in transcripts][:40]
    syria = sorted(shared_path("data", "syria-news", "articles").glob("*.txt"))[:40]
    articles = [extract_plaintext(p.read_text(encoding="utf-8"), str(p)) for p in pages + syria]
    fired = [a.source for a, doc in zip(articles, nlp.pipe(a.prose for a in articles))
             if find_voice(doc, a.title) is not None]
    assert fired == []


def test_a_briefings_words_are_dated_by_its_title_and_its_yesterday_counts_from_it(nlp):
    body = ("Question: Has the exchange of prisoners ended?\n"
            "Maria Petrova: Yesterday the delegations completed the exchange. We are satisfied with the result.\n"
            "Question: Will the observers stay?\n"
            "Maria Petrova: They will stay until the end of the month.")
    got = voiced(nlp, body, title="Briefing by Foreign Ministry Spokeswoman Maria Petrova, Moscow, 10 Nov.2020")
    assert len(got) >= 3 and {s.date.value for s in got} == {"2020-11-10"}
