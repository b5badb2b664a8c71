"""The scraped-text-dump extractor: every `article:` field of the seed gold, two pages of our own
in the same format with different furniture, and property tests on messy input."""

from __future__ import annotations

import re
import textwrap
from datetime import date

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, shared_path
from stancemap.ingest.page_dates import complete_year, evidence_dates, infer_year, parse_date
from stancemap.ingest.textdump import clean_inline, extract_textdump, looks_like_textdump

DATA = REPO / "tests" / "data"


def _gold_article() -> tuple[dict, str]:
    gold_file = shared_path("gold", "seed.yaml")
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    source = (gold_file.parent / gold["source"]).resolve()
    return gold["article"], source.read_text(encoding="utf-8")


def _prose_sentences(raw: str) -> set[str]:
    """Sentences of the raw page's long lines, markup removed: where legitimate body words come from."""
    out = set()
    for line in raw.splitlines():
        cleaned = clean_inline(line)
        if len(cleaned.split()) >= 12:
            out.update(s.strip() for s in re.split(r"(?<=[.!?\"])\s+", cleaned))
    return out


def test_seed_every_gold_article_field():
    expected, raw = _gold_article()
    article = extract_textdump(raw, source="seed")
    checked = set()
    for key, value in expected.items():
        checked.add(key)
        if key == "body_starts_with":
            assert article.body.startswith(value)
        elif key == "body_ends_with":
            assert article.body.endswith(value)
        elif key == "boilerplate_absent":
            prose = _prose_sentences(raw)
            for needle in value:
                # A furniture word may also be an ordinary word of the article ("Khamenei's views"):
                # then every sentence holding it must be a long sentence of the page's own prose.
                for sentence in re.split(r"(?<=[.!?\"])\s+", article.body):
                    if needle in sentence:
                        assert sentence.strip() in prose and len(sentence.split()) >= 8, (needle, sentence)
        else:
            assert getattr(article, key) == value, key
    assert {"title", "published", "publisher", "url", "views", "tags"} <= checked


def test_seed_body_has_no_markup_or_furniture():
    _, raw = _gold_article()
    body = extract_textdump(raw).body
    for marker in ("**", "](", "(<http", "upload2/", "share.php", "👁", "🕒", "📌", "←", "→", "Ещё"):
        assert marker not in body
    # Link markup is removed without leaving a space before the comma that followed it.
    assert "Strategic Studies, the Islamic regime" in body
    assert body.count("\n\n") == 5  # six paragraphs, as on the page


def test_own_page_with_byline_hashtags_and_inline_read_also():
    article = extract_textdump((DATA / "textdump_baltic.txt").read_text(encoding="utf-8"))
    assert article.title == "Poland and Lithuania pledge joint response to gas supply cuts"  # not the "Menu" above it
    assert article.published == "2021-03-03T17:45"  # year from the dated image path and share URL
    assert article.publisher == "Baltic Courier"  # from the share text "Title — Baltic Courier"
    assert article.url == "https://balticcourier.example/energy/2021/03/03/poland-lithuania-gas-pledge/"
    assert article.authors == ["Anna Kowalska"]
    assert article.original_source == "Energy Policy Review"
    assert article.original_url == "https://energypolicyreview.example/analysis/baltic-interconnectors/"
    assert article.cited_authors == ["John Carter", "Maria Lopez"]
    assert article.views == 12450
    assert article.tags == ["Energy", "Gas", "Poland", "Lithuania"]
    assert article.body.startswith("Warsaw and Vilnius agreed on Wednesday")
    # "Read also" inside the article is dropped, the paragraph after it is kept.
    assert article.body.endswith("would be reviewed after the winter.")
    for furniture in ("Read also", "Latvia opens", "Photo:", "Menu", "Follow us", "©", "Estonia", "**"):
        assert furniture not in article.body


def test_own_page_without_emoji_furniture():
    article = extract_textdump((DATA / "textdump_portal.txt").read_text(encoding="utf-8"))
    assert article.title == "Parliament speaker calls snap vote on electoral reform"
    assert article.published == "2019-10-03T09:15"  # "Oct 3, 09:15"; year from /images/2019/10/
    assert article.publisher == "NewsPortal"  # footer line naming the share links' domain
    assert article.url == "https://newsportal.example/politics/4821-speaker-snap-vote"
    assert article.original_source is None and article.cited_authors == []
    assert article.views == 1200  # "1.2K views"
    assert article.tags == ["Politics", "Elections"]
    assert article.body.startswith("Parliament Speaker Elena Marin announced on Thursday")
    assert article.body.endswith("recommendations of the Venice Commission.")
    for furniture in ("Related articles", "Coalition partners", "Subscribe", "reproduced", "1.2K", "#Politics"):
        assert furniture not in article.body


