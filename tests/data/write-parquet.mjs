// Writes samples/reference.jsonl's events as a Parquet training set with a writer that is not DriftWatch's reader:
// hyparquet-writer (JavaScript). One column per feature and the prediction; integer columns INT32, other numbers
// DOUBLE, strings STRING, bools BOOLEAN, nulls as nulls. Run from the repository root:
//   npm install --prefix /tmp/pq hyparquet-writer@0.17.0 && NODE_PATH=/tmp/pq/node_modules node tests/data/write-parquet.mjs
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(process.env.NODE_PATH ? process.env.NODE_PATH + '/' : import.meta.url)
const { parquetWriteFile } = await import(require.resolve('hyparquet-writer'))

const events = readFileSync('samples/reference.jsonl', 'utf8').split('\n').filter(l => l.trim()).map(l => JSON.parse(l))
const names = [...Object.keys(events[0].features), 'prediction']
const value = (e, name) => (name === 'prediction' ? e.prediction : e.features[name]) ?? null
const columnData = names.map(name => {
  const data = events.map(e => value(e, name))
  const present = data.filter(v => v !== null)
  const type = present.every(v => typeof v === 'boolean') ? 'BOOLEAN'
    : present.every(v => typeof v === 'string') ? 'STRING'
    : present.every(v => Number.isInteger(v)) ? 'INT32' : 'DOUBLE'
  return { name, data, type, nullable: true }
})
parquetWriteFile({ filename: 'tests/data/reference.parquet', columnData, rowGroupSize: 1000 })
console.log(`tests/data/reference.parquet: ${events.length} rows, ${names.map((n, i) => `${n} ${columnData[i].type}`).join(', ')}`)
