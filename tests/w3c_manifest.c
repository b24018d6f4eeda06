/* w3c_manifest.c — in-memory W3C manifests for the conformance runners. */
#include "w3c_manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_rdf_syntax.h"

bool manifest_load(Manifest *m, const char *path) { return manifest_load_as(m, path, NULL); }

bool manifest_load_as(Manifest *m, const char *path, const char *base) {
  memset(m, 0, sizeof *m);
  char *abs = realpath(path, NULL);
  if (!abs) {
    fprintf(stderr, "cannot find %s\n", path);
    return false;
  }
  size_t n = (base ? strlen(base) : strlen(abs)) + 8;
  m->uri = malloc(n);
  m->g = rdf_iso_graph_new();
  if (!m->uri || !m->g) {
    free(abs);
    return false;
  }
  if (base)
    snprintf(m->uri, n, "%s", base);
  else
    snprintf(m->uri, n, "file://%s", abs);
  free(abs);
  SilaError err = {0};
  err.file = path;
  SilaStatus st =
      sila_rdf_parse_file(SILA_RDF_TURTLE, path, m->uri, rdf_iso_sink, m->g, &err);
  if (st != SILA_OK) {
    char msg[600];
    fprintf(stderr, "cannot read manifest: %s\n", sila_error_format(&err, msg, sizeof msg));
    return false;
  }
  return true;
}

void manifest_free(Manifest *m) {
  rdf_iso_graph_free(m->g);
  free(m->uri);
  memset(m, 0, sizeof *m);
}

static bool same(const SilaTerm *a, const SilaTerm *b) { return sila_term_equal(a, b); }

size_t manifest_objs(const Manifest *m, const SilaTerm *s, const char *p, SilaTerm *out,
                     size_t max) {
  size_t n = 0, total = rdf_iso_size(m->g);
  for (size_t i = 0; i < total && n < max; i++) {
    SilaTerm ts, tp, to, tg;
    bool hg;
    rdf_iso_get(m->g, i, &ts, &tp, &to, &tg, &hg);
    if (same(&ts, s) && sila_iri_is(tp.value, tp.value_len, p))
      out[n++] = to;
  }
  return n;
}

bool manifest_obj(const Manifest *m, const SilaTerm *s, const char *p, SilaTerm *out) {
  return manifest_objs(m, s, p, out, 1) == 1;
}

size_t manifest_list(const Manifest *m, const SilaTerm *head, SilaTerm *out, size_t max) {
  size_t n = 0;
  SilaTerm cur = *head;
  while (n < max && !(cur.kind == SILA_TERM_IRI && sila_iri_is(cur.value, cur.value_len, RDF_NS "nil"))) {
    SilaTerm first, rest;
    if (!manifest_obj(m, &cur, RDF_NS "first", &first) || !manifest_obj(m, &cur, RDF_NS "rest", &rest))
      break;
    out[n++] = first;
    cur = rest;
  }
  return n;
}

bool manifest_is_a(const Manifest *m, const SilaTerm *s, const char *type) {
  SilaTerm types[16];
  size_t n = manifest_objs(m, s, RDF_NS "type", types, 16);
  for (size_t i = 0; i < n; i++)
    if (sila_iri_is(types[i].value, types[i].value_len, type))
      return true;
  return false;
}

SilaTerm manifest_doc(const Manifest *m) {
  return (SilaTerm){SILA_TERM_IRI, m->uri, strlen(m->uri), NULL, 0, NULL, 0, NULL};
}

SilaTerm manifest_self(const Manifest *m) {
  SilaTerm self = manifest_doc(m), head;
  if (manifest_obj(m, &self, MF "entries", &head) || manifest_obj(m, &self, MF "include", &head))
    return self;
  for (size_t i = 0; i < rdf_iso_size(m->g); i++) {
    SilaTerm s, p, o, g;
    bool has_graph;
    rdf_iso_get(m->g, i, &s, &p, &o, &g, &has_graph);
    if (sila_iri_is(p.value, p.value_len, RDF_NS "type") && o.kind == SILA_TERM_IRI &&
        sila_iri_is(o.value, o.value_len, MF "Manifest"))
      return s;
  }
  return self;
}

static size_t list_of(const Manifest *m, const SilaTerm *self, const char *p, SilaTerm *out,
                      size_t max) {
  SilaTerm head;
  return manifest_obj(m, self, p, &head) ? manifest_list(m, &head, out, max) : 0;
}

size_t manifest_entries(const Manifest *m, const SilaTerm *self, SilaTerm *out, size_t max) {
  return list_of(m, self, MF "entries", out, max);
}

size_t manifest_includes(const Manifest *m, const SilaTerm *self, SilaTerm *out, size_t max) {
  return list_of(m, self, MF "include", out, max);
}

char *manifest_term_dup(const SilaTerm *t) { return strndup(t->value, t->value_len); }

char *manifest_str(const Manifest *m, const SilaTerm *s, const char *p) {
  SilaTerm o;
  return manifest_obj(m, s, p, &o) ? manifest_term_dup(&o) : NULL;
}

SilaRdfFormat manifest_rdf_test_format(const char *type) {
  if (strstr(type, "NTriples"))
    return SILA_RDF_NTRIPLES;
  if (strstr(type, "NQuads"))
    return SILA_RDF_NQUADS;
  if (strstr(type, "Turtle"))
    return SILA_RDF_TURTLE;
  if (strstr(type, "Trig"))
    return SILA_RDF_TRIG;
  if (strstr(type, "XML"))
    return SILA_RDF_RDFXML;
  return SILA_RDF_UNKNOWN;
}

void manifest_sparql_prefix(const char *path, char *out, size_t size) {
  const char *rel = strstr(path, "/sparql/") ? strstr(path, "/sparql/") + 8 : path;
  size_t n = strlen(rel);
  snprintf(out, size, "%.*s", (int)(n > 4 ? n - 4 : 0), rel);
}

const char *manifest_file_path(const char *iri) {
  return strncmp(iri, "file://", 7) == 0 ? iri + 7 : iri;
}

static void walk_sparql(const char *path, int depth, ManifestTestFn on_test, void *ctx) {
  Manifest m;
  if (depth > 4 || !manifest_load(&m, path))
    return;
  char rel[512];
  manifest_sparql_prefix(path, rel, sizeof rel);
  SilaTerm self = manifest_self(&m), items[512];
  size_t n = manifest_includes(&m, &self, items, 512);
  for (size_t i = 0; i < n; i++) {
    char *iri = manifest_term_dup(&items[i]);
    if (iri && !strstr(iri, "entailment") && !strstr(iri, "/service/") &&
        !strstr(iri, "syntax-fed"))
      walk_sparql(manifest_file_path(iri), depth + 1, on_test, ctx);
    free(iri);
  }
  n = manifest_entries(&m, &self, items, 512);
  for (size_t i = 0; i < n; i++)
    on_test(ctx, &m, rel, &items[i]);
  manifest_free(&m);
}

void manifest_walk_sparql(const char *path, ManifestTestFn on_test, void *ctx) {
  walk_sparql(path, 0, on_test, ctx);
}
