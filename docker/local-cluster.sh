#!/usr/bin/env bash
# The docker/compose.yaml topology without Docker: a Spark standalone master, N workers and
# (with --hdfs) an in-JVM HDFS, each a separate JVM on 127.0.0.1, run from this project's own
# Maven jars (no Spark distribution), with Spark RPC authentication on.
#
#   docker/local-cluster.sh start [--workers N] [--cores C] [--memory M] [--hdfs]
#   docker/local-cluster.sh status
#   docker/local-cluster.sh submit <bln command> [options]   # spark-submit jobs/target/bln-jobs.jar
#   docker/local-cluster.sh env                              # export lines for a shell: eval "$(...)"
#   docker/local-cluster.sh stop
#
# Everything lives in the state directory ($BLN_CLUSTER_DIR, default /tmp/bln-cluster), which only
# its owner may read (start makes it mode 700):
#   master-url, master-ui-url, hdfs-uri     where to connect
#   secret                                  the RPC secret (mode 600), unless SPARK_AUTH_SECRET is set
#   conf/spark-defaults.conf                auth + driver/executor settings (mode 600), SPARK_CONF_DIR
#   spark-home/jars/                        SPARK_HOME: links to the runtime jars
#   pids/*.pid, logs/*.log                  one per JVM; work/worker-N/ holds executor logs
#
# Settings (environment): BLN_CLUSTER_DIR, BLN_MASTER_PORT (default 7077, or a free port when 7077
# is taken), BLN_MASTER_UI_PORT (8080), BLN_WORKER_UI_PORT (8081, +1 per worker), BLN_HDFS_PORT
# (default: a free port), BLN_WORKER_MEMORY (2g), BLN_DAEMON_MEMORY (512m), BLN_STOP_TIMEOUT (20 s),
# SPARK_AUTH_SECRET, BLN_CLASSPATH_FILE (default jobs/target/classpath.txt), BLN_HDFS_CLASSPATH_FILE
# (for --hdfs: a classpath with hadoop-client-minicluster; default: the jobs test classpath); for submit:
# BLN_JOBS_JAR, BLN_DRIVER_MEMORY (2g), BLN_EXECUTOR_MEMORY (1g), BLN_SUBMIT_OPTS (extra
# spark-submit options, word-split).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="$(realpath -m "${BLN_CLUSTER_DIR:-/tmp/bln-cluster}")"
# Every JVM started here carries this marker, so that stop/status only ever touch our own processes
# (a pid file can outlive its process, and the pid can be reused).
marker="-Dbln.cluster.dir=$state"

# spark-submit and standalone workers add the Java 17 flags to the executors themselves, but the
# master, worker and client-mode driver JVMs need them here.
java_flags=("@$root/conf/java17.args")

log() { echo "local-cluster: $*" >&2; }
die() { log "$*"; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
  exit "${1:-2}"
}

# --- the state directory ----------------------------------------------------------------------

