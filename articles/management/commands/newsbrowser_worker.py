"""python manage.py newsbrowser_worker: django-tasks-db's db_worker, made to recover.

Beside what db_worker does, the worker re-queues jobs whose worker is gone
(``articles.services.jobs_recover``, at start and every heartbeat), and waits for the
database when it loses it instead of exiting. With ``--supervise`` the command runs
workers in child processes and starts a new one whenever one exits.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from articles.services import jobs_recover

logger = logging.getLogger(__name__)

# Errors that mean the database is out of reach (or the connection to it was cut).
DATABASE_LOST = (OperationalError, InterfaceError)
# Seconds between attempts to reach a lost database: doubling from the first to the last.
RECONNECT_FIRST_DELAY = 0.5
RECONNECT_MAX_DELAY = 30.0
# A supervised worker that exits sooner than this after its start is restarted after a
# growing delay (up to RESTART_MAX_DELAY), so a worker that cannot start does not spin.
RESTART_QUICK_EXIT = 10.0
RESTART_MAX_DELAY = 30.0
# After asking a supervised worker to stop, seconds to wait for its task to end before
# forcing it (the job is then interrupted and resumes at the next start), then to kill it.
STOP_GRACE = 10.0
STOP_FORCE_WAIT = 10.0


class RecoveringWorker(Worker):
    """db_worker's worker, plus job recovery and a database outage survived."""

    def run(self) -> None:
        recovery = None if self.batch else JobRecovery()
        if recovery is not None:
            recovery.start()
        try:
            while True:
                try:
                    if self.batch:
                        recover_jobs()
                    super().run()
                    return
                except DATABASE_LOST as error:
                    if not self.running:
                        return
                    self.database_wait(error)
        finally:
            if recovery is not None:
                recovery.stop()

    def database_wait(self, error: DatabaseError) -> None:
        """Close the lost connections and try again, less and less often, until it works."""
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        logger.warning("Lost the database (%s); waiting for it to come back.", reason)
        delay = RECONNECT_FIRST_DELAY
        while self.running:
            with suppress(DatabaseError):
                connections.close_all()
            # A SIGTERM here ends the worker at once (db_worker's handler; no task is running).
            time.sleep(delay)
            try:
                connection.ensure_connection()
            except DATABASE_LOST:
                delay = min(delay * 2, RECONNECT_MAX_DELAY)
                continue
            logger.warning("The database is back; carrying on.")
            return


def recover_jobs() -> None:
    for job_id in jobs_recover():
        logger.warning("Import job %s was interrupted; it is queued again.", job_id)


class JobRecovery(threading.Thread):
    """Runs jobs_recover at once and every NEWSBROWSER_JOB_HEARTBEAT_SECONDS, in the worker.

    A thread, so jobs are recovered while this worker is busy with a long job of its own.
    """

    def __init__(self) -> None:
        super().__init__(name="import-job-recovery", daemon=True)
        self.interval = settings.NEWSBROWSER_JOB_HEARTBEAT_SECONDS
        self.stopping = threading.Event()

    def run(self) -> None:
        reachable = True
        try:
            while True:
                try:
                    recover_jobs()
                    reachable = True
                except DatabaseError as error:
                    if reachable:  # once per outage; the worker's main loop says the rest
                        logger.warning("Job recovery cannot reach the database: %s", error)
                    reachable = False
                    with suppress(DatabaseError):
                        connection.close()
                if self.stopping.wait(self.interval):
                    return
        finally:
            with suppress(DatabaseError):
                connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=2)


