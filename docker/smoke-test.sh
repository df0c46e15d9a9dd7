#!/usr/bin/env bash
# The Docker cluster, built and run end to end: builds the image (on a base made from Debian's
# packages when no registry answers), starts docker/compose.yaml (master, two workers, NameNode,
# DataNode), and checks what docs/cluster.md promises, one line per check. Exits non-zero at the
# first failure; the cluster is taken down (with its volumes) however it ends.
#
#   docker/smoke-test.sh [--no-build]      --no-build: reuse jobs/target as it is (after bin/test)
#
# Needs a Docker engine, docker-compose (1.29 or v2), and the raw datasets (bin/fetch-data). As
# root on a machine without a registry, it builds the base with docker/build-base.sh.
# Settings: BLN_BASE_IMAGE (skip the base detection), BLN_SMOKE_PROJECT (compose project name).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="${BLN_SMOKE_PROJECT:-blnsmoke}"
hdfs=hdfs://namenode:8020
started=$SECONDS

say() { printf '%-5s %s\n' "$1" "$2"; }
ok() { say ok "$1 ($((SECONDS - step_start)) s)"; step_start=$SECONDS; }
fail() { say FAIL "$1"; failed=true; exit 1; }
failed=false
step_start=$SECONDS

docker info >/dev/null 2>&1 || fail "no Docker engine answers (docker info); start dockerd first"
if command -v docker-compose >/dev/null; then
  compose_cmd=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose_cmd=(docker compose)
else
  fail "neither docker-compose nor 'docker compose' is installed"
fi
compose() { "${compose_cmd[@]}" -p "$project" -f "$root/docker/compose.yaml" "$@"; }

out="$(mktemp -d "${TMPDIR:-/tmp}/bln-smoke.XXXXXX")"
chmod 0777 "$out" # the containers' user (uid 1000) writes the reports here
export SPARK_AUTH_SECRET="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
export BLN_OUT_DIR="$out" BLN_DATA_DIR="${BLN_DATA_DIR:-$HOME/.cache/bln-spark}"
cleanup() {
  if $failed; then
    compose logs --no-color >"$out/compose.log" 2>&1 || true
    say logs "$out (the commands' output and compose.log)"
  else
    rm -rf "$out"
  fi
  compose --profile submit down -v --remove-orphans >/dev/null 2>&1 || true
}
trap cleanup EXIT

# --- the image ---------------------------------------------------------------------------------
if [ -z "${BLN_BASE_IMAGE:-}" ]; then
  if timeout 60 docker pull -q eclipse-temurin:17-jre-jammy >/dev/null 2>&1; then
    export BLN_BASE_IMAGE=eclipse-temurin:17-jre-jammy
  else
    "$root/docker/build-base.sh" bln-base:bookworm-jre17 >/dev/null || fail "no registry answered, and building a local base failed"
    export BLN_BASE_IMAGE=bln-base:bookworm-jre17
  fi
fi
ok "base image $BLN_BASE_IMAGE"
# The cluster runs as uid 1000: a base whose / only root may enter fails every service with exit 126.
docker run --rm --user 1000:1000 --entrypoint java "$BLN_BASE_IMAGE" -version >/dev/null 2>&1 \
  || fail "the base image $BLN_BASE_IMAGE cannot run java as a non-root user (uid 1000)"
ok "the base image runs java as a non-root user"
"$root/bin/fetch-data" >/dev/null || fail "bin/fetch-data"
"$root/docker/build-context.sh" "$@" >/dev/null || fail "docker/build-context.sh"
compose build -q >/dev/null 2>&1 || compose build || fail "image build"
ok "image bln-spark-jobs:0.1.0 built"

