#!/usr/bin/env bash
# Regenerates the Swift code for the project's .proto files. The generated files are committed,
# so a normal build never needs protoc. Run this after editing a .proto file.
#
# Needs: protoc (Debian: protobuf-compiler) and protoc-gen-swift built from the swift-protobuf
# version that Package.swift names. Pass its path in PROTOC_GEN_SWIFT, or let this script build it.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v protoc >/dev/null || { apt-get update -qq && apt-get install -y -qq protobuf-compiler; }

plugin=${PROTOC_GEN_SWIFT:-}
if [[ -z $plugin ]]; then
  version=$(sed -n 's/.*swift-protobuf.git", from: "\([0-9.]*\)".*/\1/p' Package.swift)
  work=.build-protoc-gen-swift
  if [[ ! -d $work ]]; then
    git clone -q https://github.com/apple/swift-protobuf.git "$work"
  fi
  git -C "$work" checkout -q "$version"
  (cd "$work" && swift build -c release --product protoc-gen-swift)
  plugin=$work/.build/release/protoc-gen-swift
fi

generate() {  # generate DIR: every .proto in DIR, output beside it
  protoc --plugin=protoc-gen-swift="$plugin" --swift_opt=Visibility=Internal \
    --proto_path="$1" --swift_out="$1" "$1"/*.proto
}
generate Sources/EventStore/Proto
generate Tests/EventStoreTests/Proto
echo "generated: $(ls Sources/EventStore/Proto/*.pb.swift Tests/EventStoreTests/Proto/*.pb.swift | tr '\n' ' ')"
