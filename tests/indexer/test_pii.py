from indexer.pii import PII_TYPES, PiiMatch, find_pii, mask_pii


def test_finds_email_phone_and_valid_cpr_in_reading_order():
    text = "Skriv til jens.hansen@faxe.dk, ring +45 56 20 30 40 eller 12345678. CPR 010190-1234."
    found = find_pii(text)
    assert [m.type for m in found] == ["email", "phone", "phone", "cpr"]
    assert [text[m.start:m.end] for m in found] == ["jens.hansen@faxe.dk", "+45 56 20 30 40", "12345678",
                                                    "010190-1234"]


def test_cpr_with_impossible_date_and_long_numbers_are_not_personal_data():
    assert find_pii("Sag 320190-1234, journal 12345678901, år 2023, § 115") == []


def test_mask_replaces_with_danish_labels_and_keeps_allowed_types():
    text = "Kontakt jens@faxe.dk eller 56 20 30 40, cpr 0101901234."
    assert mask_pii(text) == "Kontakt [e-mail] eller [telefon], cpr [cpr]."
    assert mask_pii(text, keep=frozenset({"email"})) == "Kontakt jens@faxe.dk eller [telefon], cpr [cpr]."


def test_mask_uses_given_matches_and_the_agreed_types():
    assert mask_pii("Jens Hansen var fraværende", [PiiMatch("name", 0, 11)]) == "[navn] var fraværende"
    assert PII_TYPES == ("cpr", "phone", "email", "name")
