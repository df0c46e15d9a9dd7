#!/usr/bin/env bash
# Entrypoint of the bln-spark jobs image (docker/Dockerfile).
#
#   master                     Spark standalone master on $HOSTNAME:7077, web UI on :8080
#   worker [MASTER_URL]        worker of MASTER_URL (default $SPARK_MASTER_URL), offering
#                              $SPARK_WORKER_CORES cores and $SPARK_WORKER_MEMORY; web UI on :8081
#   namenode                   HDFS NameNode of $HDFS_URI (formatted on its first start), web UI on :9870
#   datanode                   HDFS DataNode of $HDFS_URI
#   health master|worker|namenode
#                              exit 0 when this container's daemon serves: the master takes
#                              connections, this worker is ALIVE at the master, HDFS has a live
#                              DataNode and has left safe mode
#   submit <bln command> ...   spark-submit the bln CLI (org.blnspark.jobs.BlnCli in bln-jobs.jar) to
#                              $SPARK_MASTER_URL, client mode: the driver runs in this container
#   spark-submit ...           SparkSubmit with any other arguments (auth settings included)
#   bln <command> ...          the bln CLI in this container alone, on local[*]
#   hdfs <fs shell command>    Hadoop's file system shell on $HDFS_URI, e.g. hdfs -ls /runs, or
#                              hdfs -rm /runs/lenet/.bln-lock to clear a killed driver's lock
#   help                       this text
#
# Environment: SPARK_AUTH_SECRET (required by master, worker, submit and spark-submit: Spark RPC
# authentication), SPARK_MASTER_URL (spark://spark-master:7077), SPARK_WORKER_CORES (1),
# SPARK_WORKER_MEMORY (2g), SPARK_DAEMON_MEMORY (512m), HDFS_URI (the HDFS of the namenode and
# datanode commands, and the drivers' fs.defaultFS, e.g. hdfs://namenode:8020; unset: none),
# HDFS_REPLICATION (1), BLN_DRIVER_MEMORY (2g), BLN_EXECUTOR_MEMORY (1g), BLN_SUBMIT_OPTS (extra
# spark-submit options, word-split). HDFS runs in Hadoop's simple mode (a client names its own
# user) with permission checks on, and WebHDFS takes no user name; nothing of it is published on
# the host.
set -euo pipefail

# Spark on Java 17: the master, worker and driver JVMs need these; a worker adds them to the
# executors it launches by itself.
java_flags=(@/opt/bln/bin/java17.args)

: "${SPARK_HOME:?}" "${SPARK_CONF_DIR:?}"
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.12}"
master_url="${SPARK_MASTER_URL:-spark://spark-master:7077}"
conf="$SPARK_CONF_DIR/spark-defaults.conf"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

# The secret goes into a private properties file, never onto a command line (ps would show it).
write_conf() {
  : "${SPARK_AUTH_SECRET:?set SPARK_AUTH_SECRET, the shared secret for Spark RPC authentication}"
  (
    umask 077
    cat >"$conf" <<EOF
spark.authenticate              true
spark.authenticate.secret       $SPARK_AUTH_SECRET
# Workers: each executor copies bln-jobs.jar (~170 MB) into its work directory; drop finished apps' after 1 h.
spark.worker.cleanup.enabled    true
spark.worker.cleanup.appDataTtl 3600
# The master's and drivers' UIs show no links that kill applications, jobs or stages.
spark.ui.killEnabled            false
# DL4J's Spark training timings use an NTP clock unless told otherwise, and NTP needs the internet;
# DL4J M2 turns its oneDNN helpers off unless told otherwise (conf/java17.args).
spark.executor.extraJavaOptions -Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource -Dorg.eclipse.deeplearning4j.helpers.disable=false
EOF
  )
  unset SPARK_AUTH_SECRET # keep it out of the environment of everything started from here
}

daemon() { # MAIN_CLASS ARGS...: a master or worker JVM
  exec java "-Xmx${SPARK_DAEMON_MEMORY:-512m}" "${java_flags[@]}" \
    "-Dlog4j2.configurationFile=$SPARK_CONF_DIR/log4j2.properties" -cp "$SPARK_HOME/jars/*" "$@"
}

# HDFS from Hadoop's own classes, configured by generic -D options rather than XML files. The
# NameNode's user (bln, as in every container) is HDFS's superuser; others get what the files'
# modes allow. WebHDFS cannot be turned off in Hadoop 3, and would take any user name from a URL:
# a pattern that no name matches refuses every named request, leaving anonymous ones, which run as
# Hadoop's static web user under the permission checks.
hdfs_daemon() { # NameNode|DataNode -D ...: a NameNode or DataNode JVM
  : "${HDFS_URI:?set HDFS_URI, e.g. hdfs://namenode:8020}"
  local main="org.apache.hadoop.hdfs.server.${1,,}.$1"
  shift
  exec java "-Xmx${SPARK_DAEMON_MEMORY:-512m}" "-Dlog4j2.configurationFile=$SPARK_CONF_DIR/log4j2.properties" \
    -cp "/opt/bln/hdfs/*:$SPARK_HOME/jars/*" "$main" -D "fs.defaultFS=$HDFS_URI" \
    -D "dfs.replication=${HDFS_REPLICATION:-1}" -D dfs.permissions.enabled=true \
    -D "dfs.webhdfs.user.provider.user.pattern=(?!)" "$@"
}

# An HTTP GET through bash alone (the image has no curl).
http_get_from() { # HOST PORT PATH
  exec 3<>"/dev/tcp/$1/$2" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$3" "$1" >&3
  cat <&3
}
http_get() { http_get_from 127.0.0.1 "$@"; } # PORT PATH, on this container

