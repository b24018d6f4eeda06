/* web_sparql.c — the SPARQL 1.1 Protocol: queries on /sparql (GET, POST
 * form, POST application/sparql-query), the Service Description on a plain
 * GET, and updates on /update. */
#define _GNU_SOURCE /* strcasestr */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sila_accept.h"
#include "sila_dump.h"
#include "sila_query_run.h"
#include "sila_rdf_write.h"
#include "sila_update.h"
#include "web_internal.h"

/* Offers in preference order on ties: the first is the default. */
static const char *const results_offers[] = {
    "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
    "text/tab-separated-values",       "application/json",               "application/xml",
    "text/xml"};
static const SilaResultFormat results_fmts[] = {SILA_RESULTS_JSON, SILA_RESULTS_XML,
                                                SILA_RESULTS_CSV,  SILA_RESULTS_TSV,
                                                SILA_RESULTS_JSON, SILA_RESULTS_XML,
                                                SILA_RESULTS_XML};
static const char *const graph_offers[] = {
    "text/turtle",          "application/n-triples", "application/rdf+xml",
    "application/ld+json",  "application/n-quads",   "application/trig",
    "application/x-turtle", "text/plain",            "application/xml",
    "application/json"};
static const SilaRdfFormat graph_fmts[] = {
    SILA_RDF_TURTLE, SILA_RDF_NTRIPLES, SILA_RDF_RDFXML, SILA_RDF_JSONLD,   SILA_RDF_NQUADS,
    SILA_RDF_TRIG,   SILA_RDF_TURTLE,   SILA_RDF_NTRIPLES, SILA_RDF_RDFXML, SILA_RDF_JSONLD};

#define NOFFERS(a) (sizeof a / sizeof a[0])

/* The format= / output= override: a short name or a media type; 0 when
 * absent or unknown (an unknown value never disables Accept). */
static int format_override(const WebReq *r, bool graph) {
  const char *names[] = {"format", "output"};
  for (size_t i = 0; i < 2; i++) {
    const char *v = web_param(r, names[i]);
    if (!v || !*v)
      continue;
    if (graph) {
      SilaRdfFormat f = sila_rdf_format_from_name(v);
      if (!f)
        f = sila_rdf_format_from_mime(v);
      if (f)
        return (int)f;
    } else {
      SilaResultFormat f = sila_results_format_from_name(v);
      if (!f)
        f = sila_results_format_from_mime(v);
      if (!f && !strcasecmp(v, "application/json"))
        f = SILA_RESULTS_JSON;
      if (f)
        return (int)f;
    }
  }
  return 0;
}

int web_negotiate_rdf(const WebReq *r);
/* Shared with the Graph Store: the RDF syntax for the Accept header, or 0
 * (406).  Defaults to Turtle. */
int web_negotiate_rdf(const WebReq *r) {
  int o = format_override(r, true);
  if (o)
    return o;
  int i = sila_accept_choose(web_req_header(r, MHD_HTTP_HEADER_ACCEPT), graph_offers,
                             NOFFERS(graph_offers));
  return i < 0 ? 0 : (int)graph_fmts[i];
}

static int negotiate_results(const WebReq *r) {
  int o = format_override(r, false);
  if (o)
    return o;
  int i = sila_accept_choose(web_req_header(r, MHD_HTTP_HEADER_ACCEPT), results_offers,
                             NOFFERS(results_offers));
  return i < 0 ? 0 : (int)results_fmts[i];
}

const char *web_rdf_ctype(SilaRdfFormat f, char *buf, size_t size);
const char *web_rdf_ctype(SilaRdfFormat f, char *buf, size_t size) {
  snprintf(buf, size, "%s; charset=utf-8", sila_rdf_format_mime(f));
  return buf;
}

/* ---- queries ------------------------------------------------------------ */

