#!/usr/bin/env bash
# Writes the podman settings a small VM without a Docker engine needs to $1: limits at or under the hard
# limits podman may not raise here (else every container fails with "setrlimit RLIMIT_NOFILE: Operation
# not permitted"), and runc, since crun fails on hybrid cgroup hosts.
set -euo pipefail
nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
# conmon runs its containers with at most 32768 processes.
if [[ $nproc == unlimited || $nproc -gt 32768 ]]; then nproc=32768; fi
if [[ $nofile == unlimited ]]; then nofile=1048576; fi
mkdir -p "$(dirname "$1")"
cat > "$1" <<CONF
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]

[engine]
runtime = "runc"
CONF
