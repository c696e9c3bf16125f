// Writes tests/data/types.parquet: 600 rows of the column types a training set may hold, by hyparquet-writer
// (JavaScript): a TIMESTAMP (event time), INT64 and FLOAT and DOUBLE numbers (with nulls; NaN in the DOUBLE), a
// STRING with nulls, a BOOLEAN, and a BYTE_ARRAY (binary: not a feature). Run from the repository root:
//   npm install --prefix /tmp/pq hyparquet-writer@0.17.0 && NODE_PATH=/tmp/pq/node_modules node tests/data/write-parquet-types.mjs
import { createRequire } from 'node:module'

const require = createRequire(process.env.NODE_PATH ? process.env.NODE_PATH + '/' : import.meta.url)
const { parquetWriteFile } = await import(require.resolve('hyparquet-writer'))

const rows = 600
const at = i => new Date(Date.UTC(2026, 10, 22, 10, 0, 0) + i * 1000)
parquetWriteFile({
  filename: 'tests/data/types.parquet',
  columnData: [
    { name: 'when', data: Array.from({ length: rows }, (_, i) => at(i)), type: 'TIMESTAMP', nullable: true },
    { name: 'visits', data: Array.from({ length: rows }, (_, i) => (i % 50 === 7 ? null : BigInt(i % 13))), type: 'INT64', nullable: true },
    { name: 'ratio', data: Array.from({ length: rows }, (_, i) => (i % 3) / 4), type: 'FLOAT', nullable: true },
    { name: 'score', data: Array.from({ length: rows }, (_, i) => (i === 5 ? NaN : i * 0.5)), type: 'DOUBLE', nullable: true },
    { name: 'city', data: Array.from({ length: rows }, (_, i) => (i % 10 === 0 ? null : ['Wien', 'Graz', 'Linz'][i % 3])), type: 'STRING', nullable: true },
    { name: 'member', data: Array.from({ length: rows }, (_, i) => i % 4 === 0), type: 'BOOLEAN', nullable: true },
    { name: 'blob', data: Array.from({ length: rows }, (_, i) => new Uint8Array([i % 256, 1, 2])), type: 'BYTE_ARRAY', nullable: true },
  ],
})
console.log(`tests/data/types.parquet: ${rows} rows`)