/* Puts `prefix` before err's message (cutting its end when too long). */
static void prefix_message(SilaError *err, const char *prefix) {
  size_t pl = strlen(prefix), ml = strlen(err->message);
  if (pl >= sizeof err->message)
    return;
  if (pl + ml >= sizeof err->message)
    ml = sizeof err->message - pl - 1;
  memmove(err->message + pl, err->message, ml);
  memcpy(err->message, prefix, pl);
  err->message[pl + ml] = 0;
}

/* A query or update that does not parse is a malformed request (400), and
 * so is one past the parser's limits (too deep); anything else (memory)
 * goes through the status table. */
static SilaStatus refused_at_parse(WebReq *r, SilaStatus st, SilaError *err) {
  r->status = st == SILA_ERR_SYNTAX || st == SILA_ERR_LIMIT ? 400 : 0;
  if (st == SILA_ERR_SYNTAX)
    prefix_message(err, "SPARQL syntax error: ");
  return st;
}

static SilaStatus query_job(WebReq *r, SilaError *err) {
  SilaWeb *web = r->web;
  char base[600];
  snprintf(base, sizeof base, "%s/", web->cfg.base ? web->cfg.base : "");
  SilaQuery *q = NULL;
  SilaStatus st = sila_sparql_parse_query(r->text, strlen(r->text), base, &q, err);
  if (st != SILA_OK)
    return refused_at_parse(r, st, err);
  SilaQueryForm form = sila_query_form(q);
  bool graph = form == SILA_QUERY_CONSTRUCT || form == SILA_QUERY_DESCRIBE;
  SilaRunOptions opt = {.exec = {.union_default_graph = web->cfg.union_default_graph}};
  /* explain=true: the plan instead of the results; explain=analyze: the
   * plan after running the query, with actual rows and times. */
  const char *explain = web_param(r, "explain");
  int explain_mode = !explain || !*explain || !strcmp(explain, "false") || !strcmp(explain, "0") ? 0
                     : !strcmp(explain, "analyze")                                             ? 2
                                                                                               : 1;
  char ctype[128];
  const char *fmt_param = web_param(r, "format");
  bool for_people = fmt_param && !strcasecmp(fmt_param, "html"); /* the query form */
  if (graph && for_people) {
    /* RDF has no HTML table: Turtle, shown by the browser as text */
    opt.graph_format = SILA_RDF_TURTLE;
    snprintf(ctype, sizeof ctype, "text/plain; charset=utf-8");
  } else if (explain_mode) {
    snprintf(ctype, sizeof ctype, "text/plain; charset=utf-8");
  } else if (graph) {
    opt.graph_format = (SilaRdfFormat)web_negotiate_rdf(r);
    if (!opt.graph_format) {
      sila_query_free(q);
      r->status = 406;
      return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                            "no acceptable format: this query returns RDF (text/turtle, "
                            "application/n-triples, application/rdf+xml, application/ld+json, "
                            "application/n-quads, application/trig)");
    }
    web_rdf_ctype(opt.graph_format, ctype, sizeof ctype);
  } else {
    opt.results_format = (SilaResultFormat)negotiate_results(r);
    if (!opt.results_format) {
      sila_query_free(q);
      r->status = 406;
      return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                            "no acceptable format: this query returns SPARQL results "
                            "(application/sparql-results+json, application/sparql-results+xml, "
                            "text/csv, text/tab-separated-values)");
    }
    const char *bom = web_param(r, "bom");
    if (opt.results_format == SILA_RESULTS_CSV && bom && (!strcmp(bom, "1") || !strcmp(bom, "true")))
      opt.results_flags |= SILA_RESULTS_FLAG_BOM;
    snprintf(ctype, sizeof ctype, "%s; charset=utf-8",
             sila_results_format_mime(opt.results_format));
  }
  /* the dataset of the protocol overrides FROM / FROM NAMED */
  size_t nd = web_param_count(r, "default-graph-uri"), nn = web_param_count(r, "named-graph-uri");
  const char **dg = calloc(nd + nn + 1, sizeof *dg);
  if (!dg) {
    sila_query_free(q);
    return SILA_ERR_NOMEM;
  }
  const char **ng = dg + nd;
  size_t id = 0, in = 0;
  for (size_t i = 0; i < r->nparams; i++) {
    if (!strcmp(r->params[i].name, "default-graph-uri"))
      dg[id++] = r->params[i].value;
    else if (!strcmp(r->params[i].name, "named-graph-uri"))
      ng[in++] = r->params[i].value;
  }
  opt.exec.default_graphs = dg;
  opt.exec.ndefault_graphs = nd;
  opt.exec.named_graphs = ng;
  opt.exec.nnamed_graphs = nn;
  opt.exec.timeout = r->timeout;
  opt.exec.max_rows = web->cfg.max_rows;
  opt.exec.base_iri = base;
  opt.exec.service_allow = web->cfg.service_allow;
  opt.exec.nservice_allow = web->cfg.nservice_allow;
  opt.exec.service_allow_private = web->cfg.service_allow_private;
  opt.link_base = web->cfg.base; /* the html format links local IRIs to their pages */
  opt.on_exec = web_on_exec;
  opt.on_exec_ctx = r;
  opt.exec.slow_after = web_slow_after(r);
  opt.exec.max_memory = web->cfg.max_query_memory;
  opt.exec.on_slow = web_on_slow;
  opt.exec.on_slow_ctx = r;
  web_header(r, MHD_HTTP_HEADER_VARY, "Accept");
  web_begin(r, 200, ctype);
  web_allow_gzip(r);
  SilaTxn *txn = NULL;
  st = sila_txn_begin_read(web->store, &txn);
  if (st == SILA_OK && explain_mode) {
    SilaBuf plan = SILA_BUF_INIT;
    st = sila_explain_run(txn, q, &opt, explain_mode == 2, &plan, err);
    sila_txn_abort(txn);
    if (st == SILA_OK)
      st = web_write(r, plan.data ? plan.data : "", plan.len);
    sila_buf_free(&plan);
  } else if (st == SILA_OK) {
    st = sila_query_run(txn, q, &opt, web_write, r, NULL, err);
    sila_txn_abort(txn);
  } else {
    sila_error_set(err, st, 0, 0, "cannot read the store: %s", sila_strerror(st));
  }
  if (st != SILA_OK && !r->streaming) /* r->streaming is only written by this thread */
    r->status = st == SILA_ERR_LIMIT ? 500 : 0; /* 0: the status table decides */
  free(dg);
  sila_query_free(q);
  return st;
}

