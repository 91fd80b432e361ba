import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import FieldError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, models
from django.db.models.functions import Cast

from picket.accounts.access import actor_for
from picket.accounts.roles import Role
from picket.people.models import Child, FamilyMember
from picket.people.services import child_register, family_member_add
from picket.privacy import keyring as keyring_module
from picket.privacy.crypto import DecryptionError, blind_index, decrypt_text, encrypt_text, key_id_of
from picket.privacy.keyring import KeyringError, forget_cached_keyring, load_keyring, parse_keyring
from picket.privacy.storage import EncryptedFileSystemStorage

pytestmark = pytest.mark.django_db

SECRETS = {
    "name": "Sunita Kumari Manjhi",
    "name_hi": "सुनीता कुमारी माँझी",
    "father": "Ramesh Manjhi",
    "phone": "9876543210",
    "locality": "Bhusiya Tola",
    "address": "Ward 7, near the Hanuman temple",
    "marks": "burn scar on the left forearm",
}


@pytest.fixture
def isolated_keyring(settings, tmp_path):
    """A keyring of this test's own, so that rotating it cannot disturb other tests."""
    path = tmp_path / "keyring.json"
    load_keyring()  # make sure the suite's keyring exists, then copy it: data already written stays readable
    shutil.copy(settings.KEYRING_FILE, path)
    settings.KEYRING_FILE = path
    forget_cached_keyring()
    yield path
    forget_cached_keyring()


def _register_children(world):
    worker = world.user(Role.CASE_WORKER, inside=True)
    actor = actor_for(worker)
    children = []
    for name in (SECRETS["name"], SECRETS["name_hi"]):
        child = child_register(
            actor=actor,
            name=name,
            gender="F",
            district=world.district_a,
            date_of_birth=datetime.date(2012, 3, 4),
            identifying_marks=SECRETS["marks"],
            home_locality=SECRETS["locality"],
            home_address=SECRETS["address"],
        )
        family_member_add(actor=actor, child=child, relation="father", name=SECRETS["father"], phone=SECRETS["phone"])
        children.append(child)
    return children


def _assert_no_plaintext(blob: bytes):
    for label, value in SECRETS.items():
        assert value.encode("utf-8") not in blob, f"{label} found in clear"
        assert value.lower().encode("utf-8") not in blob.lower(), f"{label} found in clear (case-folded)"


@pytest.mark.django_db(transaction=True)
def test_a_raw_database_dump_holds_no_childs_name_phone_or_address(world, tmp_path):
    _register_children(world)
    if connection.vendor == "sqlite":
        dump = tmp_path / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(dump)])
        blob = dump.read_bytes()
    else:
        pg_dump = shutil.which("pg_dump") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))), None)
        if pg_dump is None:
            pytest.skip("pg_dump is not installed")
        params = connection.get_connection_params()
        environment = {**os.environ, "PGPASSWORD": str(params.get("password") or "")}
        command = [str(pg_dump), "-h", str(params.get("host") or "localhost"), "-p", str(params.get("port") or 5432)]
        command += ["-U", str(params.get("user")), "-d", str(params.get("dbname")), "--data-only"]
        blob = subprocess.run(command, env=environment, check=True, capture_output=True).stdout
    assert b"pk1:" in blob  # the data is there, encrypted
    _assert_no_plaintext(blob)


def test_values_decrypt_for_the_application_and_exact_search_works_through_the_blind_index(world):
    children = _register_children(world)
    fresh = Child.objects.get(pk=children[1].pk)
    assert fresh.name == SECRETS["name_hi"]
    index = blind_index("  sunita KUMARI manjhi ", purpose="people.name")
    assert list(Child.objects.filter(name_index=index)) == [children[0]]
    assert FamilyMember.objects.filter(phone_index=blind_index(SECRETS["phone"], purpose="people.phone")).count() == 2


def test_filtering_on_an_encrypted_column_is_refused_rather_than_silently_empty(world):
    with pytest.raises(FieldError, match="encrypted"):
        list(Child.objects.filter(name="anything"))


def test_ciphertext_is_bound_to_its_column_and_tampering_is_detected():
    sealed = encrypt_text("Guddi", context="people.Child.name")
    assert decrypt_text(sealed, context="people.Child.name") == "Guddi"
    with pytest.raises(DecryptionError, match=r"people\.FamilyMember\.name"):
        decrypt_text(sealed, context="people.FamilyMember.name")
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    with pytest.raises(DecryptionError) as raised:
        decrypt_text(tampered, context="people.Child.name")
    assert "Guddi" not in str(raised.value)


