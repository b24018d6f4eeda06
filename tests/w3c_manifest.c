/* w3c_manifest.c — in-memory W3C manifests for the conformance runners. */
#include "w3c_manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_rdf_syntax.h"

bool manifest_load(Manifest *m, const char *path) {
  memset(m, 0, sizeof *m);
  char *abs = realpath(path, NULL);
  if (!abs) {
    fprintf(stderr, "cannot find %s\n", path);
    return false;
  }
  size_t n = strlen(abs) + 8;
  m->uri = malloc(n);
  m->g = rdf_iso_graph_new();
  if (!m->uri || !m->g) {
    free(abs);
    return false;
  }
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

const char *manifest_file_path(const char *iri) {
  return strncmp(iri, "file://", 7) == 0 ? iri + 7 : iri;
}

char *manifest_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  SilaBuf b = SILA_BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (sila_buf_append(&b, chunk, n))
      break;
  fclose(f);
  if (!b.data && sila_buf_append(&b, "", 0))
    return NULL;
  *len = b.len;
  return b.data;
}