/* ---- the service description --------------------------------------------- */

#define NS_SD "http://www.w3.org/ns/sparql-service-description#"
#define NS_FORMATS "http://www.w3.org/ns/formats/"
#define NS_SILA "https://w3id.org/sila/ns#"

static void sd_triple(SilaRdfWriter *w, const char *p, const SilaTerm *o) {
  SilaTerm s = sila_term_blank("service");
  SilaTerm pt = sila_term_iri(p);
  sila_rdf_writer_quad(w, &s, &pt, o, NULL);
}

static void sd_iri(SilaRdfWriter *w, const char *p, const char *o) {
  SilaTerm t = sila_term_iri(o);
  sd_triple(w, p, &t);
}

static void sd_int(SilaRdfWriter *w, const char *p, unsigned long long v) {
  char n[32];
  snprintf(n, sizeof n, "%llu", v);
  SilaTerm t = sila_term_literal(n, SILA_NS_XSD "integer", NULL);
  sd_triple(w, p, &t);
}

static enum MHD_Result service_description(WebReq *r) {
  SilaRdfFormat fmt = (SilaRdfFormat)web_negotiate_rdf(r);
  if (!fmt)
    return web_error_now(r, 406, "no acceptable format for the service description "
                                 "(text/turtle, application/rdf+xml, application/n-triples, "
                                 "application/ld+json)");
  char pub[300], endpoint[512], update[512], sdpath[600];
  web_public_base(r, pub, sizeof pub); /* the rule VoID and the catalogue follow */
  snprintf(endpoint, sizeof endpoint, "%s/sparql", pub);
  snprintf(update, sizeof update, "%s/update", pub);
  SilaBuf b = SILA_BUF_INIT;
  static const SilaPrefix prefixes[] = {{"sd", NS_SD}, {"formats", NS_FORMATS},
                                        {"sila", NS_SILA}, {"xsd", SILA_NS_XSD},
                                        {"rdf", SILA_NS_RDF}, {NULL, NULL}};
  SilaRdfWriter *w = sila_rdf_writer_new(fmt, sila_rdf_write_to_buf, &b, prefixes);
  if (!w)
    return web_error_now(r, 500, "out of memory");
  const SilaWebConfig *c = &r->web->cfg;
  sd_iri(w, SILA_NS_RDF "type", NS_SD "Service");
  sd_iri(w, NS_SD "endpoint", endpoint);
  sd_iri(w, NS_SD "supportedLanguage", NS_SD "SPARQL11Query");
  sd_iri(w, NS_SD "supportedLanguage", NS_SD "SPARQL11Update");
  static const char *const formats[] = {"SPARQL_Results_JSON", "SPARQL_Results_XML",
                                        "SPARQL_Results_CSV",  "SPARQL_Results_TSV",
                                        "Turtle",              "N-Triples",
                                        "RDF_XML",             "JSON-LD",
                                        "N-Quads",             "TriG"};
  for (size_t i = 0; i < NOFFERS(formats); i++) {
    snprintf(sdpath, sizeof sdpath, NS_FORMATS "%s", formats[i]);
    sd_iri(w, NS_SD "resultFormat", sdpath);
  }
  if (c->union_default_graph)
    sd_iri(w, NS_SD "feature", NS_SD "UnionDefaultGraph");
  sd_iri(w, NS_SD "defaultEntailmentRegime", "http://www.w3.org/ns/entailment/Simple");
  sd_iri(w, NS_SILA "updateEndpoint", update);
  if (c->base)
    sd_iri(w, NS_SILA "canonicalBase", c->base);
  sd_int(w, NS_SILA "timeoutSeconds", (unsigned long long)c->timeout);
  sd_int(w, NS_SILA "maxRows", c->max_rows);
  sd_int(w, NS_SILA "maxBodyBytes", c->max_body);
  sd_int(w, NS_SILA "maxUrlBytes", c->max_url);
  sd_int(w, NS_SILA "maxConcurrentPerClient", c->max_per_client);
  SilaStatus st = sila_rdf_writer_finish(w);
  sila_rdf_writer_free(w);
  enum MHD_Result ret;
  if (st != SILA_OK) {
    ret = web_error_now(r, 500, "cannot write the service description: %s", sila_strerror(st));
  } else {
    char ctype[128];
    web_header(r, MHD_HTTP_HEADER_VARY, "Accept");
    ret = web_respond_now(r, 200, web_rdf_ctype(fmt, ctype, sizeof ctype), b.data ? b.data : "",
                          b.len);
  }
  sila_buf_free(&b);
  return ret;
}