class Command(DbWorkerCommand):
    help = (
        "Run a background worker for import and extraction jobs: django-tasks-db's "
        "db_worker, which also re-queues jobs whose worker is gone and waits for a lost "
        "database instead of exiting. --supervise keeps worker processes running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--supervise",
            action="store_true",
            help="Run the worker(s) in child processes and start a new one whenever one "
            "exits (killed, crashed); SIGTERM or SIGINT stops them all.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="With --supervise: how many worker processes to keep running (default 1).",
        )

    def handle(self, *, supervise: bool, workers: int, **options: Any) -> None:
        if supervise:
            if options["batch"]:
                raise CommandError("--supervise keeps workers running; it cannot be --batch.")
            if workers < 1:
                raise CommandError("--workers must be 1 or more.")
            Supervisor(command=self.child_command(options), count=workers).run()
            return
        self.worker_run(**options)

    def child_command(self, options: dict[str, Any]) -> list[str]:
        """The command line of one supervised worker: this command, with the same queues."""
        command = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "newsbrowser_worker",
            "--no-reload",
            f"--verbosity={options['verbosity']}",
            f"--queue-name={options['queue_name']}",
            f"--interval={options['interval']}",
            f"--backend={options['backend_name']}",
        ]
        if options["exclude_queues"]:
            command.append(f"--exclude-queues={options['exclude_queues']}")
        if options["max_tasks"]:
            command.append(f"--max-tasks={options['max_tasks']}")
        if not options["startup_delay"]:
            command.append("--no-startup-delay")
        return command

    def worker_run(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        """db_worker's handle, with RecoveringWorker for its Worker."""
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = RecoveringWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()


class Supervisor:
    """Keeps ``count`` worker processes running; stops them when it is asked to stop.

    Asked once (SIGTERM, SIGINT, SIGHUP), it asks each worker to stop after its task, then forces
    those still running after STOP_GRACE seconds (their jobs are interrupted, and resume at
    the next start); asked twice, it forces them at once.
    """

    def __init__(self, *, command: list[str], count: int) -> None:
        self.command = command
        self.count = count
        self.children: list[subprocess.Popen[bytes] | None] = [None] * count
        self.started_at = [0.0] * count
        self.restart_at = [0.0] * count
        self.delays = [0.0] * count
        self.stop_requests = 0

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stop_requests += 1

    def run(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self.request_stop)
        logger.info("Supervising %d worker(s): %s", self.count, " ".join(self.command[1:]))
        while not self.stop_requests:
            for slot in range(self.count):
                self.keep_running(slot)
            time.sleep(0.2)
        self.stop_all()

    def keep_running(self, slot: int) -> None:
        child = self.children[slot]
        now = time.monotonic()
        if child is not None:
            if child.poll() is None:
                return
            quick = now - self.started_at[slot] < RESTART_QUICK_EXIT
            self.delays[slot] = (
                min(max(self.delays[slot] * 2, 1.0), RESTART_MAX_DELAY) if quick else 0
            )
            logger.warning(
                "Worker %d (pid %d) exited with status %s; starting another%s.",
                slot + 1,
                child.pid,
                child.returncode,
                f" in {self.delays[slot]:.0f} s" if self.delays[slot] else "",
            )
            self.children[slot] = None
            self.restart_at[slot] = now + self.delays[slot]
        if now < self.restart_at[slot]:
            return
        # A process group of its own: Ctrl-C in a terminal reaches the supervisor alone, which
        # stops its workers in order (instead of each being interrupted wherever it stands).
        child = subprocess.Popen(self.command, process_group=0)
        self.children[slot] = child
        self.started_at[slot] = now
        logger.info("Worker %d started (pid %d).", slot + 1, child.pid)

    def stop_all(self) -> None:
        running = [child for child in self.children if child is not None]
        self.signal_all(running, signal.SIGTERM)
        requests = self.stop_requests
        deadline = time.monotonic() + STOP_GRACE
        while (
            self.alive(running) and time.monotonic() < deadline and requests == self.stop_requests
        ):
            time.sleep(0.1)
        if self.alive(running):
            logger.warning("Stopping the workers' running jobs; they resume at the next start.")
            self.signal_all(running, signal.SIGTERM)  # a second signal: db_worker stops its task
            deadline = time.monotonic() + STOP_FORCE_WAIT
            while self.alive(running) and time.monotonic() < deadline:
                time.sleep(0.1)
        for child in self.alive(running):
            child.kill()
        for child in running:
            child.wait()

    @staticmethod
    def alive(children: list[subprocess.Popen[bytes]]) -> list[subprocess.Popen[bytes]]:
        return [child for child in children if child.poll() is None]

    @staticmethod
    def signal_all(children: list[subprocess.Popen[bytes]], signum: int) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)
