// The engine benchmark tasks (bench/engine/engine_bench.cc) in DuckDB (npm @duckdb/node-api),
// with threads=2, as a whole process:
//   NODE_PATH=node_modules node bench/engine/duckdb_tasks.js TASK DATA_DIR OUT
const duckdb = require('@duckdb/node-api');

const [task, data, out] = process.argv.slice(2);
const orders = `read_csv('${data}/orders.csv')`;
const customers = `read_csv('${data}/customers.csv')`;
const queries = {
  convert: `SELECT * FROM ${orders}`,
  'filter-project': `SELECT o_orderkey, o_custkey, o_totalprice, o_orderdate, o_orderpriority FROM ${orders}
                     WHERE o_orderstatus = 'F' AND o_totalprice > 100000`,
  'join-group': `SELECT c_mktsegment, c_nationkey, count(*) AS orders, sum(o_totalprice) AS revenue,
                        avg(o_totalprice) AS average, count(DISTINCT o_custkey) AS customers
                 FROM ${orders} JOIN ${customers} ON o_custkey = c_custkey GROUP BY c_mktsegment, c_nationkey`,
  'parquet-scan': `SELECT o_orderkey, o_custkey, o_totalprice, o_orderdate FROM '${data}/orders.parquet'
                   WHERE o_totalprice > 495000`,
};

(async () => {
  if (!queries[task]) throw new Error(`unknown task ${task}`);
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run('SET threads = 2');
  await connection.run(`COPY (${queries[task]}) TO '${out}' (FORMAT parquet, COMPRESSION snappy)`);
})().catch((error) => {
  process.stderr.write(String(error) + '\n');
  process.exit(1);
});
