/* rdf_iso_cmp.c — `rdf_iso_cmp FORMAT FILE FORMAT FILE`: exits 0 when the
 * two RDF documents hold isomorphic datasets (blank nodes renamed by a
 * bijection), 1 with the reason and both datasets on stderr otherwise, 2
 * when a file cannot be read.  For shell tests (dump_roundtrip.sh). */
#include <stdio.h>
#include <string.h>

#include "rdf_iso.h"
#include "sila_rdf_syntax.h"

static RdfIsoGraph *read_doc(const char *format, const char *path) {
  SilaRdfFormat fmt = sila_rdf_format_from_name(format);
  RdfIsoGraph *g = rdf_iso_graph_new();
  SilaError err = {0};
  if (!g || fmt == SILA_RDF_UNKNOWN ||
      sila_rdf_parse_file(fmt, path, "http://base.invalid/", rdf_iso_sink, g, &err) != SILA_OK) {
    char msg[SILA_ERROR_MSG_MAX + 64];
    fprintf(stderr, "rdf_iso_cmp: %s (%s): %s\n", path, format,
            sila_error_format(&err, msg, sizeof msg));
    rdf_iso_graph_free(g);
    return NULL;
  }
  return g;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: rdf_iso_cmp FORMAT FILE FORMAT FILE\n");
    return 2;
  }
  RdfIsoGraph *a = read_doc(argv[1], argv[2]), *b = a ? read_doc(argv[3], argv[4]) : NULL;
  if (!a || !b) {
    rdf_iso_graph_free(a);
    return 2;
  }
  char why[1024] = "";
  bool same = rdf_iso_equal(a, b, why, sizeof why);
  if (!same) {
    fprintf(stderr, "not isomorphic (%zu vs %zu statements): %s\n--- %s\n", rdf_iso_size(a),
            rdf_iso_size(b), why, argv[2]);
    rdf_iso_dump(a, stderr);
    fprintf(stderr, "--- %s\n", argv[4]);
    rdf_iso_dump(b, stderr);
  }
  rdf_iso_graph_free(a);
  rdf_iso_graph_free(b);
  return same ? 0 : 1;
}
