from recommendations.word_diff import word_diff


def test_it_marks_only_the_words_that_changed():
    before, after = word_diff("The MPS will report in June.", "The MPS reported in July.")
    assert before == (
        'The MPS <del class="app-diff"><span class="govuk-visually-hidden">removed: </span>'
        "will report</del> in "
        '<del class="app-diff"><span class="govuk-visually-hidden">removed: </span>June.</del>'
    )
    assert after == (
        'The MPS <ins class="app-diff"><span class="govuk-visually-hidden">added: </span>'
        "reported</ins> in "
        '<ins class="app-diff"><span class="govuk-visually-hidden">added: </span>July.</ins>'
    )


def test_unchanged_text_has_no_marks():
    assert word_diff("Same words", "Same words") == ("Same words", "Same words")


def test_it_keeps_line_breaks_and_escapes_markup():
    before, after = word_diff("One\n\n<b>two</b>", "One\n\n<b>three</b>")
    assert before.startswith("One\n\n<del")
    assert "&lt;b&gt;two&lt;/b&gt;" in before
    assert "<b>" not in after


def test_text_added_to_nothing_is_all_marked():
    before, after = word_diff("", "New words")
    assert before == ""
    assert after.count("<ins") == 1 and "New words</ins>" in after
