#!/usr/bin/env bash
# Builds the published modules twice from clean and compares every archive they produce (jar, sources,
# javadoc) and their CycloneDX SBOM byte for byte. Exits non-zero when any file differs.
# Usage: .ci/reproducible-check.sh   (extra Maven arguments are passed on, e.g. -Pboot40)
set -euo pipefail
cd "$(dirname "$0")/.."

modules=antientropy-core,antientropy-test,antientropy-spring-boot-autoconfigure,antientropy-spring-boot-starter
first=$(mktemp -d)
trap 'rm -rf "$first"' EXIT

build() {
    ./mvnw -B -q -pl "$modules" -am -DskipTests -Dinvoker.skip=true "$@" clean package
}

collect() {
    for module in ${modules//,/ }; do
        for file in "$module"/target/*.jar "$module"/target/bom.json; do
            echo "$file"
        done
    done
}

echo ">> java: $(java -version 2>&1 | head -1)"
echo ">> outputTimestamp: $(sed -n 's:.*<project.build.outputTimestamp>\(.*\)</project.build.outputTimestamp>.*:\1:p' pom.xml)"
echo ">> build 1"
build "$@"
for file in $(collect); do
    mkdir -p "$first/$(dirname "$file")"
    cp "$file" "$first/$file"
done
sleep 2 # a build that stamped the clock would now stamp another second
echo ">> build 2"
build "$@"

status=0
for file in $(collect); do
    one=$(sha256sum < "$first/$file" | cut -c1-16)
    two=$(sha256sum < "$file" | cut -c1-16)
    if [ "$one" = "$two" ]; then
        echo "identical  $one  $file"
    else
        echo "DIFFERENT  $one $two  $file"
        status=1
    fi
done
[ "$status" = 0 ] && echo ">> every file identical" || echo ">> some files differ"
exit "$status"