def test_a_value_under_an_unknown_key_names_the_key(isolated_keyring):
    foreign = encrypt_text("x", context="c").replace(f":{load_keyring().active_id}:", ":k99:", 1)
    with pytest.raises(KeyringError, match="'k99' is not in the keyring"):
        decrypt_text(foreign, context="c")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ('{"version": 2}', "not a Picket keyring"),
        (
            '{"version": 1, "active": "k1", "data_keys": {"k1": "c2hvcnQ="}, "index_key": "", "audit_key": ""}',
            "32 bytes",
        ),
        ('{"version": 1, "active": "k2", "data_keys": {"k1": "%s"}}' % ("A" * 43 + "="), "active key 'k2'"),
    ],
)
def test_a_malformed_keyring_is_refused_with_a_clear_message(text, message):
    with pytest.raises(KeyringError, match=message):
        parse_keyring(text, source="keyring.json")


def _raw_values(model, names):
    annotated = model.objects.annotate(**{f"raw_{n}": Cast(n, models.TextField()) for n in names})
    return [v for row in annotated.values_list(*[f"raw_{n}" for n in names]) for v in row if v]


def test_rotation_reencrypts_rows_and_files_and_the_old_key_can_then_be_retired(
    world, isolated_keyring, settings, tmp_path
):
    children = _register_children(world)
    settings.MEDIA_ROOT = tmp_path / "media"
    storage = EncryptedFileSystemStorage()
    stored = storage.save("photos/child.jpg", ContentFile(b"JPEG-BYTES-" + SECRETS["name"].encode()))
    old_key = load_keyring().active_id

    call_command("keys", "rotate", "--batch-size", "2")

    new_key = load_keyring().active_id
    assert new_key != old_key
    raw = _raw_values(Child, ["name", "home_address", "identifying_marks"]) + _raw_values(
        FamilyMember, ["name", "phone"]
    )
    assert raw and all(key_id_of(value) == new_key for value in raw)
    assert Child.objects.get(pk=children[0].pk).name == SECRETS["name"]
    assert storage.open(stored).read() == b"JPEG-BYTES-" + SECRETS["name"].encode()
    assert SECRETS["name"].encode() not in (Path(settings.MEDIA_ROOT) / stored).read_bytes()

    call_command("keys", "retire", old_key)
    assert old_key not in json.loads(isolated_keyring.read_text())["data_keys"]
    assert Child.objects.get(pk=children[1].pk).name == SECRETS["name_hi"]


def test_retiring_a_key_still_in_use_is_refused(world, isolated_keyring):
    _register_children(world)
    old_key = load_keyring().active_id
    keyring_module.forget_cached_keyring()
    from picket.privacy.rotation import add_active_key

    add_active_key()
    with pytest.raises(Exception, match="still encrypts"):
        call_command("keys", "retire", old_key)
    assert old_key in json.loads(isolated_keyring.read_text())["data_keys"]


def test_encrypted_files_hold_no_plaintext_and_reject_tampering(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    storage = EncryptedFileSystemStorage()
    name = storage.save("statement.txt", ContentFile(SECRETS["address"].encode()))
    on_disk = (tmp_path / name).read_bytes()
    assert SECRETS["address"].encode() not in on_disk
    (tmp_path / name).write_bytes(on_disk[:-1] + bytes([on_disk[-1] ^ 1]))
    with pytest.raises(DecryptionError, match="failed authentication"):
        storage.open(name).read()


def test_a_record_under_a_missing_key_gives_a_clear_page_naming_the_key_not_a_crash(world, isolated_keyring):
    from django.test import Client

    from picket.testing.auth import login_verified

    child = _register_children(world)[0]
    document = json.loads(isolated_keyring.read_text())
    old = document["active"]
    document["data_keys"]["k9"] = document["data_keys"].pop(old)
    document["active"] = "k9"
    isolated_keyring.write_text(json.dumps(document))
    forget_cached_keyring()
    client = login_verified(Client(), world.user(Role.CASE_WORKER, inside=True))
    response = client.get(f"/children/{child.reference}/")
    assert response.status_code == 500
    page = response.content.decode()
    assert f"&#x27;{old}&#x27; is not in the keyring" in page
    assert SECRETS["name"] not in page


def test_retiring_a_key_that_still_seals_a_file_is_refused(world, isolated_keyring, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    EncryptedFileSystemStorage().save("documents/order.pdf", ContentFile(b"%PDF-order"))
    old_key = load_keyring().active_id
    from picket.privacy.rotation import add_active_key

    add_active_key()  # rows would be re-encrypted by `keys reencrypt`; the file is still under the old key
    with pytest.raises(Exception, match="still seals 1 files"):
        call_command("keys", "retire", old_key)
    assert old_key in json.loads(isolated_keyring.read_text())["data_keys"]