# A driver in this container: executors connect back to it, so it advertises this container's IP
# (a `docker compose run` container's hostname is not resolvable from the others).
submit() { # SPARK-SUBMIT ARGS...
  local ip extra=()
  ip="$(getent hosts "$HOSTNAME" | awk '{ print $1; exit }')"
  [ -z "$ip" ] || extra+=(--conf "spark.driver.host=$ip" --conf spark.driver.bindAddress=0.0.0.0)
  [ -z "${HDFS_URI:-}" ] || extra+=(--conf "spark.hadoop.fs.defaultFS=$HDFS_URI")
  # shellcheck disable=SC2086 # BLN_SUBMIT_OPTS is a list of options
  exec java "-Xmx${BLN_DRIVER_MEMORY:-2g}" "${java_flags[@]}" \
    "-Dlog4j2.configurationFile=$SPARK_CONF_DIR/driver-log4j2.properties" -cp "$SPARK_HOME/jars/*" \
    org.apache.spark.deploy.SparkSubmit --properties-file "$conf" "${extra[@]}" "$@"
}

cmd="${1:-help}"
[ $# -eq 0 ] || shift
case "$cmd" in
  master)
    write_conf
    daemon org.apache.spark.deploy.master.Master --host "$HOSTNAME" --port 7077 --webui-port 8080 \
      --properties-file "$conf"
    ;;
  worker)
    write_conf
    cores="${SPARK_WORKER_CORES:-1}"
    # ND4J in the executors: one native thread per task slot.
    export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$cores}"
    daemon org.apache.spark.deploy.worker.Worker --host "$HOSTNAME" --webui-port 8081 \
      --cores "$cores" --memory "${SPARK_WORKER_MEMORY:-2g}" --work-dir "${SPARK_WORKER_DIR:-/opt/bln/work}" \
      --properties-file "$conf" "${1:-$master_url}"
    ;;
  namenode)
    name_dir=/opt/bln/hdfs-data/name
    if [ ! -d "$name_dir/current" ]; then
      java -Xmx256m -cp "/opt/bln/hdfs/*:$SPARK_HOME/jars/*" org.apache.hadoop.hdfs.server.namenode.NameNode \
        -D "dfs.namenode.name.dir=file://$name_dir" -format -nonInteractive >/dev/null 2>&1 \
        || { echo "namenode: formatting $name_dir failed" >&2; exit 1; }
    fi
    hdfs_daemon NameNode -D "dfs.namenode.name.dir=file://$name_dir" -D dfs.namenode.rpc-bind-host=0.0.0.0 \
      -D dfs.namenode.http-address=0.0.0.0:9870
    ;;
  datanode)
    hdfs_daemon DataNode -D dfs.datanode.data.dir=file:///opt/bln/hdfs-data/data
    ;;
  health)
    set +o pipefail # grep -q may stop reading first
    case "${1:-}" in
      master) exec 3<>"/dev/tcp/$HOSTNAME/7077" ;;
      worker) # The master lists this worker (its --host is this container's name) as ALIVE.
        http_get_from "$(sed -E 's#^spark://([^:]+):.*#\1#' <<<"$master_url")" 8080 /json/ | tr -d ' \n' \
          | sed 's/"id":/\n/g' | grep "\"host\":\"$HOSTNAME\"" | grep -q '"state":"ALIVE"' ;;
      namenode) # Out of safe mode, with a live DataNode: ready for writes.
        state="$(http_get 9870 '/jmx?qry=Hadoop:service=NameNode,name=FSNamesystemState' | tr -d ' \n')"
        info="$(http_get 9870 '/jmx?qry=Hadoop:service=NameNode,name=NameNodeInfo' | tr -d ' \n')"
        grep -q '"NumLiveDataNodes":[1-9]' <<<"$state" && grep -q '"Safemode":""' <<<"$info" ;;
      *) echo "health: master, worker or namenode" >&2; exit 2 ;;
    esac
    ;;
  submit)
    [ $# -gt 0 ] || { echo "submit: give a bln command (prepare, train, evaluate, sweep), or --help" >&2; exit 2; }
    write_conf
    # shellcheck disable=SC2086
    submit --master "$master_url" --deploy-mode client \
      --executor-memory "${BLN_EXECUTOR_MEMORY:-1g}" ${BLN_SUBMIT_OPTS:-} \
      --class org.blnspark.jobs.BlnCli "$BLN_APP_JAR" "$@"
    ;;
  spark-submit)
    write_conf
    submit "$@"
    ;;
  hdfs)
    : "${HDFS_URI:?set HDFS_URI, e.g. hdfs://namenode:8020}"
    # FsShell reads its configuration strictly and stops without a core-site.xml: it gets one of
    # its own, naming the cluster's HDFS.
    hadoop_conf="$(mktemp -d)"
    printf '<configuration><property><name>fs.defaultFS</name><value>%s</value></property></configuration>\n' \
      "$HDFS_URI" >"$hadoop_conf/core-site.xml"
    exec java -Xmx256m "-Dlog4j2.configurationFile=$SPARK_CONF_DIR/log4j2.properties" \
      -cp "$hadoop_conf:$SPARK_HOME/jars/*" org.apache.hadoop.fs.FsShell "$@"
    ;;
  bln)
    export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
    exec java "-Xmx${BLN_DRIVER_MEMORY:-2g}" "${java_flags[@]}" \
      "-Dlog4j2.configurationFile=$SPARK_CONF_DIR/driver-log4j2.properties" \
      -cp "$SPARK_HOME/jars/*:$BLN_APP_JAR" org.blnspark.jobs.BlnCli "$@"
    ;;
  help | -h | --help) usage ;;
  *) usage >&2; exit 2 ;;
esac
