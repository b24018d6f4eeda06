// sparql_http.mjs — what http_bench.mjs (one client) and http_load.mjs (N
// concurrent clients) share: one SPARQL 1.1 Protocol query over node:http,
// its rows counted from the parsed body.
//
// Requests go through node:http, not Node's fetch (undici added 2-5 ms per
// request here). The caller passes the connection policy: an Agent with
// keepAlive and maxSockets 1 is one kept-alive connection; `false` opens a
// fresh connection per request, like curl.
import { request } from "node:http";

// The query form: the first keyword after comments, PREFIX and BASE.
export function queryForm(text) {
  // IRIs first (they may hold '#'), then strings and comments.
  const body = text
    .replace(/<[^<>"{}|^`\\\s]*>/g, " ")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, " ")
    .replace(/#[^\n]*/g, " ");
  const m = /\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(body);
  return m ? m[1].toUpperCase() : "SELECT";
}

// Triples in an N-Triples body: its statement lines.
export function countNTriples(body) {
  let n = 0;
  for (const line of body.split("\n")) {
    const t = line.trim();
    if (t && !t.startsWith("#")) n++;
  }
  return n;
}

// POSTs the query as a form (query=...) to endpoint (a URL string or URL);
// resolves to {status, type, body} once the whole body is read, rejects on a
// connection error or when no answer comes in timeoutS seconds (the message
// then starts with "no answer").
export function post(endpoint, agent, text, accept, timeoutS) {
  const url = endpoint instanceof URL ? endpoint : new URL(endpoint);
  const body = new URLSearchParams({ query: text }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
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

// One query: SELECT/ASK ask for SPARQL JSON, CONSTRUCT/DESCRIBE for
// N-Triples. Resolves to the number of rows (triples; 1 or 0 for ASK);
// rejects on a non-2xx status, an unexpected content type or a body that
// does not parse.
export async function runQuery(endpoint, agent, text, form, timeoutS) {
  const graph = form === "CONSTRUCT" || form === "DESCRIBE";
  const res = await post(endpoint, agent, text, graph ? "application/n-triples, text/plain;q=0.9" : "application/sparql-results+json", timeoutS);
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

// Milliseconds from a monotonic clock.
export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

// The p-th percentile (0-100) of an ascending array, by the same rank rule as
// sila-qbench: index floor(n * p / 100), the median being index floor(n / 2).
export function percentile(sorted, p) {
  const n = sorted.length;
  if (n === 0) return NaN;
  return sorted[Math.min(Math.floor((n * p) / 100), n - 1)];
}
