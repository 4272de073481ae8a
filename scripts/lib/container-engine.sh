# Sourced by scripts/build-images.sh and scripts/k8s-smoke.sh: picks the container engine and, for podman in a
# sandbox, the configuration it needs there.
#
# ENGINE: `docker` when a Docker engine answers, else `podman`; set CONTAINER_ENGINE to choose.
# Podman's defaults ask for more than some sandboxes allow: its default ulimits (nofile 1048576) exceed a hard limit a
# process without CAP_SYS_RESOURCE cannot raise ("setrlimit RLIMIT_NOFILE: Operation not permitted"), and crun 1.8
# refuses cgroups in hybrid mode. Where either holds and CONTAINERS_CONF is unset, a containers.conf with the hard
# limits this shell has and the runc runtime is written and exported (CONTAINERS_CONF replaces the system's
# containers.conf for these commands only).

pick_container_engine() {
  if [ -n "${CONTAINER_ENGINE:-}" ]; then
    ENGINE="$CONTAINER_ENGINE"
  elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    ENGINE=docker
  elif command -v podman >/dev/null 2>&1; then
    ENGINE=podman
  else
    echo "neither a Docker engine nor podman is available (Debian: apt-get install podman buildah runc iptables)" >&2
    return 1
  fi
  if [ "$ENGINE" = podman ] && [ -z "${CONTAINERS_CONF:-}" ]; then
    local nofile nproc hybrid=false
    nofile=$(ulimit -Hn)
    nproc=$(ulimit -Hu)
    [ -d /sys/fs/cgroup/unified ] && hybrid=true
    if [ "$nofile" != unlimited ] && [ "$nofile" -lt 1048576 ] || "$hybrid"; then
      # Above 4096 processes runc's setrlimit(RLIMIT_NPROC) is refused in such a sandbox even below the hard limit
      # this shell reports; the hosts run far fewer threads than that.
      if [ "$nproc" = unlimited ] || [ "$nproc" -gt 4096 ]; then nproc=4096; fi
      [ "$nofile" = unlimited ] && nofile=1048576
      CONTAINERS_CONF=$(mktemp -t edgevision-containers.XXXXXX.conf)
      {
        echo '[containers]'
        echo "default_ulimits = [\"nofile=${nofile}:${nofile}\", \"nproc=${nproc}:${nproc}\"]"
        if "$hybrid"; then
          echo '[engine]'
          echo 'runtime = "runc"'
        fi
      } >"$CONTAINERS_CONF"
      export CONTAINERS_CONF
      # Removed by remove_own_containers_conf in the script that wrote it, not in the scripts it calls.
      own_containers_conf=$CONTAINERS_CONF
      echo "podman: using $CONTAINERS_CONF (hard limits nofile $nofile, nproc $nproc$("$hybrid" && echo ', runc for hybrid cgroups'))" >&2
    fi
  fi
}

remove_own_containers_conf() {
  if [ -n "${own_containers_conf:-}" ]; then rm -f "$own_containers_conf"; fi
}

# The tag of this work tree's images: VERSION (default 0.1.0) and the commit's short sha, "-dirty" when the work tree
# has changes (untracked files too): a clean tag names one commit, a dirty one says it names none.
edgevision_image_tag() {
  local repo=$1 sha dirty=""
  sha=$(git -C "$repo" rev-parse --short=7 HEAD)
  [ -z "$(git -C "$repo" status --porcelain --untracked-files=normal)" ] || dirty="-dirty"
  echo "${VERSION:-0.1.0}-$sha$dirty"
}
