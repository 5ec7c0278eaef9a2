#!/usr/bin/env bash
# Load test: gunicorn under wrk, then two gunicorns behind nginx sharing one session and upload store.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/anren_issue8 bench/load.sh [seconds]
#
# Needs a seeded database (manage.py seed_demo --members 100000), wrk and nginx
# (apt-get install -y wrk nginx-light). Only 127.0.0.1 is ever contacted.
#   1. one gunicorn on :8081 with 2 × cores + 1 sync workers; wrk, 16 connections,
#      on the member list as the logged-in county administrator, then on /healthz (the ceiling);
#   2. two gunicorns (:8081, :8082, cores + 1 workers each) behind nginx on :8080
#      (round robin): log in through nginx, see every request answered as that user
#      by both instances, upload a meeting photo to one and download it from the
#      other, then the same wrk runs through nginx.
# Raw wrk output and a summary (summary.json) go to bench/results/load-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-60}
CONNECTIONS=16
CORES=$(nproc)
USERNAME=${BENCH_USER:-admin}
PASSWORD=${BENCH_PASSWORD:-anren2021demo}
OUT=bench/results/load-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# Production settings: debug off, manifest static files; plain http on 127.0.0.1.
export DJANGO_DEBUG=0 DJANGO_SECRET_KEY="bench-$RANDOM-$RANDOM-$RANDOM-$(date +%s%N)"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_HSTS_SECONDS=0
# The load test times pages, not the second factor (required for the county admin in production).
export DJANGO_OTP_REQUIRED=0
# The upload store every instance shares (in production: an NFS mount or object storage).
export DJANGO_MEDIA_ROOT=${DJANGO_MEDIA_ROOT:-$OUT/shared-media}
mkdir -p "$DJANGO_MEDIA_ROOT"
.venv/bin/python manage.py collectstatic --noinput -v0

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

start_gunicorn() {  # port workers
    .venv/bin/gunicorn anren_registry.wsgi --bind "127.0.0.1:$1" --workers "$2" --worker-class sync \
        --error-logfile "$OUT/gunicorn-$1.log" --log-level warning &
    PIDS+=($!)
}

wait_for() {  # url
    for _ in $(seq 1 50); do
        curl -fs -o /dev/null "$1" && return 0
        sleep 0.2
    done
    echo "no answer from $1" >&2
    return 1
}

stop_all() {
    cleanup
    PIDS=()
}

# A session made by logging in through the login form (curl keeps no cookie jar: the
# cookies are Secure in production, so they are carried by hand over plain http).
login() {  # base url → prints "sessionid=…; csrftoken=…"
    local page token csrf session
    page=$(curl -fsS -D "$OUT/login-headers.txt" "$1/accounts/login/")
    csrf=$(grep -io '\(__Host-\)\?csrftoken=[^;]*' "$OUT/login-headers.txt" | head -1)
    token=$(grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"$//')
    curl -sS -o /dev/null -D "$OUT/login-answer.txt" -H "Cookie: $csrf" -H "Referer: $1/accounts/login/" \
        --data-urlencode "username=$USERNAME" --data-urlencode "password=$PASSWORD" \
        --data-urlencode "csrfmiddlewaretoken=$token" "$1/accounts/login/"
    session=$(grep -io '\(__Host-\)\?sessionid=[^;]*' "$OUT/login-answer.txt" | head -1)
    [ -n "$session" ] || { echo "login failed" >&2; cat "$OUT/login-answer.txt" >&2; return 1; }
    echo "$session; $csrf"
}

run_wrk() {  # label url cookie
    wrk --threads 2 --connections "$CONNECTIONS" --duration "${DURATION}s" --timeout 10s --latency \
        -H "Cookie: $3" "$2" >"$OUT/wrk-$1.txt"
    .venv/bin/python - "$OUT/wrk-$1.txt" "$1" "$OUT/summary.json" <<'PY'
import json, pathlib, re, sys
text = pathlib.Path(sys.argv[1]).read_text()
def ms(label):
    match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    value, unit = float(match.group(1)), match.group(2)
    return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 1)
requests = int(re.search(r"(\d+) requests in", text).group(1))
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
row = {
    "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
    "p50_ms": ms("50"), "p99_ms": ms("99"), "requests": requests,
    "errors": errors + (int(non2xx.group(1)) if non2xx else 0),
}
path = pathlib.Path(sys.argv[3])
summary = json.loads(path.read_text()) if path.exists() else {}
summary[sys.argv[2]] = row
path.write_text(json.dumps(summary, ensure_ascii=False, indent=2))
print(f"{sys.argv[2]:34} {row['requests_per_second']:>8.1f} req/s  p50 {row['p50_ms']:>6} ms  p99 {row['p99_ms']:>6} ms  errors {row['errors']}")
PY
}

