"""``picket worker``: run background jobs from the database queue (several may run, on several hosts)."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class Command(DatabaseWorkerCommand):
    help = "Run Picket's background jobs (database-backed queue; start as many as needed)."