def test_own_page_with_breadcrumbs_inline_links_and_comment_counter():
    article = extract_textdump((DATA / "textdump_breadcrumbs.txt").read_text(encoding="utf-8"))
    assert article.title == "Armenian PM says Russia-brokered truce is 'last chance' for diplomacy"
    assert article.published == "2020-10-12T15:42"  # the first of "published | updated"
    assert article.authors == ["Lilit Sargsyan"]  # ", staff reporter" is a role, not a name
    assert article.publisher == "Example News Armenia"  # copyright line naming the share links' domain
    assert article.url == "https://examplenews.am/world/caucasus/pashinyan-last-chance/"
    assert article.original_source is None  # a link to a source document is not a republication
    assert article.links == ["https://www.primeminister.am/en/press-release/item/2020/10/12/"]
    assert article.body.startswith("Armenian Prime Minister Nikol Pashinyan said on Monday")
    assert "according to a statement published by his office." in article.body
    assert article.body.endswith("a claim Yerevan denied.")
    for furniture in ("Home", "Search", "Photo:", "Read more", "Comments", "Share", "Related", "Ganja hit", "©", "##"):
        assert furniture not in article.body


def test_furniture_moved_around_the_seed_page_still_gives_the_same_fields():
    expected, raw = _gold_article()
    # The view counter on the dateline, the share buttons above the body, no year anywhere but the URL.
    shares = "\n".join(line for line in raw.splitlines() if line.startswith("(") and "url=" in line or "text=" in line)
    moved = raw.replace("👁 3690 views", "").replace(shares, "")
    moved = moved.replace("🕒 18 Oct in 8:00", "🕒 18 Oct in 8:00 👁 3690\n\n" + shares)
    article = extract_textdump(moved)
    for key in ("title", "published", "publisher", "url", "views", "tags", "original_source", "cited_authors"):
        assert getattr(article, key) == expected[key], key
    assert article.body.startswith(expected["body_starts_with"]) and article.body.endswith(expected["body_ends_with"])


def test_hard_wrapped_dump_gives_the_same_article():
    """Some scrapers wrap text at a fixed width: paragraphs are re-joined before reading."""
    _, raw = _gold_article()
    wrapped = []
    for line in raw.splitlines():
        if len(line.split()) >= 12 and not line.startswith(("(", "[")):
            wrapped.extend(textwrap.wrap(line, 72, break_long_words=False, break_on_hyphens=False))
        else:
            wrapped.append(line)
    assert len(wrapped) > len(raw.splitlines()) + 20
    original, rewrapped = extract_textdump(raw), extract_textdump("\n".join(wrapped))
    assert rewrapped.to_dict() | {"raw_text": None} == original.to_dict() | {"raw_text": None}


def test_without_a_dateline_the_dated_canonical_url_gives_the_day():
    page = (DATA / "textdump_baltic.txt").read_text(encoding="utf-8").replace("📅 3 March, 17:45 ✍ Anna Kowalska", "")
    assert extract_textdump(page).published == "2021-03-03"
    _, raw = _gold_article()
    assert extract_textdump(raw.replace("🕒 18 Oct in 8:00", "")).published is None  # no date in that URL: unknown


def test_format_is_recognised_only_with_furniture():
    assert looks_like_textdump((DATA / "textdump_portal.txt").read_text(encoding="utf-8"))
    plain = "A title\n\nOne plain paragraph of an article, with a quote: \"we will talk\", he said.\n"
    assert not looks_like_textdump(plain)


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("18 Oct in 8:00", (None, 10, 18, 8, 0)),
        ("October 18, 2020 8:05 PM", (2020, 10, 18, 20, 5)),
        ("Sunday, 18 October 2020", (2020, 10, 18, None, None)),
        ("18.10.2020 08:00", (2020, 10, 18, 8, 0)),
        ("2020-10-18T08:00", (2020, 10, 18, 8, 0)),
        ("14:25, 3 Nov", (None, 11, 3, 14, 25)),
        ("Oct. 3", (None, 10, 3, None, None)),
    ],
)
def test_parse_date_forms(text, expected):
    d = parse_date(text)
    assert (d.year, d.month, d.day, d.hour, d.minute) == expected