echo "load $(cut -d' ' -f1-3 /proc/loadavg) · $CORES cores · $CONNECTIONS connections · ${DURATION}s per run · as $USERNAME"

# --- 1. one gunicorn -------------------------------------------------------------------
WORKERS=$((2 * CORES + 1))
start_gunicorn 8081 "$WORKERS"
wait_for http://127.0.0.1:8081/healthz
COOKIE=$(login http://127.0.0.1:8081)
echo "one gunicorn, $WORKERS workers:"
run_wrk "one-member-list" http://127.0.0.1:8081/members/ "$COOKIE"
run_wrk "one-healthz" http://127.0.0.1:8081/healthz "$COOKIE"
stop_all

# --- 2. two gunicorns behind nginx ---------------------------------------------------------
WORKERS=$((CORES + 1))
start_gunicorn 8081 "$WORKERS"
start_gunicorn 8082 "$WORKERS"
mkdir -p "$OUT/nginx"
cat >"$OUT/nginx/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $OUT/nginx/body;
    proxy_temp_path $OUT/nginx/proxy;
    fastcgi_temp_path $OUT/nginx/fastcgi;
    uwsgi_temp_path $OUT/nginx/uwsgi;
    scgi_temp_path $OUT/nginx/scgi;
    client_max_body_size 20m;
    upstream app { server 127.0.0.1:8081; server 127.0.0.1:8082; keepalive 32; }
    server {
        listen 127.0.0.1:8080;
        location / {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host:\$server_port;
            proxy_set_header X-Forwarded-For \$remote_addr;
            add_header X-Upstream \$upstream_addr always;
        }
    }
}
NGINX
nginx -c "$OUT/nginx/nginx.conf" -p "$OUT/nginx" 2>>"$OUT/nginx/error.log" &
PIDS+=($!)
wait_for http://127.0.0.1:8081/healthz
wait_for http://127.0.0.1:8082/healthz
wait_for http://127.0.0.1:8080/healthz
COOKIE=$(login http://127.0.0.1:8080)

echo "two gunicorns ($WORKERS workers each) behind nginx on :8080:"
# The session made through nginx is honoured by both instances.
for _ in 1 2 3 4 5 6; do
    curl -sS -o /dev/null -D - -H "Cookie: $COOKIE" http://127.0.0.1:8080/members/ | tr -d '\r' |
        awk '/^HTTP/{status=$2} /^[Xx]-[Uu]pstream/{upstream=$2} END{print "  /members/ via nginx →", upstream, status}'
done | tee "$OUT/session.txt"
[ "$(grep -c ' 200$' "$OUT/session.txt")" = 6 ] && [ "$(awk '{print $5}' "$OUT/session.txt" | sort -u | wc -l)" = 2 ] &&
    echo "  session: both instances answered every request as $USERNAME" ||
    { echo "  session: NOT shared" >&2; exit 1; }

# An upload through one instance is downloadable from the other.
MEETING=$(.venv/bin/python manage.py shell -c "from branches.models import Meeting; print(Meeting.objects.order_by('pk').first().pk)" | tail -1)
CSRF=$(grep -o 'csrftoken=[^;]*' <<<"$COOKIE" | cut -d= -f2)
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82' >"$OUT/photo.png"
curl -sS -o /dev/null -w "  upload to :8081 → %{http_code}\n" -H "Cookie: $COOKIE" -H "X-CSRFToken: $CSRF" \
    -H "Referer: http://127.0.0.1:8081/meetings/$MEETING/" -F "csrfmiddlewaretoken=$CSRF" \
    -F "photos=@$OUT/photo.png;type=image/png" "http://127.0.0.1:8081/meetings/$MEETING/attachments/"
ATTACHMENT=$(curl -fsS -H "Cookie: $COOKIE" "http://127.0.0.1:8082/meetings/$MEETING/" |
    grep -o '/meetings/attachments/[0-9]*/' | sort -t/ -k4 -n | tail -1)
curl -fsS -o "$OUT/photo-from-8082.png" -H "Cookie: $COOKIE" "http://127.0.0.1:8082$ATTACHMENT"
if cmp -s "$OUT/photo.png" "$OUT/photo-from-8082.png"; then
    echo "  upload: stored via :8081, downloaded identical from :8082 ($ATTACHMENT)"
else
    echo "  upload: NOT shared" >&2
    exit 1
fi

run_wrk "two-behind-nginx-member-list" http://127.0.0.1:8080/members/ "$COOKIE"
run_wrk "two-behind-nginx-healthz" http://127.0.0.1:8080/healthz "$COOKIE"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) → $OUT/summary.json"
