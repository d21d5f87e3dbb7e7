#!/usr/bin/env bash
# Service benchmark (issue 7). Packages the service, starts it from target/quarkus-app on a fresh
# embedded PostgreSQL, and measures on this machine, in one run:
#   - time from process start to the first successful POST /api/score
#   - GET /q/health/live (trivial JSON endpoint of the same service: the ceiling)
#   - POST /api/score (stateless scoring, 10 events)
#   - POST /api/leads/{id}/events (one event per request, stored, lead re-scored and score stored)
#   - the limit for it: the same requests to a benchmark-only endpoint that inserts the event row and
#     commits, nothing else, through the same connection pool (enabled by a flag this script sets)
# with wrk at fixed concurrency, printing throughput, p50/p99, errors and the ratios to the targets.
# Optionally (BULK_LEADS > 0) it generates that many leads and re-scores all of them.
#
# Usage: bench/service.sh     env: DURATION=20s CONNECTIONS=16 LEADS=200 STARTUP_ROUNDS=2 BULK_LEADS=0 (1000000 for the
#                            1M-lead re-score), SKIP_PACKAGE=1 (reuse target/quarkus-app), JFR=1 (record
#                            target/bench/service.jfr for profiling), SERVICE_OPTS (extra JVM options),
#                            APP (the packaged service to measure, target/quarkus-app), ONLY=stateless (one start, then
#                            only the ceiling and POST /api/score: no start-up pairs, no ingestion; ONLY=ingest: one
#                            start, then only ingestion and its limit; ONLY=bulk: one start, then only the BULK_LEADS
#                            re-score), WARMUP=5s (each path before it is measured), CDS=0 (no class-data-sharing
#                            archive: skip the training start and the two starts with the archive); prints the
#                            service's (and PostgreSQL's) CPU per request, the service's by kind of thread, and both
#                            per lead of each re-score pass
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-16}
LEADS=${LEADS:-200}
BULK_LEADS=${BULK_LEADS:-0}
STARTUP_ROUNDS=${STARTUP_ROUNDS:-2}
HTTP_PORT=${HTTP_PORT:-8089}
DB_PORT=${DB_PORT:-5544}
OUT=target/bench
APP=${APP:-target/quarkus-app}
URL=http://localhost:$HTTP_PORT

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)..."
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q wrk >/dev/null; else sudo apt-get install -y -q wrk >/dev/null; fi
fi
if [ -z "${SKIP_PACKAGE:-}" ]; then
  ./mvnw -q -B package -DskipTests
fi
mkdir -p $OUT && rm -rf $OUT/service-db

# ---- start-up to first score ----
# Starts on one database: the first (fresh database: migrations, compiles the models and keeps them),
# then STARTUP_ROUNDS times one that compiles again (leadscore.rules.keep-compiled=false) and one that
# loads the kept modules; the last one serves the rest of the benchmark.
JFR_OPTS=()
if [ -n "${JFR:-}" ]; then JFR_OPTS=(-XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=filename=$OUT/service.jfr,settings=profile); fi
# SERVICE_OPTS: extra JVM/Quarkus options for experiments, e.g. -Dquarkus.datasource.jdbc.additional-jdbc-properties.options="-c synchronous_commit=off"
export ADMIN_API_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d " \n")
PID=
trap '[ -n "$PID" ] && { kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; }' EXIT
TICKS=$(getconf CLK_TCK)
start_service() { # log file, extra JVM options...; sets PID, start_ns, first_score_ms and first_score_cpu_ms
  local log=$1; shift
  start_ns=$(date +%s%N)
  java -Xms512m -Xmx1g "$@" ${SERVICE_OPTS:-} -Dquarkus.http.port=$HTTP_PORT \
       -Dleadscore.embedded-db.dir=$OUT/service-db -Dleadscore.embedded-db.port=$DB_PORT \
       -Dleadscore.bulk.persist-limit-endpoint=true -jar $APP/quarkus-run.jar > "$log" 2>&1 &
  PID=$!
  until curl -sf -o /dev/null -H "X-API-Key: $ADMIN_API_KEY" -H 'Content-Type: application/json' -d '{"lead":{"title":"VP Sales"}}' $URL/api/score; do
    kill -0 $PID 2>/dev/null || { echo "the service died:"; tail -30 "$log"; exit 1; }
    sleep 0.05
  done
  first_score_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
  # CPU time the service used until then (all its threads): on a shared machine steadier than the wall clock
  first_score_cpu_ms=$(awk -v t=$TICKS '{ print int(($14 + $15) * 1000 / t) }' /proc/$PID/stat)
}
stop_service() {
  kill $PID; wait $PID 2>/dev/null || true; PID=
}
if [ -n "${ONLY:-}" ]; then
  # one start on a fresh database serves the two stateless paths (ONLY=stateless), ingestion and its limit
  # (ONLY=ingest) or the bulk re-score (ONLY=bulk); the start-up pairs are skipped
  start_service $OUT/service.log "${JFR_OPTS[@]}"
  fresh_ms=$first_score_ms STARTUP_ROUNDS=0 # ONLY=stateless or ONLY=ingest