def test_missing_year_comes_from_page_evidence_never_from_today():
    page = "🕒 2 Jan in 10:00\n(upload/2019-12-30/photo.jpg)\n"
    filled = complete_year(parse_date("2 Jan in 10:00"), page)
    assert filled.iso() == "2020-01-02T10:00"  # just after the upload date, across the new year
    assert complete_year(parse_date("2 Jan in 10:00"), "no dated paths here").iso() is None


@given(
    st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31)),
    st.integers(min_value=-60, max_value=60),
)
def test_year_inference_recovers_the_year_from_a_nearby_upload(published, offset):
    evidence_day = date.fromordinal(published.toordinal() + offset)
    assert infer_year(published.month, published.day, [evidence_day]) == published.year


@given(st.text(max_size=300))
def test_parse_date_never_crashes_and_gives_valid_dates(text):
    d = parse_date(text)
    if d is not None:
        assert 1 <= d.month <= 12 and 1 <= d.day <= 31
        if d.year is not None:
            date(d.year, d.month, d.day)
        if d.hour is not None:
            assert 0 <= d.hour <= 23 and 0 <= d.minute <= 59


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_evidence_dates_are_real_dates(text):
    for d in evidence_dates(text):
        assert 1900 <= d.year <= 2099


# --- the parser on messy input -----------------------------------------------------------------

_TEMPLATES = [
    "👁 {n} views",
    "🕒 {d} Oct in 8:{m:02d}",
    "(upload2/2020-10-{d:02d}/{n}.jpg)",
    "[Tag {n} \\(/tags/Tag {n}\\)](/tags/Tag%20{n}/)",
    "(<https://vk.com/share.php?url=https%3A%2F%2Fsite.example%2Fa{n}.html&title=Some%20Title>",
    "← previous",
    "later →",
    "Subscribe (<https://t.me/site{n}>)",
    "**bold {n}** text",
    "*",
    "[](#)",
    "(",
    "https://",
]
_FURNITURE = st.sampled_from(_TEMPLATES)
_PROSE = st.sampled_from(
    [
        "The minister said on Monday that talks would resume next week in the capital of the country.",
        "Officials from both sides accused each other of violating the truce along the line of contact.",
        "\"We are ready for negotiations,\" the spokesman told reporters after the meeting in Geneva.",
    ]
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(_FURNITURE, _PROSE, st.text(max_size=80)), min_size=0, max_size=25),
    st.integers(min_value=1, max_value=28),
    st.integers(min_value=0, max_value=59),
    st.integers(min_value=0, max_value=99999),
)
def test_textdump_parser_on_shuffled_furniture(parts, day, minute, n):
    lines = [p.format(n=n, d=day, m=minute) if p in _TEMPLATES else p for p in parts]
    page = "\n\n".join(["Some headline about talks", *lines])
    article = extract_textdump(page, source="generated")
    # Invariants: no markup survives, the body only holds words of the page, dates are ISO or absent.
    assert "(<http" not in article.body and "share.php" not in article.body and "👁" not in article.body
    assert "**" not in article.body
    # words as runs of letters and digits: "_0_" is markup (emphasis) around the word "0"
    page_words = set(re.findall(r"[^\W_]+", page))
    assert set(re.findall(r"[^\W_]+", article.body)) <= page_words
    if article.published:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?", article.published)
    if article.views is not None:
        assert article.views >= 0


def test_paragraphs_one_per_line_are_not_joined():
    first = "The envoy said on Monday that the talks in Geneva would resume next week after a pause of two months, " * 2
    second = "Officials of both delegations confirmed the date but said the agenda had not yet been agreed by everyone, " * 2
    page = f"Talks to resume\n\n🕒 3 Nov in 10:00\n\n{first.strip()}\n{second.strip()}\n\n👁 12 views\n"
    assert extract_textdump(page).body == f"{first.strip()}\n\n{second.strip()}"


def test_emphasis_marks_around_a_word_are_markup():
    """The case hypothesis found: "_0_" between two paragraphs is the word 0, emphasised."""
    prose = "The minister said on Monday that talks would resume next week in the capital of the country."
    article = extract_textdump(f"Some headline about talks\n\n{prose}\n\n_0_\n\n{prose}", source="generated")
    assert "_" not in article.body and article.body.startswith(prose)
