// oxigraph_bench.mjs — the query mix on Oxigraph, in process (npm `oxigraph`,
// its WebAssembly build for Node), for bench/compare.sh.
//
//   node oxigraph_bench.mjs --data FILE.nt [--runs R] QUERY.rq...
//
// Loads the N-Triples file into the default graph of an in-memory Store,
// then runs each query once to warm up and R times timed, like sila-qbench:
// the time covers parsing, planning, evaluation and building every result
// term as a JS object (store.query returns them all), not serialisation.
// Prints a table and RESULT lines in sila-qbench's format with engine=oxigraph.
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { basename } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const oxigraph = require("oxigraph");
const version = require("oxigraph/package.json").version;

function usage() {
  console.error("usage: node oxigraph_bench.mjs --data FILE.nt [--runs R] QUERY.rq...");
  process.exit(2);
}

let data = null;
let runs = 20;
const queries = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--data") data = argv[++i];
  else if (argv[i] === "--runs") runs = Math.max(1, parseInt(argv[++i], 10) || 1);
  else if (argv[i].startsWith("--")) usage();
  else queries.push(argv[i]);
}
if (!data || queries.length === 0) usage();

// The file is fed in 16 MB chunks: V8 strings stop at about 512 MB and the
// 5 M-triple file is 800 MB. Oxigraph's parser accepts an iterable of chunks
// and handles lines split across them.
function* chunks(path) {
  const fd = openSync(path, "r");
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(16 << 20);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) return;
      yield new Uint8Array(buf.buffer, buf.byteOffset, n);
    }
  } finally {
    closeSync(fd);
  }
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};

const store = new oxigraph.Store();
const bytes = statSync(data).size;
let t0 = nowMs();
let c0 = cpuMs();
store.load(chunks(data), { format: "application/n-triples" });
const loadS = (nowMs() - t0) / 1e3;
const loadCpuS = (cpuMs() - c0) / 1e3;
const rssMb = process.memoryUsage().rss / 1048576;
console.log(
  `oxigraph ${version} (in process, in memory): loaded ${store.size} triples (${(bytes / 1e6).toFixed(0)} MB) ` +
    `in ${loadS.toFixed(2)} s (${loadCpuS.toFixed(2)} s CPU), RSS ${rssMb.toFixed(0)} MB`,
);
console.log(
  `RESULT engine=oxigraph version=${version} load_seconds=${loadS.toFixed(3)} ` +
    `load_cpu_seconds=${loadCpuS.toFixed(3)} triples=${store.size} rss_mb=${rssMb.toFixed(0)}`,
);

// Rows as sila-qbench counts them: solutions, triples, or the ASK boolean.
function runOnce(text) {
  const r = store.query(text);
  if (typeof r === "boolean") return r ? 1 : 0;
  if (Array.isArray(r)) return r.length;
  return -1;
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`${pad("query", 24)} ${lpad("rows", 8)} ${lpad("median ms", 10)} ${lpad("p95 ms", 10)}`);
let total = 0;
let status = 0;
for (const path of queries) {
  const name = basename(path);
  const text = readFileSync(path, "utf8");
  let rows;
  const ms = [];
  try {
    rows = runOnce(text); // warm-up, as sila-qbench does
    for (let r = 0; r < runs; r++) {
      const t = nowMs();
      rows = runOnce(text);
      ms.push(nowMs() - t);
    }
  } catch (e) {
    console.log(`${pad(name, 24)} ${lpad("ERROR", 8)}`);
    console.error(`oxigraph: ${name}: ${e.message || e}`);
    status = 1;
    continue;
  }
  ms.sort((a, b) => a - b);
  const med = ms[Math.floor(runs / 2)];
  const p95 = ms[Math.min(Math.floor((runs * 95) / 100), runs - 1)];
  total += med;
  console.log(`${pad(name, 24)} ${lpad(rows, 8)} ${lpad(med.toFixed(3), 10)} ${lpad(p95.toFixed(3), 10)}`);
  console.log(`RESULT engine=oxigraph query=${name} rows=${rows} median_ms=${med.toFixed(3)} p95_ms=${p95.toFixed(3)}`);
}
console.log(
  `RESULT engine=oxigraph mix_median_ms=${total.toFixed(3)} queries_per_hour_one_client=${
    total > 0 ? ((3600e3 / total) * queries.length).toFixed(0) : 0
  }`,
);
process.exit(status);