else
  start_service $OUT/service-first.log
  fresh_ms=$first_score_ms
  stop_service
fi
# A class-data-sharing archive of a trained start (docs/operations.md, "Faster starts"): one start with kept modules
# that writes the classes it loaded to $OUT/service.jsa when it stops (JDK dynamic archive)
CDS=${CDS:-1}
[ "$STARTUP_ROUNDS" -gt 0 ] || CDS=0
if [ "$CDS" = 1 ]; then
  rm -f $OUT/service.jsa
  start_service $OUT/service-train.log -XX:ArchiveClassesAtExit=$OUT/service.jsa -Xlog:cds=off -Xlog:cds+dynamic=off
  stop_service
  [ -s $OUT/service.jsa ] || { echo "the training start wrote no archive:"; tail -20 $OUT/service-train.log; exit 1; }
  CDS_OPTS=(-XX:SharedArchiveFile=$OUT/service.jsa)
fi
# STARTUP_ROUNDS rounds of starts, compiling then kept (then both again with the archive), alternating so all
# see the same machine; the last start (kept modules, with the archive if there is one) serves the rest
compiling_all=() kept_all=() compiling_cpu=() kept_cpu=() ccds_all=() kcds_all=() ccds_cpu=() kcds_cpu=()
for round in $(seq 1 "$STARTUP_ROUNDS"); do
  start_service $OUT/service-compiling.log -Dleadscore.rules.keep-compiled=false
  compiling_all+=($first_score_ms) compiling_cpu+=($first_score_cpu_ms)
  stop_service
  if [ "$CDS" = 1 ]; then
    start_service $OUT/service-kept.log
    kept_all+=($first_score_ms) kept_cpu+=($first_score_cpu_ms)
    stop_service
    start_service $OUT/service-compiling-cds.log "${CDS_OPTS[@]}" -Dleadscore.rules.keep-compiled=false
    ccds_all+=($first_score_ms) ccds_cpu+=($first_score_cpu_ms)
    stop_service
    start_service $OUT/service.log "${CDS_OPTS[@]}" "${JFR_OPTS[@]}"
    kcds_all+=($first_score_ms) kcds_cpu+=($first_score_cpu_ms)
  else
    start_service $OUT/service.log "${JFR_OPTS[@]}"
    kept_all+=($first_score_ms) kept_cpu+=($first_score_cpu_ms)
  fi
  [ "$round" -lt "$STARTUP_ROUNDS" ] && stop_service
done
median() { printf "%s\n" "$@" | sort -n | awk '{ v[NR]=$1 } END { print (NR%2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2) }'; }
compiling_ms=$(median "${compiling_all[@]:-0}")
kept_ms=$(median "${kept_all[@]:-0}")
compiling_cpu_ms=$(median "${compiling_cpu[@]:-0}")
kept_cpu_ms=$(median "${kept_cpu[@]:-0}")
ccds_ms=$(median "${ccds_all[@]:-0}")
kcds_ms=$(median "${kcds_all[@]:-0}")
ccds_cpu_ms=$(median "${ccds_cpu[@]:-0}")
kcds_cpu_ms=$(median "${kcds_cpu[@]:-0}")

