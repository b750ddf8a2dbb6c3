from indexer.text import fold_danish, normalize, passage_sentences, split_sentences


def test_split_sentences_keeps_danish_abbreviations_inside_sentences():
    text = (
        "SSP-udvalget mødes bl.a. med politiet, jf. retsplejelovens § 115. "
        "Der deltager ca. 50 personer, f.eks. lærere og pædagoger. "
        "Mødet holdes d. 10. marts 2020 kl. 16.30 i lokale nr. 3. "
        "Se pkt. 4 i dagsordenen."
    )
    assert split_sentences(text) == [
        "SSP-udvalget mødes bl.a. med politiet, jf. retsplejelovens § 115.",
        "Der deltager ca. 50 personer, f.eks. lærere og pædagoger.",
        "Mødet holdes d. 10. marts 2020 kl. 16.30 i lokale nr. 3.",
        "Se pkt. 4 i dagsordenen.",
    ]


def test_split_sentences_breaks_after_sentence_final_abbreviation_before_capital():
    assert split_sentences("Der er skoler, klubber mv. Desuden deltager politiet.") == [
        "Der er skoler, klubber mv.",
        "Desuden deltager politiet.",
    ]


def test_split_sentences_handles_questions_quotes_and_initials():
    text = 'Hvem gør hvad? "Samarbejdet er tæt," siger Jens H. Hansen. Det virker!'
    assert split_sentences(text) == ["Hvem gør hvad?", '"Samarbejdet er tæt," siger Jens H. Hansen.', "Det virker!"]


def test_ordinal_followed_by_capital_month_does_not_split():
    assert len(split_sentences("Mødet var den 3. Marts i Faxe.")) == 1


def test_passage_sentences_treats_list_items_and_paragraphs_as_boundaries():
    text = "Opgaverne er:\n\n- Sørge for ressourcer\n- Udstikke mål\n\nUdvalget mødes to gange årligt"
    assert passage_sentences(text) == [
        "Opgaverne er:", "- Sørge for ressourcer", "- Udstikke mål", "Udvalget mødes to gange årligt",
    ]


def test_normalize_collapses_spaces_and_unifies_line_endings():
    assert normalize("Børn\u00a0 og  unge\r\nÅrhus\x07") == "Børn og unge\nÅrhus"


def test_fold_danish_maps_special_letters():
    assert fold_danish("Rådgivning for Børn og Ærø") == "raadgivning for boern og aeroe"


def test_masking_a_name_does_not_change_the_sentence_boundaries():
    from indexer.pii import PiiMatch, mask_pii

    text = "Mødet sluttede kl. 17. Jens Hansen fortalte om lokalgrupperne. Alle var enige."
    masked = mask_pii(text, [PiiMatch("name", 23, 34)])
    assert masked == "Mødet sluttede kl. 17. [navn] fortalte om lokalgrupperne. Alle var enige."
    assert len(split_sentences(masked)) == len(split_sentences(text)) == 3