/* Reads the operation (query or update) of a POST: form or direct. */
static enum MHD_Result read_post(WebReq *r, const char *direct_type, const char *field,
                                 bool *ok) {
  char ct[128];
  *ok = false;
  web_content_type(r, ct, sizeof ct);
  const char *raw = web_req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
  const char *cs = raw ? strcasestr(raw, "charset=") : NULL;
  if (cs) {
    cs += 8;
    cs += *cs == '"';
    if (strncasecmp(cs, "utf-8", 5) && strncasecmp(cs, "utf8", 4))
      return web_error_now(r, 415, "only UTF-8 request bodies are accepted, not %s", cs);
  }
  if (r->body.len && memchr(r->body.data, 0, r->body.len))
    return web_error_now(r, 400, "the request body holds a NUL byte (not UTF-8 text?)");
  if (!strcmp(ct, "application/x-www-form-urlencoded")) {
    if (web_param_count(r, field))
      return web_error_now(r, 400, "'%s' must be in the request body of a form POST, not the URL",
                           field);
    if (web_form_parse(r, r->body.data ? r->body.data : "", r->body.len))
      return web_error_now(r, 500, "out of memory");
    *ok = true;
    return MHD_YES;
  }
  if (!strcmp(ct, direct_type)) {
    if (web_param_count(r, field))
      return web_error_now(r, 400, "with %s the %s is the body: no '%s' parameter allowed",
                           direct_type, field, field);
    if (web_param_add(r, field, strlen(field), r->body.data ? r->body.data : "", r->body.len))
      return web_error_now(r, 500, "out of memory");
    *ok = true;
    return MHD_YES;
  }
  return web_error_now(r, 415,
                       "unsupported Content-Type '%s': send application/x-www-form-urlencoded "
                       "or %s",
                       ct, direct_type);
}

