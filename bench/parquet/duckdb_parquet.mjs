// DuckDB's side of the Parquet benchmarks (bench/parquet/run), the same tasks as
// parquet_bench with threads=2, each printing "seconds N rows R" for the measured phase only.
//
//   node duckdb_parquet.mjs write IN.parquet OUT.parquet   loads IN into a table (not timed),
//                                                           times COPY to OUT (snappy)
//   node duckdb_parquet.mjs scan IN.parquet                 times reading every column
//   node duckdb_parquet.mjs filter IN.parquet COLUMN LOW HIGH
import { DuckDBInstance } from '@duckdb/node-api';

const [task, input, ...rest] = process.argv.slice(2);
const quote = (text) => `'${text.replaceAll("'", "''")}'`;
const ident = (name) => `"${name.replaceAll('"', '""')}"`;
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();

async function timed(sql) {
  const start = performance.now();
  const result = await connection.runAndReadAll(sql);
  return [(performance.now() - start) / 1000, result.getRows()];
}

let seconds, rows;
if (task === 'write') {
  await connection.run(`CREATE TABLE t AS SELECT * FROM read_parquet(${quote(input)})`);
  [seconds] = await timed(`COPY t TO ${quote(rest[0])} (FORMAT parquet, COMPRESSION snappy)`);
  rows = (await connection.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0];
} else if (task === 'scan') {
  // Every column is read and decoded: count(column) needs each value's validity.
  const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quote(input)})`))
    .getRows().map((row) => row[0]);
  const [s, result] = await timed(`SELECT count(*), ${columns.map((c) => `count(${ident(c)})`).join(', ')}
                                   FROM read_parquet(${quote(input)})`);
  seconds = s;
  rows = result[0][0];
} else if (task === 'filter') {
  const [column, low, high] = rest;
  const [s, result] = await timed(`SELECT count(*) FROM read_parquet(${quote(input)})
                                   WHERE ${ident(column)} BETWEEN ${Number(low)} AND ${Number(high)}`);
  seconds = s;
  rows = result[0][0];
} else {
  process.stderr.write('usage: duckdb_parquet.mjs write IN OUT | scan IN | filter IN COLUMN LOW HIGH\n');
  process.exit(2);
}
console.log(`seconds ${seconds.toFixed(4)} rows ${rows}`);
