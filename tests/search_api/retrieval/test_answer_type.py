"""Answer types: what a Danish question asks for, and which sentences hold it."""

from __future__ import annotations

import pytest

from search_api.retrieval.answer_type import AnswerType, asking_words, expected, holds, passage_holds


def kinds(question: str) -> list[str]:
    return [t.kind for t in expected(question)]


@pytest.mark.parametrize(("question", "kind"), [
    ("Hvor mange SSP-lokalgrupper har Egeskov Kommune?", "count"),
    ("I hvor stor en andel af kommunerne er der SSP-lærere på skolerne?", "share"),
    ("Hvor mange procent af kommunerne holder bekymringssamtaler?", "share"),
    ("Hvad koster det at starte et nyt hold natteravne?", "amount"),
    ("Hvor stort er det årlige SSP-budget i Søhavn Kommune?", "amount"),
    ("Hvor ofte mødes SSP-udvalget?", "frequency"),
    ("Hvornår blev strategien vedtaget?", "time"),
    ("Hvilke åbningstider har den åbne rådgivning?", "hours"),
    ("Hvilken aldersgruppe så VIVE på?", "age"),
    ("Hvor længe har SSP tilbudt konfliktmægling?", "duration"),
    ("Hvor meget er kriminaliteten faldet siden 2020?", "count"),
    # The everyday synonyms of the question words above.
    ("Hvor tit samles de lokale SSP-grupper?", "frequency"),
    ("Hvor hyppigt holdes der bekymringssamtaler?", "frequency"),
    ("På hvilke tidspunkter er natteravnene på gaden?", "hours"),
    ("Hvor lang tid varer et forbedringsforløb?", "duration"),
    ("Hvor meget tid bruger mentorerne med hver ung?", "duration"),  # a duration, not any number
    ("Hvor stor er koordinationsgruppens pulje til lokale initiativer?", "amount"),
    ("Hvad får mentorerne i timeløn?", "amount"),  # "hvad får" + a money word
    ("Hvad bruger man af penge på mentorer til unge?", "amount"),
    ("Hvad afsætter kommunerne af kroner til natteravne?", "amount"),
])
def test_questions_ask_for_a_kind_of_answer(question, kind):
    assert kinds(question) == [kind]


@pytest.mark.parametrize(("question", "kinds_asked"), [
    # An indirect question says what the answer is about, not what kind of answer it is.
    ("Hvordan kan forældrene give deres mening til kende om, hvornår børnene må drikke til fester?", []),
    ("Hvem bestemmer, hvor mange penge natteravnene får?", []),
    # A coordinated question still asks.
    ("Hvilket organ vedtog planen, og hvornår skete det?", ["time"]),
    ("Hvem leder lokalgrupperne, og hvor ofte mødes de?", ["frequency"]),
    ("Hvornår mødes de, og hvem deltager?", ["time"]),
])
def test_only_a_direct_question_asks_for_a_kind(question, kinds_asked):
    assert kinds(question) == kinds_asked


def test_the_words_of_an_indirect_question_are_not_asking_words():
    assert asking_words("Hvordan stemmer forældrene om, hvornår børnene må drikke?") == ()
    assert asking_words("Hvem er med, og hvor ofte mødes de?") == ("hvor", "ofte")
    assert asking_words("Hvad bruger kommunerne af penge på mentorer?") == ("Hvad", "bruger")


@pytest.mark.parametrize("question", [
    "Hvem er formand for SSP-udvalget?",
    "Hvordan organiserer kommunerne deres lokalgrupper?",
    "Hvorfor regnes det uformelle netværk som en gevinst?",
    "Hvor er lokalbetjentene forankret?",
    "Hvem giver penge til natteravnene?",  # asks who, not how much
    "Hvad giver tilskuddet mulighed for?",  # what it does, not how much
])
def test_open_questions_expect_no_particular_kind(question):
    assert kinds(question) == []


@pytest.mark.parametrize("sentence", [
    "Egeskov Kommune har syv SSP-lokalgrupper, én for hvert skoledistrikt.",
    "Kløvermose har 5 lokalgrupper.",
    "Kommunen har én lokalgruppe for hele byen.",
])
def test_a_count_is_a_number_of_what_the_question_counts(sentence):
    assert holds(expected("Hvor mange lokalgrupper er der?"), sentence)


@pytest.mark.parametrize(("row", "counts"), [
    # A flattened table row counts what the cell before its number names.
    ("Færre unge sigtes | Antal sigtelser mod unge under 18 år | 212 (2021) | 10 % færre", True),
    ("Antal sigtelser | 2021", False),  # a year
    ("Sigtelser | 5. klasse", False),  # an ordinal
    ("Løn til sigtelser | 45.000 kr.", False),  # an amount
    ("Sigtelser | Politiet | Netværk i 12 af 16 klasser", False),  # a number two cells on belongs to another row
])
def test_a_table_row_counts_what_its_label_names(row, counts):
    assert holds(expected("Hvor mange sigtelser var der i 2021?"), row) is counts