cpu_ticks() { awk '{ print $14 + $15 }' /proc/$PID/stat; } # the service's user + system CPU time so far
thread_ticks() { # "kind user-ticks" and "kind(sys) system-ticks" per thread of the service; the kind is its name without numbers (request workers, event loop, JIT, GC...)
  for t in /proc/$PID/task/*; do
    printf "%s %s\n" "$(tr -d '0-9# ' < $t/comm 2>/dev/null)" "$(awk '{ sub(/^.*\) /, ""); print $12, $13 }' $t/stat 2>/dev/null)"
  done 2>/dev/null | awk 'NF == 3 { print $1, $2; print $1 "(sys)", $3 }'
}
pg_ticks() { # PostgreSQL's user + system CPU time so far: the postmaster, its live processes and those it reaped
  local pm=$(head -1 $OUT/service-db/postmaster.pid)
  { awk '{ print $14 + $15 + $16 + $17 }' /proc/$pm/stat
    for c in $(cat /proc/$pm/task/*/children 2>/dev/null); do awk '{ print $14 + $15 }' /proc/$c/stat 2>/dev/null || true; done
  } | awk '{ t += $1 } END { print t + 0 }'
}
# ---- an integration key for the load, with the highest rate limit a key can have (1M/min) ----
export API_KEY=$(curl -sf -H "X-API-Key: $ADMIN_API_KEY" -H 'Content-Type: application/json' \
  -d '{"name":"benchmark","role":"integration","rateLimitPerMinute":1000000}' $URL/api/admin/keys \
  | sed -E 's/.*"key":"([^"]+)".*/\1/')

if [ "${ONLY:-}" != bulk ]; then
# ---- leads for the ingestion run ----
FULL=1; [ "${ONLY:-}" = stateless ] && FULL=
[ -n "$FULL" ] && LEADS_TO_CREATE=$LEADS || LEADS_TO_CREATE=0
PROFILE='{"email":"pat@acme.io","title":"VP Sales","country":"US","company":{"name":"Acme","industry":"SaaS","employees":200}}'
for i in $(seq 0 $((LEADS_TO_CREATE - 1))); do
  curl -sf -o /dev/null -X PUT -H "X-API-Key: $API_KEY" -H 'Content-Type: application/json' -d "$PROFILE" $URL/api/leads/bench-$i
done

export EVENT_TIME=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ) LEADS RUN_ID=run$(date +%s)
run_wrk() { # name, wrk args...; also keeps the service's and PostgreSQL's CPU time during the run in $OUT/cpu-$name.txt, pg-$name.txt, the service's per kind of thread in $OUT/cpu-threads-$name.txt
  local name=$1; shift
  local before=$(cpu_ticks) pg_before=$(pg_ticks)
  thread_ticks > $OUT/threads-before.txt
  local from=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" > $OUT/wrk-$name.txt
  echo "$from $(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" > $OUT/window-$name.txt # to cut a profile to the run
  echo $(( $(cpu_ticks) - before )) > $OUT/cpu-$name.txt
  echo $(( $(pg_ticks) - pg_before )) > $OUT/pg-$name.txt
  thread_ticks | awk 'NR == FNR { before[$1] += $2; next } { after[$1] += $2 } END { for (k in after) print k, after[k] - before[k] }' \
    $OUT/threads-before.txt - | sort -k2,2nr > $OUT/cpu-threads-$name.txt
}
# warm up each path briefly, then measure
STATELESS=1; [ "${ONLY:-}" = ingest ] && STATELESS=
if [ -n "$STATELESS" ]; then
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-5s}" -s bench/wrk/score.lua $URL/api/score >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-5s}" $URL/q/health/live >/dev/null
run_wrk ceiling $URL/q/health/live
run_wrk score -s bench/wrk/score.lua $URL/api/score
fi
if [ -n "$FULL" ]; then
RUN_ID=warm$(date +%s) wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-5s}" -s bench/wrk/ingest.lua $URL >/dev/null
stored_before=0
for i in $(seq 0 $((LEADS - 1))); do
  n=$(curl -sf -H "X-API-Key: $API_KEY" "$URL/api/leads/bench-$i/events?size=1" | sed -E 's/.*"total":([0-9]+).*/\1/'); stored_before=$((stored_before + n))
