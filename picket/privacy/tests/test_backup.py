"""Backup and restore: a round trip keeps every record and file; bad input changes nothing and says what failed."""

import base64
import datetime
import hashlib
import io
import os
import re
import secrets
import shutil
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.db.models.functions import Cast
from django_otp.plugins.otp_totp.models import TOTPDevice

from picket.accounts.access import actor_for
from picket.audit.integrity import verify_chain
from picket.audit.models import AuditAction, AuditEvent
from picket.geo.models import District
from picket.people.models import Child, ConsentGivenBy, ConsentPurpose, FamilyMember, LegalBasis
from picket.people.services import child_register, child_share, consent_record
from picket.privacy import backup
from picket.privacy.crypto import file_key_id, key_id_of
from picket.privacy.keyring import Keyring, forget_cached_keyring, load_keyring, write_keyring_file
from picket.privacy.rotation import encrypted_fields
from picket.privacy.storage import EncryptedFileSystemStorage
from picket.privacy.tests.test_encryption import SECRETS, _register_children
from picket.testing.factories import DistrictFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHOTO = b"\xff\xd8JPEG" + os.urandom(20_000)  # spans several chunks of the small test chunk size
STATEMENT = f"Statement of {SECRETS['name']}, {SECRETS['address']}".encode()


@pytest.fixture
def keyring_path(settings, tmp_path):
    """A keyring of this test's own (rotation and wrong keyrings must not disturb other tests)."""
    path = tmp_path / "keyring.json"
    load_keyring()
    shutil.copy(settings.KEYRING_FILE, path)
    settings.KEYRING_FILE = path
    forget_cached_keyring()
    yield path
    forget_cached_keyring()


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch):
    monkeypatch.setattr(backup, "CHUNK_BYTES", 4096)
    monkeypatch.setattr(backup, "PART_BYTES", 2048)


@pytest.fixture
def installation(world, keyring_path, settings, tmp_path):
    """Geography, organisations, users (a group, a permission, a TOTP device), children with family, consent and
    a share, audit events from the services, and files in MEDIA_ROOT: sealed ones and one plain."""
    settings.MEDIA_ROOT = tmp_path / "media"
    children = _register_children(world)
    worker = children[0].created_by
    actor = actor_for(worker)
    consent_record(
        actor=actor,
        child=children[0],
        purpose=ConsentPurpose.SHARING,
        legal_basis=LegalBasis.CWC_ORDER,
        given_by=ConsentGivenBy.CWC,
        given_on=datetime.date(2026, 1, 5),
        reference_document="CWC/17/2026",
    )
    child_share(actor=actor, child=children[0], organisation=world.new_organisation_in_a())
    group = Group.objects.create(name="reviewers")
    group.permissions.add(Permission.objects.get(codename="view_child"))
    worker.groups.add(group)
    worker.user_permissions.add(Permission.objects.get(codename="change_child"))
    TOTPDevice.objects.create(user=worker, name="phone", confirmed=True)
    storage = EncryptedFileSystemStorage()
    storage.save("photos/child.jpg", ContentFile(PHOTO))
    storage.save("statements/2026/सुनीता.txt", ContentFile(STATEMENT))
    plain = Path(settings.MEDIA_ROOT, "exports", "readme.txt")
    plain.parent.mkdir(parents=True)
    plain.write_bytes(b"not sealed")
    return world


def _rows():
    """Every backed-up table's rows as the application reads them (encrypted fields decrypted)."""
    return {
        backup.label(model): list(model._base_manager.order_by("pk").values()) for model in backup.backed_up_models()
    }


def _media(root):
    return {name: path.read_bytes() for name, path in backup.media_files(Path(root))}


