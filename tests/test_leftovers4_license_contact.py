"""A licence applied for by e-mail is the commercial-licence contact even without the word "commercial" or 商用 in
its sentence (issue 19 leftovers, item 7: Baichuan 2's Chinese section gives the address in the sentence before the
one that says 商用)."""

from __future__ import annotations

from auditor.card import parse_card


def _contacts(body: str) -> list[tuple[str, tuple[str, ...]]]:
    card = parse_card("---\nlicense: other\n---\n" + body + "\n")
    return [(st.as_written, st.roles) for st in card.statements if st.kind == "contact-stated"]


def test_an_application_for_the_licence_by_email_is_the_contact() -> None:
    for line in ("您需要通过以下联系邮箱 apply@acme.example ，提交《Acme 模型许可协议》要求的申请材料。",
                 "如需获得授权，请发送邮件至 apply@acme.example 申请。",
                 "使用本模型需要申请许可，请联系 apply@acme.example。",
                 "To obtain a license, apply via email to apply@acme.example.",
                 "Users must request authorization by writing to apply@acme.example"):
        assert _contacts(line) == [("apply@acme.example", ("commercial",))], line


def test_the_address_in_the_sentence_before_the_commercial_one_is_read() -> None:
    line = ("满足以上条件后，您需要通过邮箱 apply@acme.example 提交《Acme 许可协议》要求的申请材料。"
            "审核通过后，Acme 将授予您商用版权许可。")
    assert _contacts(line) == [("apply@acme.example", ("commercial",))]


def test_an_address_for_other_questions_or_no_application_is_no_licence_contact() -> None:
    assert _contacts("For questions about the model, email us at hi@acme.example.") == []
    assert _contacts("请发送邮件至 hi@acme.example 反馈问题。") == []
    assert _contacts("This model is under the MIT license. Email hi@acme.example with questions.") == []
    assert _contacts("无需申请许可，如有问题请邮件 hi@acme.example。") == []
