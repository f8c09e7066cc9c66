"""Lineage pass 33: the "made from" phrases of Arabic, Turkish and Vietnamese cards. English "a fine-tuned version
of [X](url)", "based on", "built on" name X; their Arabic twins ("نسخة مضبوطة بدقة من [X](url)", "مبني على",
"يعتمد هذا النموذج على", "بناءً على", "انطلاقاً من"), the Vietnamese "phiên bản tinh chỉnh của [X](url)" (a fine-tuned
version of) and the Turkish verb-last "[X](url) modelinin ince ayarlı bir versiyonudur" / "[X](url) üzerinde ince
ayar yapılarak" named nothing (only "Mô hình này được tinh chỉnh từ" and "temel alınarak" were read). A dataset link,
a page off the Hub, "fine-tuned on" data and a clause broken before the link still name none. Lines written for the
tests."""

from __future__ import annotations

import pytest

from auditor.card import parse_card

LINK = "[acme/Acme-7B-Instruct](https://huggingface.co/acme/Acme-7B-Instruct)"
DATA = "[acme/arabic-chat](https://huggingface.co/datasets/acme/arabic-chat)"


def _stated(line: str) -> list[str]:
    card = f"# acme-chat-ar\n\n## Model\n\n{line}\n"
    return [st.as_written for st in parse_card(card).statements if st.kind == "base-stated"]


@pytest.mark.parametrize("line", [
    # Arabic: a fine-tuned / trained / modified version of
    f"هذا النموذج هو نسخة مضبوطة بدقة من {LINK} على بيانات المحادثة العربية.",
    f"النموذج نسخة مدربة من {LINK} باستخدام LoRA.",
    # Arabic: based on, built on
    f"هذا النموذج مبني على {LINK} مع تدريب إضافي.",
    f"نموذج محادثة قائم على {LINK}.",
    f"يعتمد هذا النموذج على {LINK} وتم تدريبه على نصوص قانونية.",
    f"تم تطوير النموذج بناءً على {LINK}.",
    f"دربنا النموذج انطلاقاً من {LINK} لمدة ثلاث حقب.",
    # Vietnamese: a fine-tuned version of
    f"Đây là phiên bản tinh chỉnh của {LINK} trên dữ liệu tiếng Việt.",
    f"Mô hình là phiên bản đã được fine-tune của {LINK} cho hỏi đáp pháp luật.",
    f"Mô hình được huấn luyện thêm từ {LINK} với 2 tỷ token.",
    # Turkish, the verb last: a fine-tuned version of the model, by fine-tuning on
    f"Bu model, {LINK} modelinin ince ayarlı bir versiyonudur.",
    f"Bu model {LINK} modelinin ince ayar yapılmış sürümüdür.",
    f"Bu model {LINK} üzerinde Türkçe veri ile ince ayar yapılarak elde edilmiştir.",
])
def test_the_phrase_names_the_linked_base(line: str) -> None:
    assert _stated(line) == ["acme/Acme-7B-Instruct"]


@pytest.mark.parametrize("line", [
    # the link after the phrase is a dataset's, not a model's
    f"هذا النموذج مبني على بيانات {DATA}.",
    # a page off the Hub (a paper) is no repository
    "النموذج قائم على [بنية المحولات](https://arxiv.org/abs/1706.03762).",
    # "fine-tuned on" is the data it was tuned on, not its base
    f"النموذج مضبوط بدقة على {DATA}.",
    # the clause ends before the link
    f"Đây là phiên bản tinh chỉnh của mô hình gốc. Xem thêm {LINK}.",
    # a fine-tuned classifier of the writer's, no link after the phrase (the Turkish adjective alone)
    "BERTurk tabanlı ince ayarlı sınıflandırıcı, ayrıntılar için rapora bakın.",
])
def test_near_misses_name_no_base(line: str) -> None:
    assert _stated(line) == []


def test_an_arabic_card_without_base_model_gets_its_base_from_the_prose() -> None:
    card = ("---\nlicense: apache-2.0\nlanguage:\n- ar\n---\n\n# نموذج المحادثة\n\n"
            f"هذا النموذج هو نسخة مضبوطة بدقة من {LINK} على بيانات {DATA}.\n\n"
            "## الاستخدام\n\nيمكن استخدام النموذج مع مكتبة transformers.\n")
    stated = [st for st in parse_card(card).statements if st.kind == "base-stated"]
    assert [st.as_written for st in stated] == ["acme/Acme-7B-Instruct"]
