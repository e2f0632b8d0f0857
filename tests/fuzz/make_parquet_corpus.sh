#!/bin/sh
# Regenerates the Parquet fuzz seeds in tests/fuzz/corpus/parquet/: small files written by
# Sluice (each codec, data page v1 and v2, dictionary and plain) and by DuckDB (v2 pages with
# DELTA and BYTE_STREAM_SPLIT encodings, nested types).
#   tests/fuzz/make_parquet_corpus.sh [path/to/parquet_interop_tool]
set -eu
cd "$(dirname "$0")/../.."
tool=${1:-build/tests/interop/parquet_interop_tool}
out=tests/fuzz/corpus/parquet
mkdir -p "$out"
rm -f "$out"/*.parquet
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$tool" generate "$out/sluice-snappy-v1.parquet" "$scratch/x" --rows 12 --codec snappy --row-group-rows 5
"$tool" generate "$out/sluice-none-v2-plain.parquet" "$scratch/x" --rows 12 --codec none --v2 --plain
"$tool" generate "$out/sluice-zstd-v2.parquet" "$scratch/x" --rows 12 --codec zstd --v2 --seed 2
"$tool" generate "$out/sluice-gzip-v1.parquet" "$scratch/x" --rows 8 --codec gzip --seed 3
"$tool" generate "$out/sluice-lz4-v1-plain.parquet" "$scratch/x" --rows 8 --codec lz4_raw --plain --seed 4
export NODE_PATH="$PWD/node_modules"
node tests/interop/parquet_peers.mjs duckdb-write "$out/duckdb-v2.parquet" 20 "COMPRESSION uncompressed, PARQUET_VERSION v2"
node tests/interop/parquet_peers.mjs duckdb-write "$out/duckdb-snappy.parquet" 20 "COMPRESSION snappy"
ls -l "$out"
