// The peers' side of the Parquet interoperability tests (test_parquet_interop.py): DuckDB
// (@duckdb/node-api) and hyparquet read Parquet files into the canonical JSON lines that
// parquet_interop_tool prints (see its header for the format), and DuckDB writes generated
// data full of nulls, unicode, extreme numbers, decimals, dates, timestamps and nested values.
//
//   node parquet_peers.mjs duckdb-read FILE            canonical rows, as DuckDB reads them
//   node parquet_peers.mjs hyparquet-read FILE         canonical rows, as hyparquet reads them
//   node parquet_peers.mjs duckdb-write FILE ROWS OPTIONS
//       COPY of the generated table TO FILE with OPTIONS, a DuckDB COPY option list such as
//       "COMPRESSION zstd, ROW_GROUP_SIZE 1000, PARQUET_VERSION v2"
import { DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';

const out = (line) => process.stdout.write(line + '\n');

function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function floatBits(value) {
  if (Number.isNaN(value)) return 'NaN';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return 'f:' + view.getBigUint64(0).toString(16).padStart(16, '0');
}

// Exact decimal text of an unscaled integer at a scale, e.g. (-150n, 2) → "-1.50".
function decimalText(unscaled, scale) {
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
  }
  return (negative ? '-' : '') + digits;
}

// "HH:MM:SS[.ffffff]" with trailing zeros trimmed, as Sluice reads TIME.
function timeText(micros) {
  const pad = (n) => String(n).padStart(2, '0');
  const seconds = micros / 1000000n;
  let fraction = (micros % 1000000n).toString().padStart(6, '0').replace(/0+$/, '');
  const text = `${pad(seconds / 3600n)}:${pad((seconds / 60n) % 60n)}:${pad(seconds % 60n)}`;
  return fraction ? `${text}.${fraction}` : text;
}

function floorDiv(a, b) {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

// A DuckDB value of a DuckDB type in canonical form.
function duckdbCanonical(type, value) {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return value;
    case DuckDBTypeId.TINYINT: case DuckDBTypeId.SMALLINT: case DuckDBTypeId.INTEGER: case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT: case DuckDBTypeId.USMALLINT: case DuckDBTypeId.UINTEGER: case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
      return String(value);
    case DuckDBTypeId.FLOAT: case DuckDBTypeId.DOUBLE: return floatBits(value);
    case DuckDBTypeId.DECIMAL: return decimalText(BigInt(value.value), value.scale);
    case DuckDBTypeId.VARCHAR: case DuckDBTypeId.ENUM: return String(value);
    case DuckDBTypeId.BLOB: return 'x:' + hex(value.bytes);
    case DuckDBTypeId.UUID: return value.toString();
    case DuckDBTypeId.DATE: return 'd:' + value.days;
    case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_TZ: return 't:' + value.micros;
    case DuckDBTypeId.TIMESTAMP_MS: return 't:' + BigInt(value.millis) * 1000n;
    case DuckDBTypeId.TIMESTAMP_S: return 't:' + BigInt(value.seconds) * 1000000n;
    case DuckDBTypeId.TIMESTAMP_NS: return 't:' + floorDiv(BigInt(value.nanos), 1000n);
    case DuckDBTypeId.TIME: return timeText(BigInt(value.micros));
    case DuckDBTypeId.INTERVAL: {
      // Parquet INTERVAL: months, days, milliseconds as little-endian uint32s.
      const view = new DataView(new ArrayBuffer(12));
      view.setUint32(0, value.months, true);
      view.setUint32(4, value.days, true);
      view.setUint32(8, Number(BigInt(value.micros) / 1000n), true);
      return 'x:' + hex(new Uint8Array(view.buffer));
    }
    case DuckDBTypeId.LIST: case DuckDBTypeId.ARRAY:
      return value.items.map((item) => duckdbCanonical(type.valueType, item));
    case DuckDBTypeId.STRUCT: {
      const object = {};
      type.entryNames.forEach((name, i) => { object[name] = duckdbCanonical(type.entryTypes[i], value.entries[name]); });
      return object;
    }
    case DuckDBTypeId.MAP:
      return value.entries.map((e) => [duckdbCanonical(type.keyType, e.key), duckdbCanonical(type.valueType, e.value)]);
    case DuckDBTypeId.SQLNULL: return null;
    default: throw new Error(`no canonical form for DuckDB type ${type}`);
  }
}

