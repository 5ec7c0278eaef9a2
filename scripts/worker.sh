#!/bin/sh
# One background worker (django-tasks-db's db_worker) for every queue. `make run` starts it
# beside the server (scripts/serve.sh); production runs it as a service (README).
# The worker id names this machine and the worker's process id (exec keeps the shell's pid),
# so that a task left RUNNING by a killed worker is recognised as lost (jobs.recovery).
cd "$(dirname "$0")/.." || exit 1
PY="${PY:-.venv/bin/python}"
exec "$PY" manage.py db_worker --no-reload --queue-name '*' --worker-id "$(hostname | cut -c1-40):$$" "$@"
