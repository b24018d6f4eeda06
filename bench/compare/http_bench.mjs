// http_bench.mjs — the query mix against a SPARQL 1.1 Protocol endpoint, one
// client, for bench/compare.sh (Virtuoso; any endpoint works).
//
//   node http_bench.mjs --endpoint URL [--engine NAME] [--runs R] [--new-connection] [--timeout S] QUERY.rq...
//
// Each query is POSTed (application/x-www-form-urlencoded, query=...) on one
// kept-alive connection (--new-connection: a new one per request), once to
// warm up and R times timed. A request without an answer in --timeout S
// seconds (default 60) makes the query an ERROR. The time is the
// whole request as the client sees it: HTTP, evaluation, serialisation of the
// results (SPARQL JSON, or N-Triples for CONSTRUCT/DESCRIBE) and reading the
// body; the rows are counted from the parsed body (compare/sparql_http.mjs,
// shared with http_load.mjs). Prints a table and RESULT
// lines in sila-qbench's format with engine=NAME.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Agent } from "node:http";
import { nowMs, percentile, queryForm, runQuery } from "./sparql_http.mjs";

function usage() {
  console.error("usage: node http_bench.mjs --endpoint URL [--engine NAME] [--runs R] [--new-connection] [--timeout S] QUERY.rq...");
  process.exit(2);
}

let endpoint = null;
let engine = "http";
let runs = 20;
let keepAlive = true;
let timeoutS = 60;
const queries = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--endpoint") endpoint = argv[++i];
  else if (argv[i] === "--engine") engine = argv[++i];
  else if (argv[i] === "--new-connection") keepAlive = false;
  else if (argv[i] === "--timeout") timeoutS = Math.max(1, parseInt(argv[++i], 10) || 60);
  else if (argv[i] === "--runs") runs = Math.max(1, parseInt(argv[++i], 10) || 1);
  else if (argv[i].startsWith("--")) usage();
  else queries.push(argv[i]);
}
if (!endpoint || queries.length === 0) usage();
// One kept-alive connection, or a fresh one per request with --new-connection
// (agent: false, like curl).
const agent = keepAlive ? new Agent({ keepAlive: true, maxSockets: 1 }) : false;
const url = new URL(endpoint);
const runOnce = (text, form) => runQuery(url, agent, text, form, timeoutS);

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`${pad("query", 24)} ${lpad("rows", 8)} ${lpad("median ms", 10)} ${lpad("p95 ms", 10)}`);
let total = 0;
let status = 0;
for (const path of queries) {
  const name = basename(path);
  const text = readFileSync(path, "utf8");
  const form = queryForm(text);
  let rows;
  const ms = [];
  try {
    rows = await runOnce(text, form); // warm-up
    for (let r = 0; r < runs; r++) {
      const t = nowMs();
      rows = await runOnce(text, form);
      ms.push(nowMs() - t);
    }
  } catch (e) {
    console.log(`${pad(name, 24)} ${lpad("ERROR", 8)}`);
    console.error(`${engine}: ${name}: ${e.message || e}`);
    status = 1;
    if (/^no answer/.test(e.message)) {
      // A server that stopped answering would cost --timeout per query.
      console.error(`${engine}: the server stopped answering; the remaining queries are not run`);
      break;
    }
    continue;
  }
  ms.sort((a, b) => a - b);
  const med = percentile(ms, 50);
  const p95 = percentile(ms, 95);
  total += med;
  console.log(`${pad(name, 24)} ${lpad(rows, 8)} ${lpad(med.toFixed(3), 10)} ${lpad(p95.toFixed(3), 10)}`);
  console.log(`RESULT engine=${engine} query=${name} rows=${rows} median_ms=${med.toFixed(3)} p95_ms=${p95.toFixed(3)}`);
}
console.log(
  `RESULT engine=${engine} mix_median_ms=${total.toFixed(3)} queries_per_hour_one_client=${
    total > 0 ? ((3600e3 / total) * queries.length).toFixed(0) : 0
  }`,
);
process.exit(status);