@pytest.mark.parametrize("sentence", [
    "Lokalgrupperne mødes hver anden måned.",
    "I 2023 blev lokalgrupperne lagt sammen.",  # a year, not a count of lokalgrupper
    "97 procent af kommunerne har ansat en eller flere SSP-konsulenter.",
    "Tre ud af fire kommuner har nedsat SSP-lokalgrupper i skoledistrikterne.",  # a share of kommuner
    "Hver skole har en kontaktlærer i lokalgruppen.",
    "En lokalgruppe mødes på rådhuset.",  # unaccented "en" and "ingen" are too often not counts:
    "Ingen lokalgrupper mødes i juli.",  # "en elev blev kørt hjem", "ingen elever måtte drikke"
])
def test_other_numbers_or_none_are_not_a_count(sentence):
    assert not holds(expected("Hvor mange lokalgrupper er der?"), sentence)


def test_a_count_allows_words_between_the_number_and_what_it_counts():
    types = expected("Hvor mange unge nåede gadeplansteamet ud til?")
    assert holds(types, "I 2023 havde gadeplansteamet kontakt med ca. 240 forskellige unge.")


def test_a_count_of_a_hyphenated_compound_counts_its_head():
    types = expected("Hvor mange SSP-konsulenter er der i Faxe?")
    assert holds(types, "Faxe har tre SSP-konsulenter.")
    assert not holds(types, "Faxe har fire SSP-lokalgrupper.")


@pytest.mark.parametrize("sentence", [
    "I 7. klasse etablerer SSP-konsulenterne forældrenetværk.",  # "7." is a grade
    "1. Første møde. Konsulenten mødes med den unge.",  # "1." numbers a list
    "Den 14. maj deltog SSP-konsulenterne i temadagen.",  # "14." is a date
])
def test_an_ordinal_counts_nothing(sentence):
    assert not holds(expected("Hvor mange SSP-konsulenter har kommunerne ansat?"), sentence)


def test_a_year_after_a_month_is_a_date_not_a_number():
    types = expected("Hvor meget er kriminaliteten faldet?")  # any number answers "hvor meget"
    assert not holds(types, "Ørnsø Kommune · Børn og Unge · december 2023")
    assert holds(types, "Kriminaliteten er faldet med 12 procent siden december 2023.")


def test_a_count_with_a_full_stop_still_counts_where_it_ends_the_sentence_or_has_digits_after_it():
    types = expected("Hvor mange SSP-konsulenter har kommunerne ansat?")
    assert holds(types, "Kommunen har 3 SSP-konsulenter og 2 lokalbetjente.")
    assert holds(expected("Hvor meget er kriminaliteten faldet?"), "Sigtelserne faldt fra 120 til 84.")
    assert holds(expected("Hvor mange unge deltog?"), "I alt 1.240 unge deltog.")


@pytest.mark.parametrize("sentence, found", [
    ("Sagen overdrages senest tre måneder før den unges 18-års fødselsdag.", True),
    ("Forældrene får en invitation inden for 14 dage efter hændelsen.", True),
    ("Et forbedringsforløb varer tre måneder.", False),  # a duration, not a time
])
def test_a_time_relative_to_an_event_answers_hvornaar(sentence, found):
    assert holds(expected("Hvornår overdrages sagen til voksenindsatsen?"), sentence) is found


def test_a_share_counts_only_when_it_is_a_share_of_what_the_question_counts():
    types = expected("Hvor mange SSP-konsulenter er ansat i Faxe Kommune?")
    assert not holds(types, "97 procent af kommunerne har ansat en eller flere SSP-konsulenter.")
    assert not holds(types, "87 % af kommunerne har mindst én fuldtidsansat SSP-konsulent.")
    counted = expected("Hvor mange lokalbetjente deltager?")
    assert holds(counted, "62 procent af lokalbetjentene deltager.")
    assert holds(counted, "Halvdelen af de adspurgte lokalbetjente svarer ja.")
    assert holds(counted, "To ud af tre lokalbetjente deltager.")
    assert holds(expected("Hvor mange kommuner har nedsat lokalgrupper?"),
                 "Tre ud af fire kommuner har nedsat SSP-lokalgrupper i skoledistrikterne.")


def test_a_count_with_a_verb_after_hvor_mange_counts_the_next_content_word():
    types = expected("Hvor mange var tilmeldt hver af temaeftermiddagene?")
    assert holds(types, "Temaeftermiddagene har hver især haft ca. 50 tilmeldte.")
    assert not holds(types, "Der har været afholdt 2 temaeftermiddage.")