async function duckdbConnect() {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  return instance.connect();
}

const quote = (path) => `'${path.replaceAll("'", "''")}'`;

async function duckdbRead(file) {
  const connection = await duckdbConnect();
  const result = await connection.runAndReadAll(`SELECT * FROM read_parquet(${quote(file)})`);
  const names = result.columnNames();
  const types = result.columnTypes();
  for (const row of result.getRows()) {
    const object = {};
    names.forEach((name, i) => { object[name] = duckdbCanonical(types[i], row[i]); });
    out(JSON.stringify(object));
  }
}

// hyparquet: decimals would come back as lossy JS numbers, so their annotations are removed and
// the raw unscaled integers converted here; timestamps and dates come back raw through parsers.
function hyparquetCanonical(node, value) {
  if (value === null || value === undefined) return null;
  const { element } = node;
  if (node.children.length) {
    if (element.converted_type === 'LIST') {
      const repeated = node.children[0];
      const item = repeated.children.length === 1 ? repeated.children[0] : repeated;
      return value.map((v) => hyparquetCanonical(item, v));
    }
    if (element.converted_type === 'MAP') {
      const [key, val] = node.children[0].children;
      return Object.entries(value).map(([k, v]) => [hyparquetCanonical(key, k), hyparquetCanonical(val, v)]);
    }
    const object = {};
    for (const child of node.children) object[child.element.name] = hyparquetCanonical(child, value[child.element.name]);
    return object;
  }
  if (node.decimalScale !== undefined) {
    const unscaled = value instanceof Uint8Array ? BigInt.asIntN(value.length * 8, BigInt('0x' + (hex(value) || '0'))) : BigInt(value);
    return decimalText(unscaled, node.decimalScale);
  }
  const logical = element.logical_type?.type;
  if (logical === 'TIMESTAMP') return 't:' + value;
  if (logical === 'DATE' || element.converted_type === 'DATE') return 'd:' + value;
  switch (element.type) {
    case 'BOOLEAN': return value;
    case 'INT32': case 'INT64': return String(value);
    case 'FLOAT': case 'DOUBLE': return floatBits(value);
    case 'BYTE_ARRAY': case 'FIXED_LEN_BYTE_ARRAY':
      return typeof value === 'string' ? value : 'x:' + hex(value);
    default: throw new Error(`no canonical form for ${element.type}`);
  }
}

// The schema as a tree, with decimal leaves marked (and their annotations dropped).
function schemaTree(elements) {
  let next = 0;
  function build() {
    const element = elements[next++];
    const node = { element, children: [] };
    if (element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL') {
      node.decimalScale = element.scale ?? element.logical_type.scale;
      delete element.converted_type;
      delete element.logical_type;
    }
    for (let i = 0; i < (element.num_children || 0); i++) node.children.push(build());
    return node;
  }
  return build();
}

async function hyparquetRead(file) {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  const tree = schemaTree(metadata.schema);
  const parsers = {
    timestampFromMilliseconds: (v) => BigInt(v) * 1000n,
    timestampFromMicroseconds: (v) => BigInt(v),
    timestampFromNanoseconds: (v) => floorDiv(BigInt(v), 1000n),
    dateFromDays: (v) => v,
  };
  const rows = await parquetReadObjects({ file: buffer, metadata, parsers, utf8: false });
  for (const row of rows) {
    const object = {};
    for (const child of tree.children) object[child.element.name] = hyparquetCanonical(child, row[child.element.name]);
    out(JSON.stringify(object));
  }
}

