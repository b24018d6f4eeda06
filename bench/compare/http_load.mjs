// http_load.mjs — the query mix against a SPARQL 1.1 Protocol endpoint from N
// concurrent clients for a fixed time, for bench/compare.sh (any endpoint
// works).
//
//   node http_load.mjs --endpoint URL [--engine NAME] [--clients N] [--seconds S]
//                      [--warmup S] [--timeout S] [--server-pid PID] QUERY.rq...
//
// N clients (default 8) each loop over the mix in their own rotated order
// (client i starts at query i mod the number of queries), one request at a
// time, each on its own kept-alive connection (a node:http Agent with
// maxSockets 1), requests and row counting as in http_bench.mjs
// (compare/sparql_http.mjs). They run --warmup seconds (default 5) unmeasured,
// then --seconds (default 30) measured, then stop sending and wait for the
// requests in flight. In the measured window:
// - latency: every request that both starts and ends in it, per query: count,
//   median and p95 ms (the whole request as the client sees it, waiting
//   behind the other clients included);
// - throughput: the successful requests that end in it (the steady-state
//   rate: those cut at the start make up for those cut at the end), as
//   queries/hour, and mixes/hour = queries/hour / the number of queries;
// - CPU: the client's own CPU seconds, and with --server-pid the server's
//   (utime + stime from /proc/PID/stat), per query completed: on a shared
//   machine the CPU per query moves less with other load than the rates;
//   and what all other processes used meanwhile (/proc/stat), in CPUs.
// Errors (non-2xx, bad body, no answer in --timeout S, default 60, a row count
// that differs from the query's first one) are counted per query over the
// whole run, warm-up included; the first three of each query are printed on
// stderr as "ENGINE (N clients): QUERY: message".
//
// Prints a table and RESULT lines like http_bench.mjs, with clients=N:
//   RESULT engine=E clients=N query=Q rows=R median_ms=M p95_ms=P count=C errors=X
//   RESULT engine=E clients=N seconds=S queries=C queries_per_hour=QH mixes_per_hour=MH errors=X
//          client_cpu_s=.. server_cpu_s=.. client_cpu_ms_per_query=.. server_cpu_ms_per_query=..
//          other_cpu_cores=..
// Exit status 0; 1 when there was any error or a query has no measured
// request (the numbers are still printed); 2 on bad usage.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { basename } from "node:path";
import { Agent } from "node:http";
import { nowMs, percentile, queryForm, runQuery } from "./sparql_http.mjs";

function usage() {
  console.error(
    "usage: node http_load.mjs --endpoint URL [--engine NAME] [--clients N] [--seconds S] [--warmup S] [--timeout S] [--server-pid PID] QUERY.rq...",
  );
  process.exit(2);
}

let endpoint = null;
let engine = "http";
let clients = 8;
let seconds = 30;
let warmup = 5;
let timeoutS = 60;
let serverPid = 0;
const paths = [];
const argv = process.argv.slice(2);
const num = (s, min) => {
  const v = Number(s);
  if (!Number.isFinite(v) || v < min) usage();
  return v;
};
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--endpoint") endpoint = argv[++i];
  else if (argv[i] === "--engine") engine = argv[++i];
  else if (argv[i] === "--clients") clients = Math.floor(num(argv[++i], 1));
  else if (argv[i] === "--seconds") seconds = num(argv[++i], 0.1);
  else if (argv[i] === "--warmup") warmup = num(argv[++i], 0);
  else if (argv[i] === "--timeout") timeoutS = num(argv[++i], 1);
  else if (argv[i] === "--server-pid") serverPid = Math.floor(num(argv[++i], 1));
  else if (argv[i].startsWith("--")) usage();
  else paths.push(argv[i]);
}
if (!endpoint || paths.length === 0 || !engine) usage();
const url = new URL(endpoint);
const tag = `${engine} (${clients} clients)`;

const queries = paths.map((p) => {
  const text = readFileSync(p, "utf8");
  return { name: basename(p), text, form: queryForm(text), rows: null, ms: [], errors: 0 };
});
const nq = queries.length;

// CPU seconds of a process from /proc/PID/stat (utime + stime), or null.
const clkTck = (() => {
  try {
    return parseInt(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }), 10) || 100;
  } catch {
    return 100;
  }
})();
function procCpuS(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces: the fields after it follow its ')'.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / clkTck; // fields 14 and 15
  } catch {
    return null;
  }
}
// CPU seconds all processes of the machine have used (/proc/stat: user,
// nice, system, irq, softirq, steal), or null.
function machineBusyS() {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
    return (f[1] + f[2] + f[3] + f[6] + f[7] + f[8]) / clkTck;
  } catch {
    return null;
  }
}
const selfCpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Fails fast, with the reason, when the endpoint does not answer at all.
try {
  await runQuery(url, new Agent({ keepAlive: false }), queries[0].text, queries[0].form, timeoutS);
} catch (e) {
  console.error(`${tag}: ${url.href} does not answer ${queries[0].name}: ${e.message || e}`);
  process.exit(1);
}