done
run_wrk ingest -s bench/wrk/ingest.lua $URL
stored_after=0
for i in $(seq 0 $((LEADS - 1))); do
  n=$(curl -sf -H "X-API-Key: $API_KEY" "$URL/api/leads/bench-$i/events?size=1" | sed -E 's/.*"total":([0-9]+).*/\1/'); stored_after=$((stored_after + n))
done
# the limit: the same requests, each only inserting its event row and committing
PATH_PREFIX=/api/bench/leads/ RUN_ID=limit$(date +%s) wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-5s}" -s bench/wrk/ingest.lua $URL >/dev/null
PATH_PREFIX=/api/bench/leads/ RUN_ID=limit2$(date +%s) run_wrk limit -s bench/wrk/ingest.lua $URL
fi

# ---- report ----
figures() { # file -> "rps p50_ms p99_ms requests errors"
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps=$2 }
    /^ +50%/ { p50=ms($2) } /^ +99%/ { p99=ms($2) }
    /requests in/ { req=$1 }
    /Non-2xx/ { err+=$NF }
    /Socket errors/ { gsub(/,/, ""); err+=$4+$6+$8+$10 }
    END { printf "%s %s %s %s %d", rps, p50, p99, req, err }' "$1"
}
cpu_us() { # path name [cpu|pg] -> the service's (or PostgreSQL's) CPU time per request in microseconds
  awk -v t=$(cat $OUT/${2:-cpu}-$1.txt) -v r=$(figures $OUT/wrk-$1.txt | cut -d' ' -f4) -v hz=$(getconf CLK_TCK) \
    'BEGIN { printf "%.0f", (r > 0) ? t * 1000000 / hz / r : 0 }'
}
if [ -n "$STATELESS" ]; then
read c_rps c_p50 c_p99 c_req c_err <<< "$(figures $OUT/wrk-ceiling.txt)"
read s_rps s_p50 s_p99 s_req s_err <<< "$(figures $OUT/wrk-score.txt)"
fi
if [ -n "$FULL" ]; then
  read i_rps i_p50 i_p99 i_req i_err <<< "$(figures $OUT/wrk-ingest.txt)"
  read l_rps l_p50 l_p99 l_req l_err <<< "$(figures $OUT/wrk-limit.txt)"
  stored=$((stored_after - stored_before))
