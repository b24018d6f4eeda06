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
// body; the rows are counted from the parsed body. Prints a table and RESULT
// lines in sila-qbench's format with engine=NAME.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Agent, request } from "node:http";

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
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

// The query form: the first keyword after comments, PREFIX and BASE.
function queryForm(text) {
  // IRIs first (they may hold '#'), then strings and comments.
  const body = text
    .replace(/<[^<>"{}|^`\\\s]*>/g, " ")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, " ")
    .replace(/#[^\n]*/g, " ");
  const m = /\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(body);
  return m ? m[1].toUpperCase() : "SELECT";
}

// Triples in an N-Triples body: its statement lines.
function countNTriples(body) {
  let n = 0;
  for (const line of body.split("\n")) {
    const t = line.trim();
    if (t && !t.startsWith("#")) n++;
  }
  return n;
}

// One request through node:http (Node's fetch, undici, added 2-5 ms per
// request here), on the kept-alive connection, or on a fresh one with
// --new-connection (agent: false, like curl).
function post(text, accept) {
  const url = new URL(endpoint);
  const body = new URLSearchParams({ query: text }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent: keepAlive ? agent : false,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
          Accept: accept,
        },
      },
      (res) => {
        const parts = [];
        res.on("data", (d) => parts.push(d));
        res.on("end", () =>
          resolve({ status: res.statusCode, type: res.headers["content-type"] || "", body: Buffer.concat(parts).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(timeoutS * 1000, () => req.destroy(new Error(`no answer in ${timeoutS} s`)));
    req.on("error", reject);
    req.end(body);
  });
}

async function runOnce(text, form) {
  const graph = form === "CONSTRUCT" || form === "DESCRIBE";
  const res = await post(text, graph ? "application/n-triples, text/plain;q=0.9" : "application/sparql-results+json");
  if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 300)}`);
  const type = res.type.split(";")[0].trim();
  if (graph) {
    if (type !== "application/n-triples" && type !== "text/plain" && type !== "text/ntriples")
      throw new Error(`unexpected content type ${type} for ${form}`);
    return countNTriples(res.body);
  }
  const json = JSON.parse(res.body);
  if (typeof json.boolean === "boolean") return json.boolean ? 1 : 0;
  return json.results.bindings.length;
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
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
  const med = ms[Math.floor(runs / 2)];
  const p95 = ms[Math.min(Math.floor((runs * 95) / 100), runs - 1)];
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