const t0 = nowMs();
const tStart = t0 + warmup * 1000;
const tEnd = tStart + seconds * 1000;
let completed = 0; // successes that end in [tStart, tEnd]
let cpu = null; // {client, server} at tStart
let cpuEnd = null;
const cpuNow = () => ({ client: selfCpuS(), server: serverPid ? procCpuS(serverPid) : null, machine: machineBusyS() });
// The CPU counters are read at the window's edges by timers, not by clients.
const startTimer = setTimeout(() => (cpu = cpuNow()), Math.max(0, tStart - nowMs()));
const endTimer = setTimeout(() => (cpuEnd = cpuNow()), Math.max(0, tEnd - nowMs()));

async function client(i) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let k = i % nq;
  while (nowMs() < tEnd) {
    const q = queries[k];
    k = (k + 1) % nq;
    const s = nowMs();
    let rows;
    try {
      rows = await runQuery(url, agent, q.text, q.form, timeoutS);
      if (q.rows === null) q.rows = rows;
      else if (rows !== q.rows) throw new Error(`${rows} rows, ${q.rows} before`);
    } catch (e) {
      if (q.errors++ < 3) console.error(`${tag}: ${q.name}: ${String(e.message || e).trim()}`);
      await sleep(100); // no busy loop against a server that refuses
      continue;
    }
    const e = nowMs();
    if (e >= tStart && e <= tEnd) {
      completed++;
      if (s >= tStart) q.ms.push(e - s);
    }
  }
  agent.destroy();
}
await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
clearTimeout(startTimer);
clearTimeout(endTimer);
if (!cpu) cpu = cpuNow();
if (!cpuEnd) cpuEnd = cpuNow();

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const f3 = (v) => (Number.isFinite(v) ? v.toFixed(3) : "-");
console.log(
  `${clients} clients, ${seconds} s measured after ${warmup} s of warm-up, one kept-alive connection each, client i starts at query i mod ${nq}`,
);
console.log(`${pad("query", 24)} ${lpad("rows", 8)} ${lpad("count", 8)} ${lpad("median ms", 10)} ${lpad("p95 ms", 10)} ${lpad("errors", 7)}`);
let errors = 0;
let status = 0;
for (const q of queries) {
  q.ms.sort((a, b) => a - b);
  const med = percentile(q.ms, 50);
  const p95 = percentile(q.ms, 95);
  errors += q.errors;
  if (q.errors || q.ms.length === 0) status = 1;
  if (q.ms.length === 0 && !q.errors) console.error(`${tag}: ${q.name}: no request started and ended in the ${seconds} s window`);
  const rows = q.rows === null ? "-" : q.rows;
  console.log(`${pad(q.name, 24)} ${lpad(rows, 8)} ${lpad(q.ms.length, 8)} ${lpad(f3(med), 10)} ${lpad(f3(p95), 10)} ${lpad(q.errors, 7)}`);
  console.log(
    `RESULT engine=${engine} clients=${clients} query=${q.name} rows=${rows} median_ms=${f3(med)} p95_ms=${f3(p95)} count=${q.ms.length} errors=${q.errors}`,
  );
}
const qph = (completed * 3600) / seconds;
const clientCpu = cpuEnd.client - cpu.client;
const serverCpu = cpu.server !== null && cpuEnd.server !== null ? cpuEnd.server - cpu.server : null;
// What the rest of the machine used meanwhile (other users, builds): the
// machine's busy CPU minus this client and the server, in cores.
const otherCores =
  serverCpu !== null && cpu.machine !== null && cpuEnd.machine !== null
    ? Math.max(0, cpuEnd.machine - cpu.machine - clientCpu - serverCpu) / seconds
    : null;
const perQuery = (v) => (v !== null && completed > 0 ? ((v * 1000) / completed).toFixed(3) : "-");
console.log(
  `${completed} queries in ${seconds} s: ${qph.toFixed(0)} queries/hour, ${(qph / nq).toFixed(0)} mixes/hour, ${errors} errors; ` +
    `CPU ms per query: client ${perQuery(clientCpu)}, server ${perQuery(serverCpu)}; ` +
    `other processes used ${otherCores === null ? "-" : otherCores.toFixed(2)} of ${cpus().length} CPUs meanwhile`,
);
console.log(
  `RESULT engine=${engine} clients=${clients} seconds=${seconds} queries=${completed} queries_per_hour=${qph.toFixed(0)} ` +
    `mixes_per_hour=${(qph / nq).toFixed(0)} errors=${errors} client_cpu_s=${clientCpu.toFixed(2)} ` +
    `server_cpu_s=${serverCpu === null ? "-" : serverCpu.toFixed(2)} client_cpu_ms_per_query=${perQuery(clientCpu)} ` +
    `server_cpu_ms_per_query=${perQuery(serverCpu)} other_cpu_cores=${otherCores === null ? "-" : otherCores.toFixed(2)}`,
);
if (completed === 0) {
  console.error(`${tag}: no query completed in the ${seconds} s window`);
  status = 1;
}
process.exit(status);