fi
{
echo
echo "==== Service benchmark ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load generator on the same machine) ===="
echo "wrk: 2 threads, $CONNECTIONS connections, $DURATION per path; service: java -Xmx1g -jar target/quarkus-app/quarkus-run.jar, embedded PostgreSQL"
echo "Start-up to first score, first start on a fresh database (migrations, models compiled and kept): $fresh_ms ms"
if [ -n "$FULL" ] && [ "$STARTUP_ROUNDS" -gt 0 ]; then
echo "Start-up to first score, models compiled (leadscore.rules.keep-compiled=false): median $compiling_ms ms of ${compiling_all[*]}"
echo "Start-up to first score, kept compiled models loaded: median $kept_ms ms of ${kept_all[*]}"
if [ "$CDS" = 1 ]; then
awk -v k=$kept_ms -v c=$compiling_ms 'BEGIN { printf "Start-up with kept models / compiling, no class archive: %.0f%%\n", k/c*100 }'
echo "Start-up to first score with the class archive of a trained start ($(( $(stat -c %s $OUT/service.jsa) / 1048576 )) MB), compiling: median $ccds_ms ms of ${ccds_all[*]}; kept models: median $kcds_ms ms of ${kcds_all[*]}"
awk -v k=$kcds_ms -v c=$compiling_ms 'BEGIN { r=k/c*100; printf "Start-up with kept models and the class archive / compiling without either: %.0f%% (target <= 40%%: %s)\n", r, (r<=40)?"MET":"MISSED" }'
awk -v k=$kcds_ms -v c=$ccds_ms 'BEGIN { printf "Start-up with kept models / compiling, both with the class archive: %.0f%%\n", k/c*100 }'
else
awk -v k=$kept_ms -v c=$compiling_ms 'BEGIN { r=k/c*100; printf "Start-up with kept models / compiling: %.0f%% (target <= 40%%: %s)\n", r, (r<=40)?"MET":"MISSED" }'
fi
echo "CPU time of the service to first score, compiling: median $compiling_cpu_ms ms of ${compiling_cpu[*]}; kept: median $kept_cpu_ms ms of ${kept_cpu[*]}"
awk -v k=$kept_cpu_ms -v c=$compiling_cpu_ms 'BEGIN { printf "CPU time to first score with kept models / compiling: %.0f%%\n", k/c*100 }'
if [ "$CDS" = 1 ]; then
echo "CPU time with the class archive, compiling: median $ccds_cpu_ms ms of ${ccds_cpu[*]}; kept: median $kcds_cpu_ms ms of ${kcds_cpu[*]}"
awk -v k=$kcds_cpu_ms -v c=$compiling_cpu_ms -v cc=$ccds_cpu_ms 'BEGIN { printf "CPU time to first score with kept models and the class archive / compiling without either: %.0f%%; both with the archive: %.0f%%\n", k/c*100, k/cc*100 }'
fi
echo "Start-up timeline of the last start (ms after launching the JVM, from the service log):"
grep -E "Embedded PostgreSQL on port|Successfully applied|is up to date|Model '[^']*' version .* active|started in" $OUT/service.log | while read -r day time rest; do
  at_ns=$(date -d "$day ${time/,/.}" +%s%N)
  printf "  %7d ms  %s\n" $(( (at_ns - start_ns) / 1000000 )) "$(echo "$rest" | sed -E 's/^[A-Z]+ +\[[^]]*\] \([^)]*\) //' | cut -c1-90)"
done
fi
printf "%-34s %12s %10s %10s %10s %8s %12s %12s\n" path "req/s" "p50 ms" "p99 ms" requests errors "CPU us/req" "PG CPU us/req"
if [ -n "$STATELESS" ]; then
printf "%-34s %12.0f %10.2f %10.2f %10s %8s %12s %12s\n" "GET /q/health/live (ceiling)" $c_rps $c_p50 $c_p99 $c_req $c_err $(cpu_us ceiling) $(cpu_us ceiling pg)
printf "%-34s %12.0f %10.2f %10.2f %10s %8s %12s %12s\n" "POST /api/score (10 events)" $s_rps $s_p50 $s_p99 $s_req $s_err $(cpu_us score) $(cpu_us score pg)
fi
[ -n "$FULL" ] && printf "%-34s %12.0f %10.2f %10.2f %10s %8s %12s %12s\n" "POST /api/leads/{id}/events" $i_rps $i_p50 $i_p99 $i_req $i_err $(cpu_us ingest) $(cpu_us ingest pg)
[ -n "$FULL" ] && printf "%-34s %12.0f %10.2f %10.2f %10s %8s %12s %12s\n" "insert event + commit (limit)" $l_rps $l_p50 $l_p99 $l_req $l_err $(cpu_us limit) $(cpu_us limit pg)
thread_cpu_us() { # path name -> the service's CPU time per request by kind of thread, the largest first
  awk -v r=$(figures $OUT/wrk-$1.txt | cut -d' ' -f4) -v hz=$(getconf CLK_TCK) \
    'r > 0 && (v = $2 * 1000000 / hz / r) >= 1 && n++ < 8 { printf "%s%s %.0f", sep, $1, v; sep = ", " }' $OUT/cpu-threads-$1.txt
}
if [ -n "$STATELESS" ]; then
echo "CPU us/req by thread, ceiling: $(thread_cpu_us ceiling)"
echo "CPU us/req by thread, POST /api/score: $(thread_cpu_us score)"
awk -v s=$s_rps -v c=$c_rps 'BEGIN { r=s/c*100; printf "Stateless scoring / ceiling: %.1f%% (target >= 25%%: %s)\n", r, (r>=25)?"MET":"MISSED" }'
awk -v s=$(cpu_us score) -v c=$(cpu_us ceiling) 'BEGIN { if (s > 0) printf "Service CPU per request, ceiling / stateless scoring: %.1f%%\n", c/s*100 }'
fi
[ -n "$FULL" ] && awk -v r=$i_rps -v l=$l_rps -v p=$i_p99 -v e=$i_err 'BEGIN { q=r/l*100; printf "Persisted ingestion: %.0f events/s = %.1f%% of the limit of %.0f/s (target >= 50%%: %s), p99 %.1f ms (target < 50: %s), errors %d (target 0: %s)\n", r, q, l, (q>=50)?"MET":"MISSED", p, (p<50)?"MET":"MISSED", e, (e==0)?"MET":"MISSED" }'
[ -n "$FULL" ] && echo "Events stored during the ingestion run: $stored (wrk completed $i_req requests of one new event each)"
echo "Service: $APP"
} | tee $OUT/service-summary.txt
fi
[ "${ONLY:-}" = bulk ] && { FULL=1; : > $OUT/service-summary.txt; }

