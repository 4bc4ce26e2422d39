#!/usr/bin/env bash
# What adding the AugBuild package costs a consumer on this machine, from an empty NuGet packages folder:
# the bytes downloaded (the .nupkg files NuGet fetched from the remote sources) and the bytes the packages folder
# then holds on disk. The packages come from the machine's usual NuGet sources (nothing is copied from a local
# cache); AugBuild itself comes from a folder feed packed here.
#
#   bench/restore-size.sh            pack this working tree and measure
#   bench/restore-size.sh <git-ref>  pack that commit (exported with git archive into a temporary folder) and measure
#
# Prints one line per package (on-disk size), then the totals. Figures: docs/msbuild.md, "Restore size".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source=$root
if [ $# -gt 0 ]; then
  source=$work/src
  mkdir -p "$source"
  git -C "$root" archive "$1" | tar -x -C "$source"
fi
version=0.0.1-restore.$(date +%s)
# The source tree's own packages folder stays the user's (building needs the packages anyway); only the consumer's
# restore below starts from an empty one.
dotnet pack "$source/src/Package" -c Release -o "$work/feed" -nr:false -p:PackageVersion="$version" > "$work/pack.log" 2>&1 \
  || { tail -30 "$work/pack.log"; exit 1; }

mkdir -p "$work/consumer" "$work/packages"
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="augbuild-local" value="$work/feed" />
  </packageSources>
</configuration>
XML
cat > "$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="AugBuild" Version="$version" PrivateAssets="all" /></ItemGroup>
</Project>
XML
start=$(date +%s)
NUGET_PACKAGES=$work/packages dotnet restore "$work/consumer/Consumer.csproj" -nr:false > "$work/restore.log" 2>&1 \
  || { tail -30 "$work/restore.log"; exit 1; }
seconds=$(( $(date +%s) - start ))

cd "$work/packages"
for dir in */*/; do
  printf '%10d  %s\n' "$(du -sb "$dir" | cut -f1)" "${dir%/}"
done | sort -n
local_bytes=$(find . -iname 'augbuild*.nupkg' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
nupkg_bytes=$(find . -name '*.nupkg' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
disk_bytes=$(du -sb . | cut -f1)
augbuild=$(find "$work/feed" -maxdepth 1 -name "AugBuild.$version.nupkg" -printf '%s\n')
echo "AugBuild.nupkg: $augbuild bytes"
echo "downloaded: $(( nupkg_bytes - local_bytes )) bytes from the remote sources (+ $local_bytes bytes of AugBuild packages from the local feed)"
echo "packages folder on disk: $disk_bytes bytes ($(ls -d */*/ | wc -l) package versions), restore took $seconds s"