@pytest.mark.parametrize(("question", "yes", "no"), [
    ("Hvad koster det?", "Opstart koster ca. 18.000 kr. til jakker.", "Opstarten er dyr."),
    ("Hvor stort er budgettet?", "SSP-budgettet udgør 3,2 mio. kr. om året.", "Budgettet er stort."),
    ("Hvor stor en andel svarede?", "88 procent af konsulenterne svarede.", "Mange konsulenter svarede."),
    ("Hvad koster kurset?", "Kurset koster DKK 1.500 pr. deltager.", "Kurset er gratis for lærere."),
    ("Hvor ofte mødes gruppen?", "Gruppen mødes efter behov.", "Gruppen mødes på skolen."),
    ("Hvornår starter indsatsen?", "Indsatsen starter i foråret.", "Indsatsen starter snart."),
    ("Hvor ofte mødes udvalget?", "Udvalget mødes fire gange om året.", "Udvalget mødes på rådhuset."),
    ("Hvornår blev planen vedtaget?", "Planen blev vedtaget d. 30. januar 2024.", "Planen blev vedtaget af byrådet."),
    ("Hvilke åbningstider har rådgivningen?", "Der er åbent hver tirsdag kl. 15-18.", "Rådgivningen er anonym."),
    ("Hvilken aldersgruppe?", "Indsatsen er for de 10-17-årige.", "Indsatsen er for børn og unge."),
])
def test_sentences_hold_the_kind_asked_for_or_not(question, yes, no):
    types = expected(question)
    assert holds(types, yes) and not holds(types, no)


def test_a_passage_holds_the_kind_when_one_of_its_sentences_does():
    types = expected("Hvor mange lokalgrupper er der?")
    assert passage_holds(types, "Kommunen har en SSP-konsulent.\n\nDer er syv lokalgrupper, én pr. distrikt.")
    # the number and the word are in different sentences: no sentence counts lokalgrupper
    assert not passage_holds(types, "Der er syv. Lokalgrupperne mødes hver måned.")


@pytest.mark.parametrize("question, kind", [
    ("Hvad er telefonnummeret til radikaliseringskoordinatoren?", "phone"),
    ("Hvad er SSP-konsulentens e-mailadresse?", "email"),
    ("Hvilken timeløn får de unge i fritidsjob?", "amount"),
    ("Hvad var det samlede SSP-budget i 2022?", "amount"),
])
def test_contact_details_and_compound_money_words_ask_for_their_kind(question, kind):
    assert [t.kind for t in expected(question)] == [kind]


def test_phone_numbers_and_e_mail_addresses_are_recognised_in_sentences():
    phone, email = AnswerType("phone"), AnswerType("email")
    assert phone.found_in("Ring på 56 20 30 00 i dagtimerne.") and phone.found_in("Ring 114 uden for kontortid.")
    assert not phone.found_in("Der var 240 deltagere i 2023.")
    assert email.found_in("Skriv til ssp@aby.dk.") and not email.found_in("Skriv til SSP-konsulenten.")


@pytest.mark.parametrize(("question", "kind"), [
    ("Hvilke aftener kan de unge møde gadeteamet i Søhavn?", "days"),
    ("Hvilken ugedag mødes PSP-gruppen?", "days"),
    ("På hvilket klassetrin får eleverne undervisning om billeddeling?", "grade"),
    ("Hvilke klasser får besøg af lokalbetjenten?", "grade"),
])
def test_days_and_grades_are_kinds_that_rank_but_never_decline(question, kind):
    types = expected(question)
    assert [t.kind for t in types] == [kind]
    assert not types[0].checked
    assert all(t.checked for t in expected("Hvad koster natteravne?"))


@pytest.mark.parametrize(("question", "sentence", "found"), [
    ("Hvilke aftener er de på gaden?", "Medarbejderne er på gaden onsdag til lørdag fra kl. 17 til 23.", True),
    ("Hvilke aftener er de på gaden?", "Medarbejderne er på gaden, når de unge er det.", False),
    ("Hvilket klassetrin?", "5. klasse | Undervisning om billeddeling og samtykke (to lektioner)", True),
    ("Hvilket klassetrin?", "Forløbet går fra 4. til 8. klasse.", True),
    ("Hvilket klassetrin?", "Undervisningen ligger i udskolingen.", True),
    ("Hvilket klassetrin?", "I 2023 var der 5 klasser med i forløbet.", False),
])
def test_a_day_or_a_grade_is_found_in_the_sentence_that_holds_it(question, sentence, found):
    assert holds(expected(question), sentence) is found
