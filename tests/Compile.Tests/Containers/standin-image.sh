#!/usr/bin/env bash
# Builds the image that stands in for the TGI Neuron image in container tests: self-contained publishes
# of the local engine (the image's entrypoint, as text-generation-launcher is TGI's) and of the compile
# tool, on a root filesystem holding only the host libraries they link against. The tag is a hash of the
# sources, so an unchanged tree reuses the image instead of rebuilding it. Prints the image name.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$repo"

sources=(services/Engine services/Compile services/Planning services/Contracts ServiceDefaults Directory.Build.props Directory.Packages.props)
tag=$(find "${sources[@]}" -type f -not -path '*/bin/*' -not -path '*/obj/*' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
image="localhost/inferenceaspire-standin:$tag"

if podman image exists "$image"; then
  echo "$image"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs/opt/inferenceaspire" "$rootfs/tmp" "$rootfs/etc"
chmod 1777 "$rootfs/tmp"

echo "publishing the engine and the compile tool (self-contained, linux-x64)" >&2
dotnet publish services/Engine -c Release -r linux-x64 --self-contained -o "$rootfs/opt/inferenceaspire/engine" >&2
dotnet publish services/Compile -c Release -r linux-x64 --self-contained -o "$rootfs/opt/inferenceaspire/compile" >&2

echo "copying the host libraries they link against" >&2
copy() {
  local file=$1
  [[ -e "$rootfs$file" ]] && return 0
  mkdir -p "$rootfs$(dirname "$file")"
  cp -aL "$file" "$rootfs$file"
}
find "$rootfs/opt/inferenceaspire" -type f \( -name '*.so' -o -perm -u+x \) -print0 |
  while IFS= read -r -d '' elf; do
    ldd "$elf" 2>/dev/null | grep -oE '/[^ ]+' || true
  done | LC_ALL=C sort -u | while read -r lib; do copy "$lib"; done
# Loaded with dlopen, so ldd does not list them: OpenSSL for System.Net, libz for compression.
for lib in /lib/x86_64-linux-gnu/libssl.so.3 /lib/x86_64-linux-gnu/libcrypto.so.3 /lib/x86_64-linux-gnu/libz.so.1; do
  [[ -e $lib ]] && copy "$lib"
done
# ONNX Runtime looks for a CA bundle at start and warns without one.
[[ -e /etc/ssl/certs/ca-certificates.crt ]] && copy /etc/ssl/certs/ca-certificates.crt
echo 'root:x:0:0:root:/root:/bin/false' > "$rootfs/etc/passwd"
echo 'root:x:0:' > "$rootfs/etc/group"

echo "importing $image" >&2
tar -C "$rootfs" -c . | podman import \
  --change 'ENTRYPOINT ["/opt/inferenceaspire/engine/InferenceAspire.Engine"]' \
  --change 'ENV PORT=80' \
  - "$image" >&2
echo "$image"