# ---- bulk: generate leads, re-score them all ----
if [ -n "$FULL" ] && [ "$BULK_LEADS" -gt 0 ]; then
  PG_JAR=$(ls $APP/lib/main/org.postgresql.postgresql-*.jar)
  gen_start=$(date +%s%N)
  java -cp "$PG_JAR" bench/GenerateLeads.java "jdbc:postgresql://localhost:$DB_PORT/postgres" "$BULK_LEADS"
  gen_ms=$(( ($(date +%s%N) - gen_start) / 1000000 ))
  rss_before=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
  per_lead() { # service ticks before, PostgreSQL ticks before, leads -> "service X us + PostgreSQL Y us"
    awk -v s=$(( $(cpu_ticks) - $1 )) -v p=$(( $(pg_ticks) - $2 )) -v n=$3 -v hz=$TICKS \
      'BEGIN { printf "service %.0f us + PostgreSQL %.0f us", s * 1e6 / hz / n, p * 1e6 / hz / n }'
  }
  before=$(cpu_ticks) pg_before=$(pg_ticks)
  result=$(curl -sf -H "X-API-Key: $ADMIN_API_KEY" -X POST "$URL/api/rescore?model=sales-led")
  first_cpu=$(per_lead $before $pg_before $BULK_LEADS)
  # the time-driven case: most scores unchanged since the last pass, so little is written
  before=$(cpu_ticks) pg_before=$(pg_ticks)
  again=$(curl -sf -H "X-API-Key: $ADMIN_API_KEY" -X POST "$URL/api/rescore?model=sales-led")
  again_cpu=$(per_lead $before $pg_before $BULK_LEADS)
  rss_peak=$(awk '/VmHWM/ {print $2}' /proc/$PID/status)
  # what the passes left for the time-driven job: leads due now (a new score without a plan)
  job=$(curl -sf -H "X-API-Key: $ADMIN_API_KEY" "$URL/api/jobs/rescore" | sed -E 's/.*"backlog":\{"due":([0-9]+).*/\1/')
  {
  echo "Generated $BULK_LEADS leads (3 events each) in $gen_ms ms"
  echo "Re-score of all sales-led leads, first pass (a new score stored for each): $result"
  echo "  CPU time per lead: $first_cpu"
  echo "Re-score again right after (scores unchanged, nothing written): $again"
  echo "  CPU time per lead: $again_cpu"
  echo "Leads left due for the time-driven job after both passes: $job"
  echo "Service resident memory: $((rss_before / 1024)) MB before, peak $((rss_peak / 1024)) MB during the whole run (heap capped at 1 GB)"
  } | tee -a $OUT/service-summary.txt
fi
