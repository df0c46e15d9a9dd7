#!/usr/bin/env bash
# Prepares docker/context/ for docker/Dockerfile, from this project's own Maven build:
#   context/jars/           the runtime classpath of the jobs module (Spark 3.5.9, Hadoop client,
#                           Scala 2.12, DL4J/ND4J with linux-x86_64 natives): the image's SPARK_HOME/jars
#   context/app/bln-jobs.jar  the shaded application jar, shipped to executors with spark.jars
#   context/hdfs/           hadoop-client-minicluster: Hadoop's NameNode and DataNode, the client's version
#   context/driver-log4j2.properties  the driver's logging (conf/log4j2.properties)
#   context/java17.args     the JVM options Spark needs on Java 17 (conf/java17.args)
# The image then needs no Maven and no network at build time beyond its base image.
#
#   docker/build-context.sh [--no-build]    --no-build: reuse jobs/target as it is
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ctx="$root/docker/context"

if [ "${1:-}" != --no-build ]; then
  # Offline by default (dependencies are in ~/.m2); BLN_MVN_OFFLINE=false to allow downloads.
  offline=(-o)
  [ "${BLN_MVN_OFFLINE:-true}" = true ] || offline=()
  (cd "$root" && bin/mvn-quiet "${offline[@]}" -DskipTests package)
fi
cp_file="$root/jobs/target/classpath.txt"
jar="$root/jobs/target/bln-jobs.jar"
hdfs_jars="$root/jobs/target/hdfs-jars"
if [ ! -s "$cp_file" ] || [ ! -f "$jar" ] || ! compgen -G "$hdfs_jars/*.jar" >/dev/null; then
  echo "build-context: $cp_file, $jar or $hdfs_jars is missing: run 'mvn -DskipTests package' first" >&2
  exit 1
fi

rm -rf "$ctx"
mkdir -p "$ctx/jars" "$ctx/app" "$ctx/hdfs"
n=0
while IFS= read -r entry; do
  case "$entry" in *.jar) ;; *) continue ;; esac
  # Our own modules live only in the shaded jar: one copy of our classes on every classpath.
  case "$entry" in "$root"/*) continue ;; esac
  name="$(basename "$entry")"
  if [ -e "$ctx/jars/$name" ]; then # same file name in two groups: keep both
    name="$(basename "$(dirname "$(dirname "$(dirname "$entry")")")")-$name"
  fi
  cp -L "$entry" "$ctx/jars/$name"
  n=$((n + 1))
done < <(tr ':' '\n' <"$cp_file")
cp "$jar" "$ctx/app/bln-jobs.jar"
cp "$hdfs_jars"/*.jar "$ctx/hdfs/"
cp "$root/conf/log4j2.properties" "$ctx/driver-log4j2.properties"
cp "$root/conf/java17.args" "$ctx/java17.args"
echo "build-context: $n jars ($(du -sh "$ctx/jars" | cut -f1)) and bln-jobs.jar in $ctx"
echo "next: docker-compose -p bln -f docker/compose.yaml build"