# The state directory holds the RPC secret and the scripts' pid files: it must be this user's and
# not writable by others (who could plant a pid or a configuration), and the secret file must be
# readable by no one else.
require_private_state() {
  [ -e "$state" ] || return 0
  local owner mode
  owner="$(stat -c %u "$state")"
  [ "$owner" = "$(id -u)" ] || die "$state belongs to user $owner, not to you; choose another BLN_CLUSTER_DIR"
  mode="$(stat -c %a "$state")"
  (( (8#$mode & 8#022) == 0 )) || die "$state is writable by others (mode $mode); run 'chmod go-w $state' or choose another BLN_CLUSTER_DIR"
  if [ -e "$state/secret" ]; then
    mode="$(stat -c %a "$state/secret")"
    (( (8#$mode & 8#077) == 0 )) || die "$state/secret is readable by others (mode $mode); run 'chmod 600 $state/secret', and choose a new secret if others may have read it"
  fi
}

# --- processes ------------------------------------------------------------------------------

# ours PID: the process is alive and was started by this script for this state directory. Not
# grep -q: it exits at the first match, and with a long command line (HDFS's classpath) tr then
# dies of SIGPIPE, which fails the pipeline (pipefail), so that stop would leave HDFS running.
ours() {
  [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] && tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null | grep -xF -- "$marker" >/dev/null
}

pid_of() { # NAME -> pid from pids/NAME.pid, if that process is still ours
  local f="$state/pids/$1.pid" pid
  [ -f "$f" ] || return 1
  pid="$(cat "$f")"
  ours "$pid" && echo "$pid"
}

# Executors are children of the workers, started without our marker; they run in work/worker-N/.
executor_pids() {
  local d cwd
  for d in /proc/[0-9]*; do
    cwd="$(readlink "$d/cwd" 2>/dev/null)" || continue
    case "$cwd" in "$state/work/"*) echo "${d#/proc/}" ;; esac
  done
}

is_executor() { # PID: still one of our executors
  local cwd
  cwd="$(readlink "/proc/$1/cwd" 2>/dev/null)" && case "$cwd" in "$state/work/"*) return 0 ;; *) return 1 ;; esac
}

# stop_wait TIMEOUT CHECK PID...: waits for the (already signalled) PIDs to exit; after TIMEOUT
# seconds sends KILL to those that remain and still pass CHECK (so a reused pid is never hit).
stop_wait() {
  local timeout="$1" check="$2" p left deadline
  shift 2
  deadline=$((SECONDS + timeout))
  while :; do
    left=()
    for p in "$@"; do "$check" "$p" && left+=("$p"); done
    [ ${#left[@]} -eq 0 ] && return 0
    if ((SECONDS >= deadline)); then
      log "killing ${left[*]} after ${timeout}s"
      kill -KILL "${left[@]}" 2>/dev/null || true
      return 0
    fi
    sleep 0.5
  done
}

# launch NAME CMD...: runs CMD in the background with its output in logs/NAME.log.
launch() {
  local name="$1"; shift
  nohup "$@" >"$state/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$state/pids/$name.pid"
}

# alive NAME: the process of pids/NAME.pid still exists. Not pid_of: just after launch the process
# may not have exec'ed into its JVM yet, so its command line lacks our marker (a start under load
# was once taken for a dead master that way).
alive() {
  local f="$state/pids/$1.pid"
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null
}

# wait_until SECONDS DESCRIPTION NAME CHECK...: polls CHECK until it succeeds; fails early (with the
# end of the log) when the JVM called NAME has died.
wait_until() {
  local timeout="$1" what="$2" name="$3"; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if ! alive "$name"; then
      tail -n 30 "$state/logs/$name.log" >&2 || true
      die "$name exited while waiting for $what (log: $state/logs/$name.log)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$state/logs/$name.log" >&2 || true
      die "timed out after ${timeout}s waiting for $what (log: $state/logs/$name.log)"
    fi
    sleep 0.5
  done
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- classpaths -------------------------------------------------------------------------------

# The runtime classpath (Spark, Hadoop, DL4J): the file `mvn package` writes for bin/bln, else
# resolved here without compiling the jobs module.
spark_classpath_file() {
  if [ -n "${BLN_CLASSPATH_FILE:-}" ]; then
    [ -s "$BLN_CLASSPATH_FILE" ] || die "BLN_CLASSPATH_FILE=$BLN_CLASSPATH_FILE is missing or empty"
    echo "$BLN_CLASSPATH_FILE"
  elif [ -s "$root/jobs/target/classpath.txt" ]; then
    echo "$root/jobs/target/classpath.txt"
  else
    log "jobs/target/classpath.txt is missing; resolving the runtime classpath with Maven (offline)"
    (cd "$root" && bin/mvn-quiet -o -pl jobs -am compile dependency:build-classpath -Dmaven.main.skip=true \
      -DincludeScope=compile -Dmdep.outputFile="$state/classpath.txt" 2>&1 | sed 's/\x1b\[[0-9;]*m//g') >&2 \
      || die "could not resolve the classpath; run 'mvn -DskipTests package' first"
    echo "$state/classpath.txt"
  fi
}

# SPARK_HOME/jars: links to every external jar of the runtime classpath. Our own modules are left
# out: the application jar shipped with spark.jars must be the only copy of our classes.
make_spark_home() {
  local cpfile="$1" jar link
  rm -rf "$state/spark-home/jars"
  mkdir -p "$state/spark-home/jars"
  while IFS= read -r jar; do
    case "$jar" in *.jar) ;; *) continue ;; esac
    case "$jar" in "$root"/*) continue ;; esac
    [ -f "$jar" ] || die "missing jar on the classpath: $jar (rebuild: mvn -DskipTests package)"
    link="$state/spark-home/jars/$(basename "$jar")"
    if [ -e "$link" ]; then # same file name from two groups: keep both
      link="$state/spark-home/jars/$(basename "$(dirname "$(dirname "$(dirname "$jar")")")")-$(basename "$jar")"
    fi
    ln -s "$jar" "$link"
  done < <(tr ':' '\n' <"$cpfile")
  [ -n "$(ls "$state/spark-home/jars")" ] || die "no jars found in $cpfile"
}

# MiniHdfs (jobs/src/test) needs hadoop-client-minicluster, a test dependency: resolve the test
# classpath (unless BLN_HDFS_CLASSPATH_FILE gives it: a test run already has it, and a nested Maven
# run costs 10-20 s) and compile that one class into the state directory (the jobs module itself
# need not compile for this).
hdfs_classpath() {
  local cpfile="${BLN_HDFS_CLASSPATH_FILE:-$state/hdfs/classpath.txt}" src="$root/jobs/src/test/java/org/blnspark/jobs/cluster/MiniHdfs.java"
  mkdir -p "$state/hdfs/classes"
  if [ -n "${BLN_HDFS_CLASSPATH_FILE:-}" ]; then
    [ -s "$cpfile" ] || die "BLN_HDFS_CLASSPATH_FILE=$cpfile is missing or empty"
  elif [ ! -s "$cpfile" ] || [ "$root/jobs/pom.xml" -nt "$cpfile" ] || [ "$root/pom.xml" -nt "$cpfile" ]; then
    log "resolving the HDFS test classpath with Maven (offline)"
    (cd "$root" && bin/mvn-quiet -o -pl jobs -am compile dependency:build-classpath -Dmaven.main.skip=true \
      -DincludeScope=test -Dmdep.outputFile="$cpfile" 2>&1 | sed 's/\x1b\[[0-9;]*m//g') >&2 \
      || die "could not resolve hadoop-client-minicluster; run 'mvn -B dependency:resolve -pl jobs -am' once online"
  fi
  if [ ! -f "$state/hdfs/classes/org/blnspark/jobs/cluster/MiniHdfs.class" ] || [ "$src" -nt "$state/hdfs/classes/org/blnspark/jobs/cluster/MiniHdfs.class" ]; then
    javac -nowarn -d "$state/hdfs/classes" -cp "$(cat "$cpfile")" "$src" >"$state/logs/hdfs-javac.log" 2>&1 \
      || { cat "$state/logs/hdfs-javac.log" >&2; die "could not compile $src"; }
  fi
  echo "$state/hdfs/classes:$(cat "$cpfile")"
}

# --- commands ---------------------------------------------------------------------------------

names() { # every JVM this script may have started, from the pid files present
  local f
  for f in "$state"/pids/*.pid; do [ -e "$f" ] && basename "$f" .pid; done
  return 0
}

spark_env() { # the environment every Spark JVM here runs with
  export SPARK_HOME="$state/spark-home"
  export SPARK_SCALA_VERSION=2.12 # without it every executor launch fails: "Cannot find any build directories"
  export SPARK_CONF_DIR="$state/conf"
  export SPARK_LOCAL_IP=127.0.0.1 # RPC and web UIs bind to loopback
  export SPARK_LOCAL_DIRS="$state/local"
}

cmd_start() {
  local workers=2 cores=1 memory="${BLN_WORKER_MEMORY:-2g}" hdfs=false
  while [ $# -gt 0 ]; do
    case "$1" in
      --workers) workers="${2:?--workers needs a number}"; shift 2 ;;
      --cores) cores="${2:?--cores needs a number}"; shift 2 ;;
      --memory) memory="${2:?--memory needs a size such as 2g}"; shift 2 ;;
      --hdfs) hdfs=true; shift ;;
      -h | --help) usage 0 ;;
      *) die "start: unknown option $1" ;;
    esac
  done
  [[ "$workers" =~ ^[1-9][0-9]*$ ]] || die "--workers must be a positive number"
  [[ "$cores" =~ ^[1-9][0-9]*$ ]] || die "--cores must be a positive number"
  local n
  for n in $(names); do
    if pid_of "$n" >/dev/null; then die "already running ($n); run '$0 stop' first"; fi
  done

  # Private: it holds the secret, the HDFS address (whose simple mode trusts any user name a
  # client gives) and the logs. A directory from an earlier start may be open to reading.
  (umask 077 && mkdir -p "$state")
  chmod go-rwx "$state"
  # A start that fails half-way stops whatever it had started.
  trap 'log "start failed; stopping what was started"; cmd_stop' EXIT
  trap 'exit 130' INT TERM
  rm -rf "$state/pids" "$state/logs" "$state/work" "$state/local" "$state/hdfs/data"
  rm -f "$state/master-url" "$state/master-ui-url" "$state/hdfs-uri"
  mkdir -p "$state/pids" "$state/logs" "$state/work" "$state/local" "$state/conf" "$state/hdfs"

  local cpfile
  cpfile="$(spark_classpath_file)"
  make_spark_home "$cpfile"

  # The RPC secret: from the environment, else the one generated on an earlier start.
  local secret
  if [ -n "${SPARK_AUTH_SECRET:-}" ]; then
    secret="$SPARK_AUTH_SECRET"
  else
    if [ ! -s "$state/secret" ]; then
      (umask 077 && openssl rand -hex 32 >"$state/secret")
    fi
    secret="$(cat "$state/secret")"
  fi
  unset SPARK_AUTH_SECRET # the JVMs read it from the private properties file, not their environment

  (
    umask 077
    cat >"$state/conf/spark-defaults.conf" <<EOF
# Written by docker/local-cluster.sh. Read by the master and workers (--properties-file) and by
# spark-submit (SPARK_CONF_DIR). Holds the RPC secret: keep it private.
spark.authenticate              true
spark.authenticate.secret       $secret
spark.driver.host               127.0.0.1
spark.driver.bindAddress        127.0.0.1
# ND4J: one native thread per task slot (stack.md: oversubscription halves the speed).
spark.executorEnv.OMP_NUM_THREADS $cores
# DL4J's Spark training timings use an NTP clock unless told otherwise, and NTP needs the internet;
# DL4J M2 turns its oneDNN helpers off unless told otherwise (conf/java17.args).
spark.executor.extraJavaOptions -Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource -Dorg.eclipse.deeplearning4j.helpers.disable=false
# The drivers' and the master's UIs show no links that kill applications, jobs or stages.
spark.ui.killEnabled            false
# Executors' copies of the application jar pile up in work/: drop those of finished apps after 1 h.
spark.worker.cleanup.enabled    true
spark.worker.cleanup.appDataTtl 3600
EOF
  )
  # Spark's INFO log for the master, workers and executors (the same file as in the image).
  cp "$root/docker/log4j2.properties" "$state/conf/log4j2.properties"

  spark_env
  local jvm=(java "-Xmx${BLN_DAEMON_MEMORY:-512m}" "${java_flags[@]}" "$marker"
    "-Dlog4j2.configurationFile=$state/conf/log4j2.properties" -cp "$state/spark-home/jars/*")

  # HDFS first: it is the slowest to come up (about 15 s), and runs while Spark starts.
  if $hdfs; then
    local hcp
    hcp="$(hdfs_classpath)"
    launch hdfs java -Xmx1g "${java_flags[@]}" "$marker" \
      "-Dlog4j2.configurationFile=$state/conf/log4j2.properties" -cp "$hcp" \
      org.blnspark.jobs.cluster.MiniHdfs "$state/hdfs/data" "$state/hdfs-uri" ${BLN_HDFS_PORT:+"$BLN_HDFS_PORT"}
  fi

  local mport="${BLN_MASTER_PORT:-}"
  if [ -z "$mport" ]; then
    mport=7077
    if port_in_use 7077; then
      log "port 7077 is taken; the master gets a free port (set BLN_MASTER_PORT to choose one)"
      mport=0
    fi
  elif port_in_use "$mport"; then
    die "BLN_MASTER_PORT=$mport is already in use"
  fi
  launch master "${jvm[@]}" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$mport" \
    --webui-port "${BLN_MASTER_UI_PORT:-8080}" --properties-file "$state/conf/spark-defaults.conf"
  master_ready() { grep -q 'I have been elected leader' "$state/logs/master.log"; }
  wait_until 60 "the master" master master_ready
  local url ui
  url="$(grep -o 'Starting Spark master at spark://[0-9.:]*' "$state/logs/master.log" | head -n 1 | sed 's/.* at //')"
  [ -n "$url" ] || die "could not read the master URL from $state/logs/master.log"
  ui="$(grep -o 'MasterWebUI.*started at http://[^ ]*' "$state/logs/master.log" | head -n 1 | sed 's/.*started at http:\/\/[^:]*:/http:\/\/127.0.0.1:/')"
  echo "$url" >"$state/master-url"
  [ -z "$ui" ] || echo "$ui" >"$state/master-ui-url"

  local i uiport="${BLN_WORKER_UI_PORT:-8081}"
  for ((i = 1; i <= workers; i++)); do
    mkdir -p "$state/work/worker-$i"
    OMP_NUM_THREADS="$cores" launch "worker-$i" "${jvm[@]}" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --port 0 --webui-port $((uiport + i - 1)) --cores "$cores" --memory "$memory" \
      --work-dir "$state/work/worker-$i" --properties-file "$state/conf/spark-defaults.conf" "$url"
  done
  worker_registered() { grep -q 'Successfully registered with master' "$state/logs/worker-$1.log"; }
  for ((i = 1; i <= workers; i++)); do
    wait_until 60 "worker-$i to register with the master" "worker-$i" worker_registered "$i"
  done

  if $hdfs; then
    wait_until 180 "HDFS" hdfs test -s "$state/hdfs-uri"
    # Drivers started with this configuration default to the cluster's HDFS.
    echo "spark.hadoop.fs.defaultFS      $(cat "$state/hdfs-uri")" >>"$state/conf/spark-defaults.conf"
  fi

  trap - EXIT INT TERM
  echo "master:  $url"
  [ -z "$ui" ] || echo "ui:      $ui"
  echo "workers: $workers x $cores core(s), $memory"
  if $hdfs; then echo "hdfs:    $(cat "$state/hdfs-uri")"; fi
  echo "state:   $state   (stop with: $0 stop)"
}

cmd_stop() {
  local timeout="${BLN_STOP_TIMEOUT:-20}" n pid pids=()
  [ -d "$state/pids" ] || { log "nothing to stop in $state"; return 0; }
  # HDFS and the workers first (a worker stops its executors), then the master.
  for n in hdfs $(names | grep '^worker-' | sort -t- -k2 -n -r) master; do
    [ -f "$state/pids/$n.pid" ] || continue
    if pid="$(pid_of "$n")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      log "stopping $n (pid $pid)"
    else
      log "$n was not running (stale pid file)"
    fi
  done
  if [ ${#pids[@]} -gt 0 ]; then stop_wait "$timeout" ours "${pids[@]}"; fi
  # Executors outlive a worker that was killed; they run in our work directory.
  mapfile -t pids < <(executor_pids)
  if [ ${#pids[@]} -gt 0 ]; then
    log "stopping leftover executors: ${pids[*]}"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    stop_wait "$timeout" is_executor "${pids[@]}"
  fi
  rm -f "$state"/pids/*.pid "$state/master-url" "$state/master-ui-url" "$state/hdfs-uri"
  # Each executor copied the application jar (about 170 MB) into work/; its logs stay.
  if [ -d "$state/work" ]; then find "$state/work" -name '*.jar' -type f -delete; fi
  log "stopped; logs kept in $state/logs and $state/work"
}

cmd_status() {
  local n pid running=0 total=0
  for n in $(names); do
    total=$((total + 1))
    if pid="$(pid_of "$n")"; then
      running=$((running + 1))
      printf '%-10s running  pid %s\n' "$n" "$pid"
    else
      printf '%-10s stopped  (stale pid file)\n' "$n"
    fi
  done
  [ "$total" -gt 0 ] || { echo "no cluster in $state"; return 1; }
  local e
  for e in $(executor_pids); do printf '%-10s running  pid %s\n' executor "$e"; done
  [ ! -s "$state/master-url" ] || echo "master:  $(cat "$state/master-url")"
  if [ -s "$state/master-ui-url" ]; then
    echo "ui:      $(cat "$state/master-ui-url")"
    local json
    if json="$(curl -fsS --max-time 3 "$(cat "$state/master-ui-url")/json/" 2>/dev/null)"; then
      # The cluster totals follow the workers list: "aliveworkers" : N, "cores" : C, "coresused" : U
      json="$(tr -d ' \n' <<<"$json" | grep -o '"aliveworkers":[0-9]*,"cores":[0-9]*,"coresused":[0-9]*' || true)"
      [ -z "$json" ] || echo "alive workers: $(cut -d, -f1 <<<"$json" | cut -d: -f2), cores: $(cut -d, -f2 <<<"$json" | cut -d: -f2) (in use: $(cut -d, -f3 <<<"$json" | cut -d: -f2))"
    fi
  fi
  [ ! -s "$state/hdfs-uri" ] || echo "hdfs:    $(cat "$state/hdfs-uri")"
  [ "$running" -eq "$total" ]
}

cmd_env() {
  [ -s "$state/master-url" ] || die "no running cluster in $state"
  echo "export SPARK_HOME='$state/spark-home' SPARK_CONF_DIR='$state/conf' SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1"
  echo "export BLN_MASTER='$(cat "$state/master-url")'"
  [ ! -s "$state/hdfs-uri" ] || echo "export BLN_HDFS='$(cat "$state/hdfs-uri")'"
}

# spark-submit, client mode, driver in this JVM: SparkSubmit from the same jars as the cluster. The
# driver carries the marker too, so that its caller can tell it apart; stop leaves drivers alone.
cmd_submit() {
  [ $# -gt 0 ] || die "submit: give a bln command, e.g. submit train --data ... --output ..."
  if [ ! -s "$state/master-url" ] || ! pid_of master >/dev/null; then
    die "no running cluster in $state (start it first)"
  fi
  local jar="${BLN_JOBS_JAR:-$root/jobs/target/bln-jobs.jar}"
  [ -f "$jar" ] || die "$jar is missing: run 'mvn -DskipTests package'"
  local log4j=()
  [ ! -f "$root/conf/log4j2.properties" ] || log4j=("-Dlog4j2.configurationFile=$root/conf/log4j2.properties")
  spark_env
  # shellcheck disable=SC2086 # BLN_SUBMIT_OPTS is a list of options
  exec java "-Xmx${BLN_DRIVER_MEMORY:-2g}" "${java_flags[@]}" "$marker" "${log4j[@]}" -cp "$state/spark-home/jars/*" \
    org.apache.spark.deploy.SparkSubmit --master "$(cat "$state/master-url")" --deploy-mode client \
    --properties-file "$state/conf/spark-defaults.conf" --executor-memory "${BLN_EXECUTOR_MEMORY:-1g}" \
    ${BLN_SUBMIT_OPTS:-} --class org.blnspark.jobs.BlnCli "$jar" "$@"
}

case "${1:-}" in
  start | stop | status | env | submit) require_private_state ;;
esac
case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop ;;
  status) shift; cmd_status ;;
  env) shift; cmd_env ;;
  submit) shift; cmd_submit "$@" ;;
  -h | --help | help) usage 0 ;;
  *) usage 2 ;;
esac
