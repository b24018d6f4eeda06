// same_results.mjs — do several SPARQL endpoints give the same answers?
// For bench/peers.sh: every query is sent once to every endpoint and the
// whole answers are compared (not only the row counts).
//
//   node same_results.mjs NAME=URL NAME=URL... -- QUERY.rq...
//
// SELECT/ASK are read as SPARQL JSON, CONSTRUCT/DESCRIBE as N-Triples (as
// compare/sparql_http.mjs asks for them).  Before comparing, each term is
// normalised so that engines' spelling of the same value agrees:
//   - numbers (xsd:integer, decimal, double, float and the integer subtypes)
//     by value, to 12 significant digits ("4.50", "4.5", "4.5E0" agree:
//     AVG gives a decimal in one engine and a double in another);
//   - blank nodes are all "_:" (labels are the engine's own);
//   - "literal" and "typed-literal" (older SPARQL JSON) are one type,
//     xsd:string and a simple literal are one, language tags in lower case.
// DESCRIBE: only the triples about the first engine's subjects are compared
// (the form is engine-defined; Virtuoso adds the resource's incoming triples).
// Rows are compared as multisets (an ORDER BY with ties may list them in
// another order); with ORDER BY the order is also compared and a difference
// only in the order of equal keys is reported as such, not as a failure.
// Prints one line per query: "same  QUERY rows=N" or "DIFF  QUERY ..." with
// the first rows one engine has and another lacks.  Exit 1 on any DIFF or
// failed request, 2 on bad usage.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Agent } from "node:http";
import { post, queryForm } from "../compare/sparql_http.mjs";

const XSD = "http://www.w3.org/2001/XMLSchema#";
const NUMERIC = new Set(
  ["integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte"].map((t) => XSD + t),
);

function num(v) {
  const x = Number(v);
  return Number.isFinite(x) ? `num:${Number(x.toPrecision(12))}` : null;
}

function term(b) {
  if (!b) return "UNBOUND";
  if (b.type === "uri") return `<${b.value}>`;
  if (b.type === "bnode") return "_:";
  const dt = b.datatype;
  if (dt && NUMERIC.has(dt)) {
    const n = num(b.value);
    if (n) return n;
  }
  if (b["xml:lang"]) return `"${b.value}"@${b["xml:lang"].toLowerCase()}`;
  if (dt && dt !== XSD + "string") return `"${b.value}"^^<${dt}>`;
  return `"${b.value}"`;
}

// One N-Triples line → normalised text, or null for a blank/comment line.
const ntTerm = /<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?/g;
function ntLine(line) {
  const t = line.trim();
  if (!t || t.startsWith("#")) return null;
  const terms = t.match(ntTerm) || [];
  return terms
    .map((x) => {
      if (x.startsWith("_:")) return "_:";
      const m = /^"((?:[^"\\]|\\.)*)"\^\^<([^>]*)>$/.exec(x);
      if (m && NUMERIC.has(m[2])) return num(m[1]) || x;
      if (m && m[2] === XSD + "string") return `"${m[1]}"`;
      const l = /^("(?:[^"\\]|\\.)*")@(.*)$/.exec(x);
      if (l) return `${l[1]}@${l[2].toLowerCase()}`;
      return x;
    })
    .join(" ");
}

async function answer(url, agent, text, form) {
  const graph = form === "CONSTRUCT" || form === "DESCRIBE";
  const res = await post(url, agent, text, graph ? "application/n-triples, text/plain;q=0.9" : "application/sparql-results+json", 120);
  if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 200)}`);
  if (graph) return res.body.split("\n").map(ntLine).filter((x) => x !== null);
  const json = JSON.parse(res.body);
  if (typeof json.boolean === "boolean") return [String(json.boolean)];
  const vars = json.head.vars.slice().sort();
  return json.results.bindings.map((row) => vars.map((v) => `${v}=${term(row[v])}`).join(" "));
}

const args = process.argv.slice(2);
const sep = args.indexOf("--");
if (sep < 1 || sep === args.length - 1) {
  console.error("usage: node same_results.mjs NAME=URL NAME=URL... -- QUERY.rq...");
  process.exit(2);
}
const engines = args.slice(0, sep).map((a) => {
  const i = a.indexOf("=");
  return { name: a.slice(0, i), url: new URL(a.slice(i + 1)), agent: new Agent({ keepAlive: true, maxSockets: 1 }) };
});
let status = 0;
for (const path of args.slice(sep + 1)) {
  const text = readFileSync(path, "utf8");
  const form = queryForm(text);
  const ordered = /\bORDER\s+BY\b/i.test(text.replace(/#[^\n]*/g, " "));
  const got = [];
  const extra = [];
  for (const e of engines) {
    try {
      got.push(await answer(e.url, e.agent, text, form));
    } catch (err) {
      got.push(null);
      console.log(`FAIL  ${basename(path)} ${e.name}: ${String(err.message || err).trim()}`);
      status = 1;
    }
  }
  const ref = got[0];
  if (!ref) continue;
  if (form === "DESCRIBE") {
    // DESCRIBE's answer is engine-defined (SPARQL 1.1 §16.4): Sila and
    // Oxigraph give the resource's own triples (its concise bounded
    // description), Virtuoso adds those where it is the object.  The
    // triples about the reference engine's subjects are compared; the
    // others are counted in the note.
    const subjects = new Set(ref.map((l) => l.split(" ")[0]));
    for (let i = 1; i < engines.length; i++) {
      if (!got[i]) continue;
      const own = got[i].filter((l) => subjects.has(l.split(" ")[0]));
      if (own.length !== got[i].length)
        extra.push(`(${engines[i].name} adds ${got[i].length - own.length} triples about other subjects: its DESCRIBE)`);
      got[i] = own;
    }
  }
  const refSorted = ref.slice().sort();
  const notes = extra;
  for (let i = 1; i < engines.length; i++) {
    const g = got[i];
    if (!g) continue;
    const sorted = g.slice().sort();
    if (JSON.stringify(sorted) !== JSON.stringify(refSorted)) {
      const a = new Map(), b = new Map();
      for (const r of refSorted) a.set(r, (a.get(r) || 0) + 1);
      for (const r of sorted) b.set(r, (b.get(r) || 0) + 1);
      const onlyA = refSorted.filter((r) => (b.get(r) || 0) < a.get(r)).slice(0, 3);
      const onlyB = sorted.filter((r) => (a.get(r) || 0) < b.get(r)).slice(0, 3);
      notes.push(`${engines[0].name} ${ref.length} rows, ${engines[i].name} ${g.length};` +
        ` only in ${engines[0].name}: ${JSON.stringify(onlyA)}; only in ${engines[i].name}: ${JSON.stringify(onlyB)}`);
      status = 1;
    } else if (ordered && JSON.stringify(g) !== JSON.stringify(ref)) {
      notes.push(`(${engines[i].name}: same rows, equal sort keys in another order)`);
    }
  }
  const diff = notes.some((n) => !n.startsWith("("));
  console.log(`${diff ? "DIFF" : "same"}  ${basename(path)} rows=${ref.length}${notes.length ? " " + notes.join(" ") : ""}`);
}
for (const e of engines) e.agent.destroy();
process.exit(status);