# --- the cluster -------------------------------------------------------------------------------
compose up -d namenode datanode spark-master spark-worker-1 spark-worker-2 >/dev/null 2>&1 || fail "compose up"
healthy() { # every service with a health check reports healthy
  local id status
  for id in $(compose ps -q); do
    status="$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")"
    [ "$status" = healthy ] || [ "$status" = none ] || return 1
  done
}
deadline=$((SECONDS + 300))
until healthy; do
  [ $SECONDS -lt $deadline ] || { compose ps; fail "cluster not healthy within 300 s"; }
  sleep 3
done
ok "master, 2 workers registered, NameNode with a live DataNode: healthy"

for port in $(docker ps --filter "label=com.docker.compose.project=$project" --format '{{.Ports}}' | tr ',' '\n'); do
  case "$port" in
    *-\>*) case "$port" in 127.0.0.1:*) ;; *) fail "a port is published beyond the host's loopback: $port" ;; esac ;;
  esac
done
[ -z "$(docker port "$(compose ps -q namenode)")" ] || fail "HDFS publishes a port: $(docker port "$(compose ps -q namenode)")"
ok "every published port is bound to 127.0.0.1, and HDFS publishes none"

submit() { compose run --rm -T submit "$@"; }

submit prepare --dataset fashion-mnist --output "$hdfs/data/fmnist" --limit 400 >"$out/prepare.log" 2>&1 \
  || { tail -5 "$out/prepare.log"; fail "prepare onto HDFS"; }
ok "prepare: a Fashion-MNIST slice onto HDFS"

# Simple mode lets a client name any user; permission checks keep one that is not the jobs' user out.
hdfs_as() { # USER ARGS...: Hadoop's file system shell on the cluster's HDFS as USER
  local user="$1"
  shift
  compose run --rm -T -e HADOOP_USER_NAME="$user" --entrypoint /opt/bln/bin/entrypoint.sh submit hdfs "$@"
}
if hdfs_as intruder -mkdir "$hdfs/data/fmnist/planted" >"$out/intruder.log" 2>&1; then
  fail "HDFS let another user write into the jobs' directory"
fi
grep -q "Permission denied" "$out/intruder.log" || { tail -5 "$out/intruder.log"; fail "HDFS refused another user, but not for its permissions"; }
# WebHDFS (on in Hadoop 3 whatever the settings) must not let a request name a user, HDFS's own least.
webhdfs_status="$(docker exec "$(compose ps -q namenode)" bash -c 'exec 3<>/dev/tcp/127.0.0.1/9870
  printf "PUT /webhdfs/v1/data/planted?op=MKDIRS&user.name=bln HTTP/1.0\r\nHost: namenode\r\n\r\n" >&3
  head -n 1 <&3')"
grep -q ' 200 ' <<<"$webhdfs_status" && fail "WebHDFS made a directory for a request that named HDFS's user: $webhdfs_status"
ok "HDFS: another user is refused by its permission checks; WebHDFS lets no request name a user ($(tr -d '\r' <<<"$webhdfs_status"))"

