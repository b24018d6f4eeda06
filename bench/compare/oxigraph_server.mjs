// oxigraph_server.mjs — a minimal SPARQL 1.1 Protocol wrapper around an
// in-memory Oxigraph Store (npm `oxigraph`), so that bench/compare.sh can time
// Oxigraph over HTTP like Sila's and Virtuoso's endpoints. Not a server for
// anything else: queries only, no limits, one process.
//
//   node oxigraph_server.mjs --data FILE.nt [--port 0]
//
// Listens on 127.0.0.1 only; prints "listening on 127.0.0.1:PORT" once the
// data is loaded. Queries by GET ?query= or POST (form or
// application/sparql-query); SELECT/ASK answer SPARQL JSON, CONSTRUCT/DESCRIBE
// N-Triples. Stop it with SIGTERM.
import { closeSync, openSync, readSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const oxigraph = require("oxigraph");

let data = null;
let port = 0;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--data") data = argv[++i];
  else if (argv[i] === "--port") port = parseInt(argv[++i], 10) || 0;
  else {
    console.error("usage: node oxigraph_server.mjs --data FILE.nt [--port 0]");
    process.exit(2);
  }
}
if (!data) {
  console.error("usage: node oxigraph_server.mjs --data FILE.nt [--port 0]");
  process.exit(2);
}

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

const store = new oxigraph.Store();
const t0 = process.hrtime.bigint();
store.load(chunks(data), { format: "application/n-triples" });
const loadS = Number(process.hrtime.bigint() - t0) / 1e9;

function isGraphQuery(text) {
  // IRIs first (they may hold '#'), then strings and comments.
  const body = text
    .replace(/<[^<>"{}|^`\\\s]*>/g, " ")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, " ")
    .replace(/#[^\n]*/g, " ");
  const m = /\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(body);
  return m !== null && (m[1].toUpperCase() === "CONSTRUCT" || m[1].toUpperCase() === "DESCRIBE");
}

function answer(res, query) {
  if (!query) {
    res.writeHead(400, { "Content-Type": "text/plain" }).end("no query\n");
    return;
  }
  try {
    const graph = isGraphQuery(query);
    const type = graph ? "application/n-triples" : "application/sparql-results+json";
    const out = store.query(query, { results_format: type });
    res.writeHead(200, { "Content-Type": `${type}; charset=utf-8` }).end(out);
  } catch (e) {
    res.writeHead(400, { "Content-Type": "text/plain" }).end(`${e.message || e}\n`);
  }
}

const server = createServer((req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  if (url.pathname !== "/sparql") {
    res.writeHead(404).end();
    return;
  }
  if (req.method === "GET") {
    answer(res, url.searchParams.get("query"));
    return;
  }
  const parts = [];
  req.on("data", (d) => parts.push(d));
  req.on("end", () => {
    const body = Buffer.concat(parts).toString("utf8");
    const ctype = (req.headers["content-type"] || "").split(";")[0].trim();
    answer(res, ctype === "application/sparql-query" ? body : new URLSearchParams(body).get("query"));
  });
});
server.keepAliveTimeout = 30000;
server.listen(port, "127.0.0.1", () => {
  console.log(`oxigraph: loaded ${store.size} triples in ${loadS.toFixed(2)} s`);
  console.log(`listening on 127.0.0.1:${server.address().port}`);
});
process.on("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
