# Shared by Airlock's scripts: find a JDK >= 25, make sure a Docker engine runs, build the jar when stale.
# Sourced, not run. Every step is idempotent and says exactly what to do when it cannot do it itself.

AIRLOCK_ROOT=${AIRLOCK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
AIRLOCK_JAR="$AIRLOCK_ROOT/orchestrator/target/airlock.jar"

airlock_say() { printf 'airlock: %s\n' "$*" >&2; }

# A folder of this user's alone for the launcher's logs (<state>/logs): fixed names under /tmp, written as
# root, let another user plant a link there first and have root overwrite the file it names.
airlock_log_dir() {
  local state dir
  state=$(airlock_state_dir); dir="$state/logs"
  # two launchers may make them at once: the other one's folder is as good (it is checked below)
  if [ ! -d "$state" ]; then
    mkdir -p "$(dirname "$state")" && { mkdir -m 700 "$state" 2>/dev/null || [ -d "$state" ]; } || return 1
  fi
  [ -O "$state" ] || { airlock_say "the state folder $state is not yours: set AIRLOCK_STATE_DIR to a folder of your own"; return 1; }
  [ -d "$dir" ] || mkdir -m 700 "$dir" 2>/dev/null || [ -d "$dir" ] || return 1
  if [ -L "$dir" ] || [ ! -O "$dir" ]; then
    airlock_say "$dir is not a folder of yours: remove it and try again"; return 1
  fi
  printf '%s' "$dir"
}

# The launcher's own memory (the JDK it picked, when the images were last checked): the user's, per checkout,
# never in the checkout, which another user may own.
AIRLOCK_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/airlock/launcher-$(printf '%s' "$AIRLOCK_ROOT" | cksum | cut -d' ' -f1)"

airlock_cache_dir() {
  [ -d "$AIRLOCK_CACHE" ] || mkdir -p -m 700 "$AIRLOCK_CACHE" 2>/dev/null || return 1
  if [ -L "$AIRLOCK_CACHE" ] || [ ! -O "$AIRLOCK_CACHE" ]; then
    airlock_say "$AIRLOCK_CACHE is not a folder of yours: remove it and try again"; return 1
  fi
}

# The JDK: $JAVA_HOME if it is >= 25, else the newest >= 25 under /usr/lib/jvm, else java on PATH if >= 25.
# The pick is remembered (asking each JDK its version costs more than the command it launches).
airlock_pick_jdk() {
  local candidate version
  if [ -f "$AIRLOCK_CACHE/jdk" ]; then
    candidate=$(cat "$AIRLOCK_CACHE/jdk")
    if [ -x "$candidate/bin/java" ] && { [ -z "${JAVA_HOME:-}" ] || [ "${JAVA_HOME%/}" = "$candidate" ]; }; then
      export JAVA_HOME="$candidate"; return 0
    fi
  fi
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="${candidate%/}"
      airlock_cache_dir && printf '%s' "$JAVA_HOME" > "$AIRLOCK_CACHE/jdk" 2>/dev/null || true
      return 0
    fi
  done
  airlock_say "no JDK 25 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/*, java on PATH)"
  airlock_say "install one (e.g. Temurin 25) and set JAVA_HOME to it"
  return 1
}

airlock_engine_up() { timeout 10 docker info >/dev/null 2>&1; }

# The Docker engine: installed (docker.io) and started when missing and we are root; otherwise the exact commands.
airlock_ensure_engine() {
  airlock_engine_up && return 0
  # an engine named by DOCKER_HOST is the caller's choice: starting the local dockerd would not make it answer
  if [ -n "${DOCKER_HOST:-}" ]; then
    airlock_say "the Docker engine at DOCKER_HOST=$DOCKER_HOST does not answer"
    airlock_say "  unset DOCKER_HOST to use the local engine, or point it at one that runs (airlock doctor checks)"
    return 1
  fi
  if [ "$(id -u)" != 0 ]; then
    if command -v dockerd >/dev/null 2>&1; then
      airlock_say "the Docker engine is not running (or you may not use its socket). Start it with:"
      airlock_say "  sudo dockerd >/var/log/dockerd.log 2>&1 &   (or: sudo systemctl start docker)"
      airlock_say "and make sure you may use it: sudo usermod -aG docker \$USER (then log in again)"
    else
      airlock_say "no Docker engine is installed. Install and start it with:"
      airlock_say "  sudo apt-get install -y docker.io && sudo dockerd >/var/log/dockerd.log 2>&1 &"
    fi
    return 1
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    airlock_say "installing the Docker engine (apt-get install docker.io)"
    local logs; logs=$(airlock_log_dir) || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io >"$logs/apt.log" 2>&1 \
      || { apt-get update -q >"$logs/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io >>"$logs/apt.log" 2>&1; } \
      || { airlock_say "could not install docker.io; see $logs/apt.log"; return 1; }
  fi
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl start docker >/dev/null 2>&1 || true
  fi
  if ! airlock_engine_up; then
    if ! pgrep -x dockerd >/dev/null 2>&1; then
      airlock_say "starting dockerd (log: /var/log/airlock-dockerd.log)"
      (setsid nohup dockerd >/var/log/airlock-dockerd.log 2>&1 &)
    fi
    local i
    for i in $(seq 1 60); do airlock_engine_up && break; sleep 0.5; done
  fi
  airlock_engine_up || { airlock_say "dockerd did not come up; see /var/log/airlock-dockerd.log"; return 1; }
}

airlock_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      local logs; logs=$(airlock_log_dir) || return 1
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q maven >"$logs/apt.log" 2>&1 \
        || { airlock_say "could not install maven; see $logs/apt.log"; return 1; }
    else
      airlock_say "Maven is missing: sudo apt-get install -y maven"; return 1
    fi
  fi
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -ntp "$@"
}

# The jar is stale when any source, pom or built-in profile is newer than it.
airlock_jar_fresh() {
  [ -f "$AIRLOCK_JAR" ] && [ -z "$(find "$AIRLOCK_ROOT/pom.xml" "$AIRLOCK_ROOT/orchestrator/pom.xml" \
        "$AIRLOCK_ROOT/orchestrator/src/main" "$AIRLOCK_ROOT/profiles" -newer "$AIRLOCK_JAR" -print -quit 2>/dev/null)" ]
}

# Builds the jar when stale, one build at a time: a second launcher waits for the first one's build (a lock
# on the checkout's target folder) and then uses its jar instead of building over it.
airlock_ensure_jar() {
  airlock_jar_fresh && return 0
  local target="$AIRLOCK_ROOT/orchestrator/target"
  if ! mkdir -p "$target" 2>/dev/null || [ ! -w "$target" ]; then
    airlock_say "the jar in $target is missing or older than the sources, and you may not build it there"
    airlock_say "ask the checkout's owner ($(stat -c %U "$AIRLOCK_ROOT" 2>/dev/null || echo unknown)) to run scripts/airlock once, or use a checkout of your own"
    return 1
  fi
  local logs; logs=$(airlock_log_dir) || return 1
  exec 9>>"$target/.build.lock" || return 1
  if ! flock -n 9; then
    airlock_say "waiting for another Airlock build of this checkout to finish"
    flock 9 || return 1
  fi
  if airlock_jar_fresh; then exec 9>&-; return 0; fi
  airlock_say "building Airlock (mvn package; the first time takes a minute)"
  (cd "$AIRLOCK_ROOT" && airlock_maven -q -DskipTests package >"$logs/build.log" 2>&1) \
    || { exec 9>&-; tail -n 30 "$logs/build.log" >&2; airlock_say "the build failed; full log in $logs/build.log"; return 1; }
  exec 9>&-
}

# The state folder (the server's socket lives there), by the rule of dev.airlock.client.PrivateDirs.stateDir,
# which StateDirRuleTest holds this to: AIRLOCK_STATE_DIR, else $XDG_STATE_HOME/airlock, else
# ~/.local/state/airlock; a blank value counts as unset, a relative one is taken from the current folder.
airlock_state_dir() {
  local dir
  if [ -n "${AIRLOCK_STATE_DIR:-}" ] && [ -n "${AIRLOCK_STATE_DIR//[[:space:]]/}" ]; then dir=$AIRLOCK_STATE_DIR
  elif [ -n "${XDG_STATE_HOME:-}" ] && [ -n "${XDG_STATE_HOME//[[:space:]]/}" ]; then dir=$XDG_STATE_HOME/airlock
  else printf '%s/.local/state/airlock' "$HOME"; return; fi
  case "$dir" in /*) printf '%s' "$dir" ;; *) printf '%s/%s' "$PWD" "$dir" ;; esac
}

# Whether a server runs for this state folder and the default engine and is not older than the jar. Servers
# (one per engine: server.sock, server-<key>.sock) older than the jar are stopped. A caller naming another
# engine (DOCKER_HOST, DOCKER_CONTEXT, `docker context use`, ...) gets no shortcut: that engine and its images are checked each time.
airlock_server_current() {
  local state pid file stale=0
  state=$(airlock_state_dir)
  for file in "$state"/server*.pid; do
    [ -f "$file" ] && [ "$AIRLOCK_JAR" -nt "$file" ] || continue
    pid=$(cat "$file" 2>/dev/null || true)
    airlock_is_our_server "$pid" && kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -S "${file%.pid}.sock" ] || break; sleep 0.1; done
    stale=1
  done
  [ "$stale" = 0 ] || return 1
  case "${DOCKER_HOST:-unix:///var/run/docker.sock}" in unix:///var/run/docker.sock) ;; *) return 1 ;; esac
  case "${DOCKER_CONTEXT:-default}" in default) ;; *) return 1 ;; esac
  [ -z "${DOCKER_TLS_VERIFY:-}${DOCKER_CERT_PATH:-}${DOCKER_CONFIG:-}" ] || return 1
  # a context chosen with `docker context use` (currentContext in ~/.docker/config.json) is another engine too;
  # any currentContext but "default" counts, the clients read the file properly
  if [ -z "${DOCKER_HOST:-}" ] && grep -q '"currentContext"' "$HOME/.docker/config.json" 2>/dev/null; then
    grep -Eq '"currentContext"[[:space:]]*:[[:space:]]*"default"' "$HOME/.docker/config.json" || return 1
  fi
  [ -S "$state/server.sock" ] && [ -f "$state/server.pid" ]
}

# Whether a pid is an Airlock server of this user: a stale server.pid may name a pid reused by anything.
airlock_is_our_server() {
  local pid=$1 args
  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
  [ -O "/proc/$pid" ] || return 1
  args=$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
  # java ... -cp JAR dev.airlock.cli.Main server ...  (as the client starts it), or java ... -jar .../airlock.jar server
  printf '%s\n' "$args" | awk 'prev == "dev.airlock.cli.Main" || prev ~ /airlock\.jar$/ { if ($0 == "server") found = 1 } { prev = $0 } END { exit !found }'
}

# The native client, compiled from orchestrator/src/main/c when gcc is there; prints its path, or fails.
airlock_native_client() {
  local src="$AIRLOCK_ROOT/orchestrator/src/main/c/airlock-client.c" bin="$AIRLOCK_ROOT/orchestrator/target/airlock-client"
  if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
    command -v gcc >/dev/null 2>&1 || return 1
    mkdir -p "$(dirname "$bin")"
    local logs; logs=$(airlock_log_dir) || return 1
    gcc -O2 -Wall -o "$bin.tmp" "$src" -lpthread 2>"$logs/client-build.log" && mv "$bin.tmp" "$bin" || return 1
  fi
  printf '%s' "$bin"
}

# Whether the image inputs are older than the last build-images run (a cheap look, no engine call).
airlock_images_fresh() {
  local stamp="$AIRLOCK_CACHE/images.stamp"
  [ -f "$stamp" ] && [ -z "$(find "$AIRLOCK_ROOT/images" "$AIRLOCK_ROOT/scripts/build-images" -newer "$stamp" -print -quit 2>/dev/null)" ]
}
