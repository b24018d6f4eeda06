/* w3c_expected.c — reading the expected results of W3C SPARQL query tests. */
#include "w3c_expected.h"

#include <stdlib.h>
#include <string.h>

#include "sila_rdf_syntax.h"
#include "w3c_manifest.h"

SilaResultFormat w3c_results_format_of(const char *path) {
  const char *dot = strrchr(path, '.');
  return !dot                     ? SILA_RESULTS_UNKNOWN
         : !strcmp(dot, ".srx")   ? SILA_RESULTS_XML
         : !strcmp(dot, ".srj")   ? SILA_RESULTS_JSON
         : !strcmp(dot, ".tsv")   ? SILA_RESULTS_TSV
         : !strcmp(dot, ".csv")   ? SILA_RESULTS_CSV
                                  : SILA_RESULTS_UNKNOWN;
}

/* Result sets written in RDF (the rs: vocabulary of the SPARQL 1.0 tests). */
static SilaResultSet *rdf_result_set(const char *iri) {
  Manifest g;
  const char *path = manifest_file_path(iri);
  RdfIsoGraph *graph = rdf_iso_graph_new();
  SilaRdfFormat fmt = sila_rdf_format_from_filename(path, NULL);
  if (sila_rdf_parse_file(fmt, path, iri, rdf_iso_sink, graph, NULL) != SILA_OK) {
    rdf_iso_graph_free(graph);
    return NULL;
  }
  g.g = graph;
  g.uri = NULL;
  SilaResultSet *rs = sila_results_set_new();
  SilaTerm set;
  bool found = false;
  for (size_t i = 0; i < rdf_iso_size(graph) && !found; i++) {
    SilaTerm s, p, o, gr;
    bool hg;
    rdf_iso_get(graph, i, &s, &p, &o, &gr, &hg);
    if (sila_iri_is(p.value, p.value_len, RDF_NS "type") &&
        sila_iri_is(o.value, o.value_len, RS "ResultSet")) {
      set = s;
      found = true;
    }
  }
  if (!found) {
    rdf_iso_graph_free(graph);
    sila_results_set_free(rs);
    return NULL;
  }
  SilaTerm b;
  if (manifest_obj(&g, &set, RS "boolean", &b)) {
    sila_results_set_set_boolean(rs, b.value_len == 4 && !memcmp(b.value, "true", 4));
    rdf_iso_graph_free(graph);
    return rs;
  }
  SilaTerm vars[64], sols[4096];
  size_t nv = manifest_objs(&g, &set, RS "resultVariable", vars, 64);
  for (size_t i = 0; i < nv; i++)
    sila_results_set_add_var(rs, vars[i].value, vars[i].value_len);
  size_t ns = manifest_objs(&g, &set, RS "solution", sols, 4096);
  /* Order by rs:index when present. */
  long index[4096];
  for (size_t i = 0; i < ns; i++) {
    SilaTerm ix;
    index[i] = (long)i;
    if (manifest_obj(&g, &sols[i], RS "index", &ix)) {
      char *n = manifest_term_dup(&ix);
      index[i] = atol(n);
      free(n);
    }
  }
  for (size_t a = 1; a < ns; a++)
    for (size_t c = a; c > 0 && index[c - 1] > index[c]; c--) {
      long t = index[c];
      index[c] = index[c - 1];
      index[c - 1] = t;
      SilaTerm ts = sols[c];
      sols[c] = sols[c - 1];
      sols[c - 1] = ts;
    }
  for (size_t i = 0; i < ns; i++) {
    SilaTerm bindings[64], values[64];
    const SilaTerm *row[64] = {0};
    size_t nb = manifest_objs(&g, &sols[i], RS "binding", bindings, 64);
    for (size_t j = 0; j < nb; j++) {
      SilaTerm var;
      if (!manifest_obj(&g, &bindings[j], RS "variable", &var) ||
          !manifest_obj(&g, &bindings[j], RS "value", &values[j]))
        continue;
      long col = sila_results_set_var_index(rs, var.value, var.value_len);
      if (col < 0) {
        sila_results_set_add_var(rs, var.value, var.value_len);
        col = sila_results_set_var_index(rs, var.value, var.value_len);
      }
      if (col >= 0 && col < 64)
        row[col] = &values[j];
    }
    sila_results_set_add_row(rs, row);
  }
  rdf_iso_graph_free(graph);
  return rs;
}

SilaResultSet *w3c_expected_results(const char *iri, bool *lexical) {
  const char *path = manifest_file_path(iri);
  const char *dot = strrchr(path, '.');
  *lexical = false;
  if (dot && (!strcmp(dot, ".ttl") || !strcmp(dot, ".rdf") || !strcmp(dot, ".nt")))
    return rdf_result_set(iri);
  SilaResultFormat fmt = w3c_results_format_of(path);
  *lexical = fmt == SILA_RESULTS_CSV;
  size_t len;
  char *data = test_file_read(path, &len);
  if (!data)
    return NULL;
  SilaResultSet *rs = NULL;
  sila_results_parse(fmt, data, len, &rs, NULL);
  free(data);
  return rs;
}

bool w3c_query_ordered(const SilaQuery *q) {
  const SilaAlg *a = sila_query_algebra(q);
  while (a) {
    if (a->kind == SILA_ALG_ORDERBY)
      return true;
    if (a->kind != SILA_ALG_PROJECT && a->kind != SILA_ALG_DISTINCT &&
        a->kind != SILA_ALG_REDUCED && a->kind != SILA_ALG_SLICE && a->kind != SILA_ALG_EXTEND)
      return false;
    a = a->a;
  }
  return false;
}

