import pytest
from sqlalchemy import text

from corpus.catalog import Catalog
from corpus.keys import hash_key
from indexer.errors import Conflict, InvalidInput, NotFound

pytestmark = pytest.mark.catalog


@pytest.fixture
def catalog(catalog_url):
    opened = Catalog(catalog_url)
    yield opened
    opened.close()


def test_a_key_is_shown_once_and_only_its_hash_is_stored(catalog):
    new = catalog.keys.create(name="Mette", role="curator")
    assert new.key.startswith("vb_") and len(new.key) >= 40
    with catalog.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM api_keys")).all()
    raw = repr(rows)
    assert new.key not in raw and new.key[11:] not in raw
    assert hash_key(new.key) in raw
    assert (new.record.name, new.record.role, new.record.prefix) == ("Mette", "curator", new.key[:11])


def test_verify_accepts_the_key_and_nothing_close_to_it(catalog):
    new = catalog.keys.create(name="Mette", role="curator")
    assert catalog.keys.verify(new.key).name == "Mette"
    tampered = new.key[:-1] + ("A" if new.key[-1] != "A" else "B")
    for wrong in (tampered, new.key[:11], new.key + "x", "", "Bearer " + new.key, "vb_" + "x" * 43):
        assert catalog.keys.verify(wrong) is None


def test_revoked_key_stops_working_and_stays_listed(catalog):
    new = catalog.keys.create(name="Ole", role="reader")
    revoked = catalog.keys.revoke("Ole")
    assert revoked.revoked_at is not None
    assert catalog.keys.verify(new.key) is None
    assert [(k.name, k.revoked_at is not None) for k in catalog.keys.list()] == [("Ole", True)]
    with pytest.raises(NotFound):
        catalog.keys.revoke("findes ikke")


def test_key_names_are_unique_and_roles_known(catalog):
    catalog.keys.create(name="Mette", role="curator")
    with pytest.raises(Conflict):
        catalog.keys.create(name="Mette", role="admin")
    with pytest.raises(InvalidInput):
        catalog.keys.create(name="X", role="superuser")


def test_widget_keys_are_readers_bound_to_clean_origins(catalog):
    widget = catalog.keys.create(name="Faxe intranet", role="reader",
                                 origins=["https://Intranet.Faxe.dk/", "http://localhost:8080"])
    assert widget.record.allowed_origins == ("http://localhost:8080", "https://intranet.faxe.dk")
    assert widget.record.is_widget
    with pytest.raises(InvalidInput):
        catalog.keys.create(name="W2", role="curator", origins=["https://a.dk"])
    with pytest.raises(InvalidInput):
        catalog.keys.create(name="W3", role="reader", origins=["intranet.faxe.dk/side"])


def test_key_changes_are_audited_without_the_key(catalog):
    new = catalog.keys.create(name="Mette", role="curator", actor="cli:admin")
    catalog.keys.revoke("Mette", actor="cli:admin")
    _, entries = catalog.audit.find()
    assert [(e.action, e.actor, e.details["name"]) for e in entries] == [
        ("key_revoke", "cli:admin", "Mette"), ("key_create", "cli:admin", "Mette")]
    assert all(new.key not in str(e.details) for e in entries)
