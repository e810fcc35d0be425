# Finds a JDK 25 or newer for ./cairn and ./mvnw (sourced by both; POSIX sh, works under `set -euf`).
# Order: $JAVA_HOME, the `java` on PATH, then every JDK under /usr/lib/jvm. Prints its home directory, or
# says how to get one and fails.

# The feature version of the JDK at $1 (25 for 25.0.3), or nothing when $1 holds no working java.
cairn_java_major() {
  [ -x "$1/bin/java" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

cairn_find_jdk() {
  cairn_path_java="$(command -v java 2>/dev/null || true)"
  cairn_path_home=""
  if [ -n "$cairn_path_java" ]; then
    cairn_path_home="$("$cairn_path_java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p')"
  fi
  for cairn_candidate in "${JAVA_HOME:-}" "$cairn_path_home" $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 2>/dev/null | sort -r); do
    if [ -n "$cairn_candidate" ] && [ "$(cairn_java_major "$cairn_candidate")" -ge 25 ] 2>/dev/null; then
      echo "$cairn_candidate"
      return 0
    fi
  done
  echo "cairn: JDK 25 not found (looked at JAVA_HOME, the java on PATH and /usr/lib/jvm). Install Temurin 25" \
    "(e.g. apt-get install temurin-25-jdk) or set JAVA_HOME to a JDK 25." >&2
  return 1
}
