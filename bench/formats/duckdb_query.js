// Runs one SQL statement in DuckDB (npm @duckdb/node-api) with a thread limit and prints the
// time the statement itself took (without Node's start-up), for bench/formats/run_conversions.py.
// Usage: node bench/formats/duckdb_query.js THREADS "SQL"
const duckdb = require('@duckdb/node-api');
(async () => {
  const threads = Number(process.argv[2]);
  const sql = process.argv[3];
  const db = await duckdb.DuckDBInstance.create(':memory:', {threads: String(threads)});
  const connection = await db.connect();
  const started = process.hrtime.bigint();
  await connection.run(sql);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({seconds}) + '\n');
})().catch(error => { console.error(String(error)); process.exit(1); });
