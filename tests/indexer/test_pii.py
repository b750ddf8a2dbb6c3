"""Personal data: CPR with date check, Danish phone numbers, e-mails, names in attendance and signatures."""

from __future__ import annotations

import pytest

from indexer.pii import PII_TYPES, PiiMatch, find_pii, mask_pii
from indexer.pipeline import read_document


def found(text: str) -> list[tuple[str, str]]:
    return [(m.type, text[m.start:m.end]) for m in find_pii(text)]


def test_api_shape_is_stable():
    assert PII_TYPES == ("cpr", "phone", "email", "name")
    assert PiiMatch("cpr", 0, 11) == PiiMatch(type="cpr", start=0, end=11)


@pytest.mark.parametrize("text, value", [
    ("Borgerens cpr-nr. er 010203-1234.", "010203-1234"),
    ("CPR 2902041234 står i sagen", "2902041234"),
])
def test_cpr_numbers_with_a_real_birth_date_are_found(text, value):
    assert found(text) == [("cpr", value)]


@pytest.mark.parametrize("text", ["Sagsnummer 320299-1234", "beløb 1234567890 kr.", "nr. 311301-4321", "dato 290200-1234"])
def test_ten_digits_without_a_valid_date_are_not_cpr(text):
    assert not [t for t, _ in found(text) if t == "cpr"]


@pytest.mark.parametrize("text, value", [
    ("Tlf.: 2325 8547", "2325 8547"), ("ring på 40 53 30 06 i dag", "40 53 30 06"),
    ("Telefon 72104500", "72104500"), ("+45 44 45 55 00", "+45 44 45 55 00"),
])
def test_danish_phone_numbers_are_found(text, value):
    assert found(text) == [("phone", value)]


@pytest.mark.parametrize("text", ["mødet d. 10-03-2020", "i perioden 2019 2020", "CVR 12345678",
                                  "sagsnr. 00.22.04-P35-2-20", "budgettet er 3.200.000 kr.", "ca. 12345678 kr"])
def test_dates_years_case_numbers_and_amounts_are_not_phone_numbers(text):
    assert found(text) == []


def test_names_in_attendance_lines_are_found():
    text = "Fraværende: Morten Haupt-Hansen, Charlotte Bergen Skov og Sanne Friis."
    assert found(text) == [("name", "Morten Haupt-Hansen"), ("name", "Charlotte Bergen Skov"), ("name", "Sanne Friis")]


def test_names_in_signature_blocks_are_found():
    text = "På vegne af SSP-Samrådet\n\n*Benny Husted\nFormand*\n\nKontakt: Jens Hansen, SSP-konsulent, jens@egeskov.dk"
    assert ("name", "Benny Husted") in found(text) and ("name", "Jens Hansen") in found(text)
    assert ("email", "jens@egeskov.dk") in found(text)


def test_names_in_running_text_and_addresses_are_not_flagged():
    assert found("Det Kriminalpræventive Råd bad VIVE om en undersøgelse i Faxe Kommune.") == []
    assert found("VIVE, Herluf Trolles Gade 11, tlf. 44 45 55 00") == [("phone", "44 45 55 00")]


def test_mask_keeps_the_type_and_can_keep_some_types():
    text = "Kontakt Benny Husted på tlf. 2325 8547 eller benny@ssp.dk."
    assert mask_pii(text) == "Kontakt [navn] på tlf. [telefon] eller [e-mail]."
    assert mask_pii(text, keep=frozenset({"name"})) == "Kontakt Benny Husted på tlf. [telefon] eller [e-mail]."


def test_seed_000_is_flagged_for_phone_numbers_e_mails_and_names(seeds_dir):
    name = "000_5b4a46eb6e528250.txt"
    text = read_document(name, (seeds_dir / name).read_bytes()).text
    types = [m.type for m in find_pii(text)]
    assert types.count("phone") == 2 and types.count("email") == 2 and "name" in types
    assert "cpr" not in types
    text = "Skriv til jens.hansen@faxe.dk, ring +45 56 20 30 40 eller 22334455. CPR 010190-1234."
    found = find_pii(text)
    assert [m.type for m in found] == ["email", "phone", "phone", "cpr"]
    assert [text[m.start:m.end] for m in found] == ["jens.hansen@faxe.dk", "+45 56 20 30 40", "22334455",
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