def _everything(settings):
    """Every table's raw rows (ciphertexts as stored), every file under MEDIA_ROOT and beside it."""
    quote = connection.ops.quote_name
    tables = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            cursor.execute(f"SELECT * FROM {quote(model._meta.db_table)} ORDER BY 1")  # noqa: S608
            tables[model._meta.db_table] = cursor.fetchall()
    media_root = Path(settings.MEDIA_ROOT)
    beside = sorted(p.name for p in media_root.parent.iterdir()) if media_root.parent.exists() else []
    return tables, _media(media_root), beside


def _back_up(path, *extra):
    out = io.StringIO()
    call_command("backup", "--output", str(path), *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _restore(path, *extra):
    out = io.StringIO()
    call_command("restore", str(path), "--yes", *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _fresh_installation(settings, tmp_path, name="restored-media"):
    """What `picket migrate` leaves on an empty database, with content type ids unlike the source's."""
    call_command("flush", interactive=False, verbosity=0)
    Permission.objects.all().delete()
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    for app_config in reversed(list(apps.get_app_configs())):
        create_contenttypes(app_config, verbosity=0)
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / name


def _raw_ciphertexts():
    values = []
    for model, names in encrypted_fields():
        annotated = model._default_manager.annotate(**{f"raw_{n}": Cast(n, models.TextField()) for n in names})
        values += [v for row in annotated.values_list(*[f"raw_{n}" for n in names]) for v in row if v]
    return values


def _assert_round_trip(settings, before, files_before, *, backed_up_head):
    after = _rows()
    events = after.pop("audit.auditevent")
    expected_events = before.pop("audit.auditevent")
    after.pop("audit.auditchainhead")
    before.pop("audit.auditchainhead")
    assert after == before
    assert events[: len(expected_events)] == expected_events
    assert [e["action"] for e in events[len(expected_events) :]] == [AuditAction.RESTORE]
    verdict = verify_chain(key=load_keyring().audit_key)
    assert verdict.intact, verdict.message
    assert verdict.head_sequence == backed_up_head + 1
    assert _media(settings.MEDIA_ROOT) == files_before
    storage = EncryptedFileSystemStorage()
    assert storage.open("photos/child.jpg").read() == PHOTO
    assert storage.open("statements/2026/सुनीता.txt").read() == STATEMENT


def test_round_trip_restores_every_record_and_file_and_the_audit_chain(installation, settings, tmp_path):
    before, files_before = _rows(), _media(settings.MEDIA_ROOT)
    head = AuditEvent.objects.count()
    content_type_id = ContentType.objects.get_for_model(Child).pk
    archive = tmp_path / "out" / "picket.pkbk"

    output = _back_up(archive)

    blob = archive.read_bytes()
    assert str(archive) in output
    assert f"SHA-256: {hashlib.sha256(blob).hexdigest()}" in output
    assert archive.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in archive.parent.iterdir()] == ["picket.pkbk"]  # no temporary left behind
    for label, value in SECRETS.items():
        assert value.encode() not in blob, f"{label} in clear"
    keyring = load_keyring()
    for key in [*keyring.data_keys.values(), keyring.index_key, keyring.audit_key]:
        assert key not in blob and base64.b64encode(key) not in blob  # key ids, never keys
    event = AuditEvent.objects.get(sequence=head + 1)
    assert event.action == AuditAction.BACKUP and event.detail["key_id"] == keyring.active_id
    assert event.detail["count"] == 3 and event.detail["rows"] == sum(len(rows) for rows in before.values())

    _fresh_installation(settings, tmp_path)
    assert ContentType.objects.get_for_model(Child).pk != content_type_id  # ids differ; the archive's win
    output = _restore(archive)

    assert "Restored" in output and "audit log intact" in output
    _assert_round_trip(settings, before, files_before, backed_up_head=head)
    assert all(key_id_of(value) == keyring.active_id for value in _raw_ciphertexts())
    worker = Child.objects.get(name_index=before["people.child"][0]["name_index"]).created_by
    assert set(worker.get_all_permissions()) >= {"people.view_child", "people.change_child"}
    assert TOTPDevice.objects.get(user=worker).confirmed
    # Sequences continue after the restored ids: the installation keeps working.
    newcomer = child_register(
        actor=actor_for(worker), name="Asha", gender="F", district=installation.district_a, age_estimate_years=9
    )
    assert newcomer.pk > max(row["id"] for row in before["people.child"])


def test_an_old_backup_restores_after_a_rotation_until_its_key_is_retired(installation, settings, tmp_path):
    before, files_before = _rows(), _media(settings.MEDIA_ROOT)
    head = AuditEvent.objects.count()
    old_key = load_keyring().active_id
    archive = tmp_path / "before-rotation.pkbk"
    _back_up(archive)

    call_command("keys", "rotate", stdout=io.StringIO())
    new_key = load_keyring().active_id
    assert new_key != old_key
    _fresh_installation(settings, tmp_path)
    _restore(archive)

    _assert_round_trip(settings, before, files_before, backed_up_head=head)
    assert all(key_id_of(value) == new_key for value in _raw_ciphertexts())  # sealed again on loading
    sealed = Path(settings.MEDIA_ROOT, "photos", "child.jpg").read_bytes()
    assert file_key_id(sealed) == old_key  # files come back as they were, under their own key

    call_command("keys", "reencrypt", stdout=io.StringIO())
    assert file_key_id(Path(settings.MEDIA_ROOT, "photos", "child.jpg").read_bytes()) == new_key
    call_command("keys", "retire", old_key, stdout=io.StringIO())
    with pytest.raises(CommandError, match=f"encrypted with key '{old_key}', which is not in this keyring"):
        _restore(archive, "--verify-only")


def test_backup_writes_under_var_backups_and_never_overwrites(installation, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    out = io.StringIO()
    call_command("backup", stdout=out, stderr=io.StringIO())
    (archive,) = (tmp_path / "var" / "backups").glob("picket-*.pkbk")
    assert str(archive) in out.getvalue()
    assert archive.stat().st_mode & 0o777 == 0o600
    with pytest.raises(CommandError, match="already exists"):
        _back_up(archive)


def _chunk_offsets(blob):
    position = 10 + int.from_bytes(blob[6:10], "big")
    offsets = []
    while position < len(blob):
        offsets.append(position)
        position += 4 + int.from_bytes(blob[position : position + 4], "big")
    return offsets


def _flip(blob, position):
    return blob[:position] + bytes([blob[position] ^ 0x40]) + blob[position + 1 :]


def _altered_header(blob):
    marker = blob.index(b'"created_at": "') + len(b'"created_at": "')
    return _flip(blob, marker + 3)  # 2026 → 2036-ish: still valid JSON, no longer the authenticated header


DAMAGE = {
    "truncated": (lambda b, o: b[:-7], r"truncated: it ends after chunk \d+ without its final chunk"),
    "final chunk dropped": (
        lambda b, o: b[: o[-1]],
        "truncated: it ends after chunk {last_but_one} without its final chunk",
    ),
    "cut inside chunk 0": (lambda b, o: b[: o[0] + 100], "truncated: it ends before its first chunk"),
    "flipped byte": (lambda b, o: _flip(b, o[len(o) // 2] + 20), "chunk {middle} fails authentication"),
    "altered header": (lambda b, o: _altered_header(b), r"chunk 0 fails authentication \(or its header was altered"),
    "trailing data": (lambda b, o: b + b"\0", "unexpected data after its final chunk"),
    "not a backup": (lambda b, o: b"PK\x03\x04 a zip file", "not a Picket backup"),
    "empty": (lambda b, o: b"", "not a Picket backup"),
    "newer format": (lambda b, o: b[:5] + b"\x02" + b[6:], "format 2, newer than this Picket reads"),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_archive_is_refused_naming_what_failed_and_nothing_is_written(
    installation, settings, tmp_path, damage
):
    archive = tmp_path / "good.pkbk"
    _back_up(archive)
    blob = archive.read_bytes()
    offsets = _chunk_offsets(blob)
    assert len(offsets) > 5
    alter, message = DAMAGE[damage]
    damaged = tmp_path / "damaged.pkbk"
    damaged.write_bytes(alter(blob, offsets))
    _fresh_installation(settings, tmp_path)
    untouched = _everything(settings)

    with pytest.raises(CommandError, match=message.format(last_but_one=len(offsets) - 2, middle=len(offsets) // 2)):
        _restore(damaged)

    assert _everything(settings) == untouched
    _restore(archive)  # and the good archive still restores into the same installation: no crash loop


def _keyring_like(current, **changes):
    fields = {
        "active_id": current.active_id,
        "data_keys": dict(current.data_keys),
        "index_key": current.index_key,
        "audit_key": current.audit_key,
        **changes,
    }
    return Keyring(**fields)


WRONG_KEYRINGS = {
    "key id unknown": (
        lambda k: _keyring_like(k, active_id="k99", data_keys={"k99": secrets.token_bytes(32)}),
        "encrypted with key '{key}', which is not in this keyring",
    ),
    "same key id, another key": (
        lambda k: _keyring_like(k, data_keys={k.active_id: secrets.token_bytes(32)}),
        "does not decrypt with key '{key}' of this keyring: wrong keyring?",
    ),
    "another audit key": (
        lambda k: _keyring_like(k, audit_key=secrets.token_bytes(32)),
        "audit key is not the one the backup was made with",
    ),
    "another index key": (
        lambda k: _keyring_like(k, index_key=secrets.token_bytes(32)),
        "index key is not the one the backup was made with",
    ),
}


@pytest.mark.parametrize("wrong", WRONG_KEYRINGS, ids=list(WRONG_KEYRINGS))
def test_a_wrong_keyring_is_named_and_nothing_is_written(installation, settings, tmp_path, keyring_path, wrong):
    archive = tmp_path / "picket.pkbk"
    _back_up(archive)
    _fresh_installation(settings, tmp_path)
    current = load_keyring()
    make, message = WRONG_KEYRINGS[wrong]
    write_keyring_file(keyring_path, make(current))
    forget_cached_keyring()
    untouched = _everything(settings)

    with pytest.raises(CommandError, match=re.escape(message.format(key=current.active_id))):
        _restore(archive)

    assert _everything(settings) == untouched


def test_a_keyring_missing_a_files_key_is_named(installation, settings, tmp_path, keyring_path):
    old_key = load_keyring().active_id
    call_command("keys", "rotate", stdout=io.StringIO())
    # A file still sealed under the old key, as after a rotation whose file pass has not run.
    storage = EncryptedFileSystemStorage()
    current = load_keyring()
    write_keyring_file(keyring_path, _keyring_like(current, active_id=old_key))
    forget_cached_keyring()
    storage.save("photos/old.jpg", ContentFile(b"old"))
    write_keyring_file(keyring_path, current)
    forget_cached_keyring()
    archive = tmp_path / "picket.pkbk"
    _back_up(archive)
    _fresh_installation(settings, tmp_path)
    data_keys = {k: v for k, v in current.data_keys.items() if k != old_key}
    write_keyring_file(keyring_path, _keyring_like(current, data_keys=data_keys))
    forget_cached_keyring()
    untouched = _everything(settings)

    with pytest.raises(CommandError, match=f"sealed with keys not in this keyring: '{old_key}' \\(1 files\\)"):
        _restore(archive)

    assert _everything(settings) == untouched


def test_restore_into_a_database_with_data_is_refused(installation, settings, tmp_path):
    archive = tmp_path / "picket.pkbk"
    _back_up(archive)
    untouched = _everything(settings)

    with pytest.raises(CommandError, match=r"the database is not empty \(.*accounts\.user.* more hold rows\)"):
        _restore(archive)

    assert _everything(settings) == untouched


def test_restore_into_a_media_directory_with_files_is_refused(installation, settings, tmp_path):
    archive = tmp_path / "picket.pkbk"
    _back_up(archive)
    _fresh_installation(settings, tmp_path)
    Path(settings.MEDIA_ROOT).mkdir()
    Path(settings.MEDIA_ROOT, "stray.txt").write_bytes(b"x")
    untouched = _everything(settings)

    with pytest.raises(CommandError, match=r"media directory .* holds files"):
        _restore(archive)

    assert _everything(settings) == untouched


@pytest.mark.parametrize("direction", ["archive ahead", "installation ahead"])
def test_migrations_must_match(installation, settings, tmp_path, monkeypatch, direction):
    real = backup.applied_migrations

    def shifted(connection):
        applied = {app: list(names) for app, names in real(connection).items()}
        if direction == "archive ahead":
            applied["people"].append("9999_from_the_future")
        else:
            applied["people"].pop()
        return applied

    archive = tmp_path / "picket.pkbk"
    with monkeypatch.context() as patch:
        patch.setattr(backup, "applied_migrations", shifted)
        _back_up(archive)
    _fresh_installation(settings, tmp_path)
    untouched = _everything(settings)

    message = (
        r"migrations this installation lacks \(people\.9999_from_the_future\)"
        if direction == "archive ahead"
        else r"this installation has migrations the archive's database lacks \(people\."
    )
    with pytest.raises(CommandError, match=message):
        _restore(archive)

    assert _everything(settings) == untouched


def test_a_failure_while_loading_rolls_everything_back(installation, settings, tmp_path, monkeypatch):
    real = backup._rows
    archive = tmp_path / "picket.pkbk"
    with monkeypatch.context() as patch:  # an archive whose children point at districts it does not hold
        patch.setattr(backup, "_rows", lambda model, alias: iter(()) if model is District else real(model, alias))
        _back_up(archive)
    _fresh_installation(settings, tmp_path)
    untouched = _everything(settings)

    with pytest.raises(CommandError, match="the archive's rows do not fit together"):
        _restore(archive)

    assert _everything(settings) == untouched  # no rows, no files, no staging directory left beside MEDIA_ROOT


def test_verify_only_checks_an_archive_on_a_working_installation_and_writes_nothing(installation, settings, tmp_path):
    archive = tmp_path / "picket.pkbk"
    _back_up(archive)
    untouched = _everything(settings)

    output = _restore(archive, "--verify-only")

    assert "verified" in output and "3 media files" in output
    assert "holds data: the archive restores only into a new one" in output
    assert _everything(settings) == untouched
    excluded = backup.verify_archive(archive).manifest["excluded"]
    assert set(excluded) == {"sessions.session", "web.ratecounter", "django_tasks_database.dbtaskresult"}
    assert not any(backup.label(m) in excluded for m in backup.backed_up_models())
    assert FamilyMember.objects.count() == 2


def test_the_backup_reads_one_snapshot_while_others_keep_writing(installation, settings, tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database is in memory (shared cache), where a reader locks out writers")
    districts = District.objects.count()
    real = backup._rows
    written = []

    def add_state_and_district():  # another connection, committing while the backup runs
        try:
            written.append(DistrictFactory.create())
        finally:
            connection.close()

    def rows(model, alias):
        if model is District:  # states are already in the archive: a new state and district appear now
            writer = threading.Thread(target=add_state_and_district)
            writer.start()
            writer.join()
        return real(model, alias)

    archive = tmp_path / "picket.pkbk"
    with monkeypatch.context() as patch:
        patch.setattr(backup, "_rows", rows)
        _back_up(archive)

    assert written and District.objects.count() == districts + 1
    assert backup.verify_archive(archive).rows["geo.district"] == districts
    _fresh_installation(settings, tmp_path)
    _restore(archive)
    assert District.objects.count() == districts