# --- training, with a worker killed while it trains -------------------------------------------
worker2="$(compose ps -q spark-worker-2)"
apps_before="$(docker exec "$worker2" ls /opt/bln/work)"
# True while an executor of a new application on worker 2 runs a task of a training round: the
# driver is past its first round, and the executor's last started task has not finished.
training_on_worker2() {
  grep -qs "progress: epoch 1/2" "$out/train.log" || return 1
  docker exec -e APPS_BEFORE="$apps_before" "$worker2" bash -c '
    for app in $(ls /opt/bln/work); do
      grep -qx "$app" <<<"$APPS_BEFORE" && continue
      for log in /opt/bln/work/"$app"/*/stderr; do
        tid="$(grep -o "Running task .* (TID [0-9]*)" "$log" | tail -1 | grep -o "TID [0-9]*")" || continue
        [ -n "$tid" ] && ! grep -q "($tid)\." "$log" && exit 0
      done
    done
    exit 1'
}
submit train --data "$hdfs/data/fmnist" --output "$hdfs/runs/lenet" --model lenet --norm bln --batch-size 25 \
  --workers 2 --epochs 2 --averaging-frequency 2 --checkpoint-dir "$hdfs/checkpoints/lenet" >"$out/train.log" 2>&1 &
train=$!
deadline=$((SECONDS + 300))
until training_on_worker2; do
  kill -0 "$train" 2>/dev/null || { tail -5 "$out/train.log"; fail "train ended before worker 2 ran a training task"; }
  [ $SECONDS -lt $deadline ] || fail "worker 2 ran no training task within 300 s"
  sleep 0.2
done
docker kill "$worker2" >/dev/null
wait "$train" || { tail -5 "$out/train.log"; fail "train after a worker was killed"; }
grep -q "Lost executor" "$out/train.log" || fail "train: the driver never lost the killed worker's executor"
ok "train: 2 workers, checkpoints on HDFS, finished through Spark's retry after worker 2 was killed"

submit evaluate --model "$hdfs/runs/lenet/model.zip" --data "$hdfs/data/fmnist" --inference all \
  --report file:///out/evaluation.json >"$out/evaluate.log" 2>&1 || { tail -5 "$out/evaluate.log"; fail "evaluate"; }
accuracy="$(grep -o '"testAccuracy" *: *[0-9.]*' "$out/evaluation.json" | grep -o '[0-9.]*$')"
awk -v a="$accuracy" 'BEGIN { exit !(a > 0.3) }' || fail "evaluate: test accuracy $accuracy is not above 0.3 (chance: 0.1)"
ok "evaluate: all 16 configurations, test accuracy $accuracy"

submit predict --model "$hdfs/runs/lenet/model.zip" --data "$hdfs/data/fmnist" --output "$hdfs/predictions/lenet" \
  --drift-report file:///out/drift >"$out/predict.log" 2>&1 || { tail -5 "$out/predict.log"; fail "predict"; }
grep -q "^predictions: $hdfs/predictions/lenet" "$out/predict.log" || fail "predict: no predictions line"
[ -s "$out/drift/drift.json" ] || fail "predict: no drift report"
ok "predict: the test split's predictions onto HDFS, a drift report"

# --- refusals ----------------------------------------------------------------------------------
refused_start=$SECONDS
set +e
compose run --rm -T -e SPARK_AUTH_SECRET=not-the-clusters-secret submit evaluate --model "$hdfs/runs/lenet/model.zip" \
  --data "$hdfs/data/fmnist" >"$out/wrong-secret.log" 2>&1
code=$?
set -e
seconds=$((SECONDS - refused_start))
last="$(grep '^bln: error:' "$out/wrong-secret.log" | tail -1)"
[ "$code" -eq 2 ] || { tail -5 "$out/wrong-secret.log"; fail "a wrong secret: exit $code, not 2"; }
grep -q "SPARK_AUTH_SECRET" <<<"$last" || fail "a wrong secret: the error line does not name SPARK_AUTH_SECRET: $last"
[ "$(grep -c '^bln: error:' "$out/wrong-secret.log")" -eq 1 ] || fail "a wrong secret: not one error line"
! grep -q $'^\tat ' "$out/wrong-secret.log" || fail "a wrong secret: stack traces on the console"
[ "$seconds" -lt 60 ] || fail "a wrong secret: refused after $seconds s, not within 60 s"
ok "a driver with a wrong secret: exit 2 and one line naming SPARK_AUTH_SECRET"

# --- teardown ----------------------------------------------------------------------------------
compose --profile submit down -v --remove-orphans >/dev/null 2>&1 || fail "compose down -v"
left="$(docker ps -aq --filter "label=com.docker.compose.project=$project")
$(docker network ls -q --filter "label=com.docker.compose.project=$project")
$(docker volume ls -q --filter "label=com.docker.compose.project=$project")"
[ -z "$(tr -d '\n' <<<"$left")" ] || fail "left after down -v: $(tr '\n' ' ' <<<"$left")"
ok "down -v: no container, network or volume of the project left"
say done "smoke test passed in $((SECONDS - started)) s"