enum MHD_Result web_sparql(WebReq *r) {
  bool get = !strcmp(r->method, MHD_HTTP_METHOD_GET) || !strcmp(r->method, MHD_HTTP_METHOD_HEAD);
  if (!get && strcmp(r->method, MHD_HTTP_METHOD_POST)) {
    web_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, POST, OPTIONS");
    return web_error_now(r, 405, "%s is not allowed on /sparql (GET or POST)", r->method);
  }
  if (!get) {
    bool ok;
    enum MHD_Result ret = read_post(r, "application/sparql-query", "query", &ok);
    if (!ok)
      return ret;
  }
  size_t nq = web_param_count(r, "query");
  if (nq > 1)
    return web_error_now(r, 400, "more than one 'query' parameter");
  if (web_param_count(r, "update"))
    return web_error_now(r, 400, "updates go to /update (POST), not /sparql");
  if (nq == 0) {
    if (!get)
      return web_error_now(r, 400, "no 'query' parameter");
    /* a person (a browser preferring HTML to RDF) gets the query page */
    static const char *const page_offers[] = {"text/turtle", "application/rdf+xml",
                                              "application/n-triples", "application/ld+json",
                                              "text/html"};
    if (sila_accept_choose(web_req_header(r, MHD_HTTP_HEADER_ACCEPT), page_offers,
                           NOFFERS(page_offers)) == (int)NOFFERS(page_offers) - 1) {
      web_header(r, MHD_HTTP_HEADER_LOCATION, "/query");
      web_header(r, MHD_HTTP_HEADER_VARY, "Accept");
      return web_respond_now(r, 303, "text/plain; charset=utf-8", "See /query\n", 11);
    }
    return service_description(r);
  }
  const char *text = web_param(r, "query");
  size_t len = strlen(text);
  if (!sila_utf8_valid(text, len))
    return web_error_now(r, 400, "the query is not valid UTF-8");
  r->text = strdup(text);
  if (!r->text)
    return web_error_now(r, 500, "out of memory");
  r->timeout = r->web->cfg.timeout;
  const char *t = web_param(r, "timeout");
  if (t && *t) {
    char *end;
    double v = strtod(t, &end);
    if (*end || v < 0)
      return web_error_now(r, 400, "timeout must be a number of seconds, not '%s'", t);
    if (v > 0 && (r->timeout <= 0 || v < r->timeout))
      r->timeout = v; /* a client may only lower the server's limit */
  }
  return web_enqueue_inline(r, query_job);
}

/* ---- updates ------------------------------------------------------------- */

