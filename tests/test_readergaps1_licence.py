"""Chinese licence headings, labels and sentences, and the contact for a commercial licence (readergaps1, class 1).

A card written only in Chinese states its terms under "## 协议" or "## 开源协议", names a "模型社区许可协议" by a link,
and says where to ask for commercial use in Chinese; the English readers saw none of it, so the review said the card
declared no licence section and named no contact. Bilingual cards must keep reading the English name.
"""

from __future__ import annotations

import pytest

from auditor.card import _contact_stated, _license_section, _section_sentence, card_statements

URL = "https://example.org/terms.pdf"


def _kinds(body: str, kind: str) -> list[tuple[str, int, tuple[str, ...]]]:
    return [(st.as_written, st.line, st.roles) for st in card_statements(body) if st.kind == kind]


@pytest.mark.parametrize("heading", ["## 协议", "## 开源协议", "### 使用协议", "## 模型许可协议", "## 社区许可协议",
                                     "## 开源许可证", "## 許可證", "# 协议（License Agreement）"])
def test_chinese_licence_heading_is_a_licence_section(heading: str) -> None:
    found = _license_section(heading, 4)
    assert found is not None and found.kind == "license-section" and found.line == 4


@pytest.mark.parametrize("heading", ["## 通信协议", "## 协议栈设计", "## 模型结构", "## 声明"])
def test_a_protocol_heading_is_no_licence_section(heading: str) -> None:
    assert _license_section(heading, 4) is None


@pytest.mark.parametrize("label", ["许可证：Apache-2.0", "- **协议**: MIT", "开源协议: Apache-2.0"])
def test_chinese_licence_label_line(label: str) -> None:
    body = f"# 某模型\n\n{label}\n"
    stated = _kinds(body, "license-stated")
    assert stated and stated[0][0].endswith(("Apache-2.0", "MIT"))
    assert _kinds(body, "license-section")


def test_chinese_sentence_linking_one_licence_is_the_licence() -> None:
    body = f"# 某模型\n\n开发者使用本模型需要遵循[《某某模型社区许可协议》]({URL})。\n"
    assert _kinds(body, "license-stated") == [("某某模型社区许可协议", 3, ())]


def test_chinese_sentence_linking_two_licences_says_none() -> None:
    body = f"# 某模型\n\n使用本模型需要遵循 [Apache 2.0]({URL}) 和[《某某模型许可协议》]({URL}x)。\n"
    assert _kinds(body, "license-stated") == []


def test_chinese_section_link_names_the_licence() -> None:
    body = f"# 某模型\n\n## 开源协议\n\n详见[某某使用协议]({URL})。\n"
    assert _kinds(body, "license-stated") == [("某某使用协议", 5, ())]
    assert _kinds(body, "license-section") == [("开源协议", 3, ())]


def test_bilingual_section_keeps_the_english_name() -> None:
    body = (f"# X\n\n## 协议（License）\n\n使用需阅读[《某某社区许可协议》]({URL})。\n\n"
            f"Use requires the [Acme Community License]({URL}2).\n")
    assert [name for name, _, _ in _kinds(body, "license-stated")] == ["Acme Community License"]


@pytest.mark.parametrize(("line", "name"), [
    ("本模型采用 Apache-2.0 协议", "Apache-2.0 协议"),
    ("模型权重遵循《某某模型许可协议》。", "某某模型许可协议"),
])
def test_chinese_section_sentence_without_link(line: str, name: str) -> None:
    found = _section_sentence(line, 9)
    assert found is not None and found.as_written == name


def test_base_model_licence_sentence_is_not_this_models() -> None:
    assert _section_sentence("基座模型遵循《某某模型许可协议》。", 9) is None


@pytest.mark.parametrize(("line", "address"), [
    ("如需商用，请发送邮件至 biz@example.com 申请授权。", "biz@example.com"),
    ("商用需要申请，请发送邮件至biz@example.com。", "biz@example.com"),
    ("商业使用需提前申请。申请请联系 biz@example.com", "biz@example.com"),
    ("Please contact sales@example.com for commercial use.", "sales@example.com"),
    ("Contact licensing@example.org for a commercial license of the weights.", "licensing@example.org"),
    ("For commercial use, e-mail us at team@example.ai.", "team@example.ai"),
])
def test_commercial_contact_address(line: str, address: str) -> None:
    found = _contact_stated(line, 3)
    assert found is not None and found.as_written == address and found.roles == ("commercial",)


@pytest.mark.parametrize("line", [
    "本模型非商用，学术问题请发送邮件至 a@example.com",
    "本模型支持商业用途，无需再次申请，详情见邮件 a@example.com",
    f"商用请阅读并遵守[《某某模型许可协议》]({URL})，如有问题请联系我们。",
    "Questions? contact a@example.com. The model is free for research.",
])
def test_no_commercial_contact(line: str) -> None:
    assert _contact_stated(line, 3) is None
