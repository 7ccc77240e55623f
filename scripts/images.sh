#!/usr/bin/env bash
# `pnpm images`: builds the image of each Charter service from infra/Dockerfile and tags it
#   <registry>charter/<service>:<tag>  and  <registry>charter/<service>:local
# (the local overlay of infra/k8s uses :local; the production overlay pins a release tag).
#   IMAGE_TAG       the tag (default: the commit, `git describe --always --dirty`)
#   IMAGE_REGISTRY  a prefix such as `registry.example.com/` (default: none)
#   DOCKER          the docker command (default: docker)
# Without a reachable Docker daemon it says so and builds nothing (exit 0); a failed build exits 1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DOCKER="${DOCKER:-docker}"
SERVICES=(auth-server account-service content-api partner-portal)

say() { printf '[images] %s\n' "$*"; }

if ! command -v "$DOCKER" >/dev/null 2>&1; then
  say "docker is not installed: no image built (install Docker, then run pnpm images again)"
  exit 0
fi
if ! "$DOCKER" info >/dev/null 2>&1; then
  say "the Docker daemon does not answer ($DOCKER info failed): no image built"
  exit 0
fi

TAG="${IMAGE_TAG:-$(git describe --always --dirty 2>/dev/null || echo dev)}"
REGISTRY="${IMAGE_REGISTRY:-}"

for service in "${SERVICES[@]}"; do
  image="${REGISTRY}charter/${service}"
  say "building ${image}:${TAG}"
  "$DOCKER" build -f infra/Dockerfile --build-arg "SERVICE=${service}" \
    -t "${image}:${TAG}" -t "${image}:local" .
done
say "built ${#SERVICES[@]} images tagged ${TAG} and local"