// Generated data: deterministic, with nulls, unicode, extremes and nesting.
function generatedTable(rows) {
  const pick = (i, k, values, usual) =>
    `CASE WHEN hash(i, ${k}) % 13 = 0 THEN NULL ${values.map((v, j) => `WHEN hash(i, ${k}) % 29 = ${j} THEN ${v}`).join(' ')} ELSE ${usual} END`;
  const r = (k, m) => `(hash(i, ${k}) % ${m})::BIGINT`;
  const text = (k) => `(['Ana', 'Bjørn', 'Chloé', '名前', '😀🎉', '', 'line\nbreak', 'tab\there', '"q"', 'back\\slash', 'Grüß Gott'])[${r(k, 11)} + 1]`;
  return `CREATE TABLE t AS SELECT
    i AS id,
    ${pick('i', 1, [], `${r(1, 2)} = 0`)} AS flag,
    ${pick('i', 2, ['(-128)::TINYINT', '127::TINYINT'], `(${r(2, 256)} - 128)::TINYINT`)} AS tiny,
    ${pick('i', 3, ['(-32768)::SMALLINT', '32767::SMALLINT'], `(${r(3, 65536)} - 32768)::SMALLINT`)} AS small,
    ${pick('i', 4, ['(-2147483648)::INTEGER', '2147483647::INTEGER'], `(${r(4, 2000)} - 1000)::INTEGER`)} AS int,
    ${pick('i', 5, ['(-9223372036854775808)::BIGINT', '9223372036854775807::BIGINT'], `(hash(i, 5)::HUGEINT - 9223372036854775807)::BIGINT`)} AS big,
    ${pick('i', 6, ['255::UTINYINT', '0::UTINYINT'], `${r(6, 256)}::UTINYINT`)} AS utiny,
    ${pick('i', 7, ['65535::USMALLINT'], `${r(7, 65536)}::USMALLINT`)} AS usmall,
    ${pick('i', 8, ['4294967295::UINTEGER'], `${r(8, 4294967296)}::UINTEGER`)} AS uint,
    ${pick('i', 9, ['18446744073709551615::UBIGINT', '0::UBIGINT'], `hash(i, 9)::UBIGINT`)} AS ubig,
    ${pick('i', 10, [`'NaN'::FLOAT`, `'inf'::FLOAT`, `'-inf'::FLOAT`, '(-0.0)::FLOAT', '3.4028235e38::FLOAT', '1.4e-45::FLOAT'], `(${r(10, 20000)} - 10000)::FLOAT / 8`)} AS real,
    ${pick('i', 11, [`'NaN'::DOUBLE`, `'-inf'::DOUBLE`, '(-0.0)::DOUBLE', '1.7976931348623157e308::DOUBLE', '5e-324::DOUBLE'], `(${r(11, 2000000)} - 1000000)::DOUBLE / 1024`)} AS double,
    ${pick('i', 12, ['(-999.9)::DECIMAL(4,1)', '999.9::DECIMAL(4,1)'], `((${r(12, 19999)} - 9999) / 10)::DECIMAL(4,1)`)} AS dec4,
    ${pick('i', 13, ['9999999.99::DECIMAL(9,2)', '(-9999999.99)::DECIMAL(9,2)'], `((${r(13, 200000)} - 100000) / 100)::DECIMAL(9,2)`)} AS dec9,
    ${pick('i', 14, ['999999999999.999999::DECIMAL(18,6)', '(-999999999999.999999)::DECIMAL(18,6)'], `((hash(i, 14) % 1000000000000000)::DECIMAL(18,0) / 1000000)::DECIMAL(18,6)`)} AS dec18,
    ${pick('i', 15, ['9999999999999999999999999999.9999999999::DECIMAL(38,10)', '(-9999999999999999999999999999.9999999999)::DECIMAL(38,10)'], `(hash(i, 15)::DECIMAL(38,0) * (${r(16, 1000)} - 500) / 1000)::DECIMAL(38,10)`)} AS dec38,
    ${pick('i', 17, [], `${text(17)} || ' ' || ${text(18)}`)} AS name,
    ${pick('i', 19, [], `(['alpha', 'beta', 'gamma', 'délta'])[${r(19, 4)} + 1]`)} AS category,
    ${pick('i', 20, [], `repeat('x', ${r(20, 300)})`)} AS long_text,
    ${pick('i', 21, [`'\\x00\\xFF'::BLOB`], `encode(${text(21)})`)} AS blob,
    ${pick('i', 22, [`DATE '0001-01-01'`, `DATE '9999-12-31'`, `DATE '1970-01-01'`], `DATE '1970-01-01' + (${r(22, 40000)} - 10000)::INTEGER`)} AS day,
    ${pick('i', 23, [`TIMESTAMP '0001-01-01 00:00:00'`, `TIMESTAMP '9999-12-31 23:59:59.999999'`], `make_timestamp(${r(23, 4000000000000000)} - 1000000000000000)`)} AS at,
    ${pick('i', 24, [], `make_timestamp(${r(24, 4000000000000)})::TIMESTAMPTZ`)} AS at_tz,
    ${pick('i', 25, [], `make_timestamp(${r(25, 4000000000000)})::TIMESTAMP_MS`)} AS at_ms,
    ${pick('i', 26, [], `make_timestamp_ns(${r(26, 4000000000000000000)} - 1000000000000000000)`)} AS at_ns,
    ${pick('i', 27, [`TIME '23:59:59.999999'`, `TIME '00:00:00'`], `TIME '00:00:00' + INTERVAL (${r(27, 86400000000)}) MICROSECOND`)} AS clock,
    ${pick('i', 28, [], `md5(i::VARCHAR)::UUID`)} AS uid,
    ${pick('i', 29, [], `INTERVAL (${r(29, 100)}) DAY + INTERVAL (${r(30, 1000)}) MILLISECOND`)} AS span,
    ${pick('i', 31, ['[]'], `[${r(31, 100)}::INTEGER, NULL, ${r(32, 7)}::INTEGER]`)} AS scores,
    ${pick('i', 33, ['[]', '[NULL]'], `[${text(33)}, ${text(34)}]`)} AS words,
    ${pick('i', 35, [], `{'a': ${pick('i', 36, [], `${r(36, 7)}::INTEGER`)}, 'b': ${pick('i', 37, [], text(37))}, 'c': [${r(38, 1000)}::DOUBLE / 10, NULL]}`)} AS info,
    ${pick('i', 39, ['MAP {}'], `MAP {'k' || ${r(39, 3)}: ${r(40, 1000)}::BIGINT, 'z': NULL}`)} AS attrs,
    ${pick('i', 41, ['[]', '[NULL]'], `[{'x': ${r(41, 300)}::SMALLINT, 'tags': ${pick('i', 42, ['[]'], `[${text(42)}]`)}}, NULL]`)} AS points,
    ${pick('i', 43, ['[]', '[[]]', '[NULL]'], `[[${r(43, 5)}::BIGINT], [], [NULL, ${r(44, 9)}::BIGINT]]`)} AS matrix
  FROM range(${Number(rows)}) r(i)`;
}

async function duckdbWrite(file, rows, options) {
  const connection = await duckdbConnect();
  await connection.run(generatedTable(rows));
  await connection.run(`COPY t TO ${quote(file)} (FORMAT parquet${options ? ', ' + options : ''})`);
}

const [command, file, ...rest] = process.argv.slice(2);
try {
  if (command === 'duckdb-read') await duckdbRead(file);
  else if (command === 'hyparquet-read') await hyparquetRead(file);
  else if (command === 'duckdb-write') await duckdbWrite(file, rest[0], rest[1] || '');
  else throw new Error(`unknown command ${command}`);
} catch (error) {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
}
