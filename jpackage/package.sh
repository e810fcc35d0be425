#!/usr/bin/env bash
# Builds Cairn's desktop packages with jpackage: always the app image (target/jpackage/Cairn), and a
# .deb (target/jpackage/cairn_*.deb) where fakeroot and dpkg-deb exist. Tests are skipped: run
# ./mvnw verify for them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rm -rf target/jpackage
./mvnw -B -q -DskipTests -Ppackage package
echo "app image: target/jpackage/Cairn (run target/jpackage/Cairn/bin/Cairn)"
if command -v fakeroot >/dev/null && command -v dpkg-deb >/dev/null; then
  ./mvnw -B -q -DskipTests -Ppackage,deb package
  echo "debian package: $(ls target/jpackage/*.deb)"
else
  echo "no .deb: fakeroot and dpkg-deb are needed for it"
fi