static SilaStatus update_job(WebReq *r, SilaError *err) {
  SilaWeb *web = r->web;
  char base[600];
  snprintf(base, sizeof base, "%s/", web->cfg.base ? web->cfg.base : "");
  SilaQuery *q = NULL;
  SilaStatus st = sila_sparql_parse_update(r->text, strlen(r->text), base, &q, err);
  if (st != SILA_OK)
    return refused_at_parse(r, st, err);
  size_t nu = web_param_count(r, "using-graph-uri"), nn = web_param_count(r, "using-named-graph-uri");
  const char **ug = calloc(nu + nn + 1, sizeof *ug);
  if (!ug) {
    sila_query_free(q);
    return SILA_ERR_NOMEM;
  }
  const char **un = ug + nu;
  size_t iu = 0, in = 0;
  for (size_t i = 0; i < r->nparams; i++) {
    if (!strcmp(r->params[i].name, "using-graph-uri"))
      ug[iu++] = r->params[i].value;
    else if (!strcmp(r->params[i].name, "using-named-graph-uri"))
      un[in++] = r->params[i].value;
  }
  SilaUpdateOptions opt = {.union_default_graph = web->cfg.union_default_graph,
                           .from_http = true,
                           .load_allow = web->cfg.load_allow,
                           .load_allow_private = web->cfg.load_allow_private,
                           .timeout = web->cfg.timeout,
                           .using_graphs = ug,
                           .nusing_graphs = nu,
                           .using_named_graphs = un,
                           .nusing_named_graphs = nn,
                           .base_iri = base};
  SilaUpdateStats stats = {0};
  SilaTxn *txn = NULL;
  st = sila_txn_begin_write(web->store, 0, &txn);
  if (st == SILA_OK) {
    st = sila_update_apply(txn, q, &opt, &stats, err);
    if (st == SILA_OK)
      st = sila_txn_commit(txn);
    else
      sila_txn_abort(txn);
  }
  if (st != SILA_OK && !err->message[0])
    sila_error_set(err, st, 0, 0, "update failed: %s", sila_strerror(st));
  free(ug);
  sila_query_free(q);
  if (st == SILA_OK) {
    web_begin(r, 200, "text/plain; charset=utf-8");
    char msg[200];
    int n = snprintf(msg, sizeof msg, "ok: %llu operations, %llu quads inserted, %llu deleted\n",
                     (unsigned long long)stats.operations, (unsigned long long)stats.inserted,
                     (unsigned long long)stats.deleted);
    return web_write(r, msg, (size_t)n);
  }
  /* A well-formed update that cannot run is not a malformed request: the
   * status table (sila_web_http_status) gives 403 for a refused LOAD, 404
   * for a missing graph, 409 for CREATE of an existing one, 502 when the
   * source of a LOAD failed, 503 on timeout (README, "HTTP status codes"). */
  r->status = 0;
  return st;
}

enum MHD_Result web_update(WebReq *r) {
  if (strcmp(r->method, MHD_HTTP_METHOD_POST)) {
    web_header(r, MHD_HTTP_HEADER_ALLOW, "POST, OPTIONS");
    return web_error_now(r, 405, "%s is not allowed on /update (POST only)", r->method);
  }
  bool ok;
  enum MHD_Result ret = read_post(r, "application/sparql-update", "update", &ok);
  if (!ok)
    return ret;
  size_t nu = web_param_count(r, "update");
  if (nu != 1)
    return web_error_now(r, 400, nu ? "more than one 'update' parameter"
                                    : "no 'update' parameter");
  if (web_param_count(r, "query"))
    return web_error_now(r, 400, "queries go to /sparql, not /update");
  const char *text = web_param(r, "update");
  if (!sila_utf8_valid(text, strlen(text)))
    return web_error_now(r, 400, "the update is not valid UTF-8");
  r->text = strdup(text);
  if (!r->text)
    return web_error_now(r, 500, "out of memory");
  return web_enqueue(r, update_job);
}
