// Runs the SQL in the file given as the first argument in an in-memory DuckDB (npm
// @duckdb/node-api) and prints each result row as its values joined by '|' (NULL for null).
// Used by duckdb_crosscheck_test.cc to compare the engine's results with DuckDB's.
const duckdb = require('@duckdb/node-api');
const fs = require('fs');

(async () => {
  const sql = fs.readFileSync(process.argv[2], 'utf8');
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run('SET threads = 2');
  const reader = await connection.runAndReadAll(sql);
  const lines = reader.getRows().map((row) => row.map((v) => (v === null ? 'NULL' : String(v))).join('|'));
  process.stdout.write(lines.join('\n') + (lines.length ? '\n' : ''));
})().catch((error) => {
  process.stderr.write(String(error) + '\n');
  process.exit(1);
});
