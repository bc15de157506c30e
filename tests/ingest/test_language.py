"""Language detection on short news texts of our own."""

from __future__ import annotations

import pytest

from eventwire.ingest.language import MAX_CHARS, detect_language, has_words, is_english, not_english_reason

SAMPLES = {
    "en": (
        "The foreign minister said on Tuesday that talks with the neighbouring government would "
        "continue next week, despite a long dispute over fishing rights in the northern waters."
    ),
    "de": (
        "Der Außenminister sagte am Dienstag, die Gespräche mit der Nachbarregierung würden trotz "
        "des langen Streits um die Fischereirechte in den nördlichen Gewässern nächste Woche fortgesetzt."
    ),
    "fr": (
        "Le ministre des Affaires étrangères a déclaré mardi que les discussions avec le gouvernement "
        "voisin se poursuivraient la semaine prochaine, malgré un long différend sur les droits de pêche."
    ),
    "es": (
        "El ministro de Asuntos Exteriores dijo el martes que las conversaciones con el gobierno vecino "
        "continuarán la próxima semana, pese a una larga disputa sobre los derechos de pesca."
    ),
    "ru": (
        "Министр иностранных дел заявил во вторник, что переговоры с соседним правительством "
        "продолжатся на следующей неделе, несмотря на давний спор о правах на рыболовство."
    ),
    "zh": (
        "外交部长周二表示，尽管双方在北部海域的捕鱼权问题上存在长期争议，与邻国政府的会谈将于下周继续进行。"
    ),
    "ar": (
        "قال وزير الخارجية يوم الثلاثاء إن المحادثات مع الحكومة المجاورة "
        "ستستمر الأسبوع المقبل رغم الخلاف الطويل حول حقوق الصيد."
    ),
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_detects_the_language(code: str) -> None:
    found, confidence = detect_language(SAMPLES[code])
    assert found == code
    assert 0.5 < confidence <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested three men after a car bomb exploded outside a government building in the "
        "north of the country on Saturday, killing two guards.",
        "Prime Minister hails new trade deal as exports rise for a third month in a row, "
        "officials said in a statement released late on Friday evening.",
        "Rescue teams searched through the night for survivors of the earthquake, which flattened "
        "hundreds of homes in the mountain villages.",
    ],
)
def test_short_english_news_is_english(text: str) -> None:
    assert len(text.split()) >= 20
    assert is_english(text)


@pytest.mark.parametrize("code", [c for c in SAMPLES if c != "en"])
def test_other_languages_are_not_english(code: str) -> None:
    assert not is_english(SAMPLES[code])


def test_no_letters_is_undetermined() -> None:
    assert detect_language("") == ("und", 0.0)
    assert detect_language("12:30 -- 45%") == ("und", 0.0)


def test_long_text_reads_only_a_prefix() -> None:
    assert len(" ".join([SAMPLES["en"]] * 12)) > MAX_CHARS
    text = " ".join([SAMPLES["en"]] * 12 + [SAMPLES["de"]] * 200)  # English fills the first 2,000 chars
    assert detect_language(text)[0] == "en"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister said talks failed.", True),
        ('"""""""""" .,;:!?', False),
        ("x" * 5000, False),
        ("2023 1999 42 -- 17", False),
    ],
)
def test_has_words(text: str, expected: bool) -> None:
    assert has_words(text) is expected


def test_another_script_is_refused_even_when_the_model_is_unsure() -> None:
    chinese = "中国外交部发言人周一表示中方将举行会谈"
    reason = not_english_reason(chinese, min_confidence=0.99)
    assert reason is not None and "not supported yet" in reason
    assert (
        not_english_reason("The minister said talks with Moscow failed on Monday.", min_confidence=0.9)
        is None
    )
