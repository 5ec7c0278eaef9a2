#!/bin/sh
# `make run`: the development server and one background worker beside it. The worker stops
# when the server does (Ctrl-C, or the server exiting for any reason).
# Usage: scripts/serve.sh [ADDRESS:PORT]
cd "$(dirname "$0")/.." || exit 1
PY="${PY:-.venv/bin/python}"
export PY
# Tasks a killed worker left RUNNING on this machine are marked failed (with a retry on the
# jobs page) before a new worker starts.
"$PY" manage.py recover_tasks
scripts/worker.sh --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT
trap 'exit 130' INT TERM
"$PY" manage.py runserver "${1:-127.0.0.1:8000}"
