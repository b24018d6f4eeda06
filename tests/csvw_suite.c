/* csvw_suite.c — runs the W3C CSVW csv2rdf tests (manifest-rdf.jsonld).
 *
 * The suite's files are served by a local HTTP server (csvw_httpd.c) and
 * libcurl is pointed at it with CURLOPT_CONNECT_TO, so every input keeps
 * its W3C IRI (http://www.w3.org/2013/csvw/tests/...) and the base IRIs of
 * the generated triples are the ones the expected results use.  Expected
 * Turtle is parsed with raptor2 and compared with csvw_iso.c.
 *
 * Usage: csvw_suite [-v] [TEST-ID...]   (ids like "test014"; -v prints the
 * output graph and warnings of failing tests).  Exits 77 when $SILA_SHARED
 * is absent, 1 when a test fails that tests/known-failures/csvw.txt does
 * not list. */
#include <jansson.h>
#include <raptor2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvw_httpd.h"
#include "csvw_iso.h"
#include "sila_csvw.h"
#include "w3c_known.h"

#define W3C_BASE "http://www.w3.org/2013/csvw/tests/"

/* www.w3.org/.well-known/csvm as the W3C serves it. */
static const char well_known[] = "{+url}-metadata.json\ncsv-metadata.json\n{+url}.json\ncsvm.json\n";

static bool verbose;

typedef struct {
  CsvwGraph g;
  unsigned long warnings;
  char first_warning[512];
} RunCtx;

static SilaStatus collect(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o) {
  csvw_graph_add_terms(&((RunCtx *)ctx)->g, s, p, o);
  return SILA_OK;
}

static void on_warning(void *ctx, const char *file, unsigned long row, unsigned long col,
                       const char *msg) {
  RunCtx *rc = ctx;
  if (!rc->warnings)
    snprintf(rc->first_warning, sizeof rc->first_warning, "%s:%lu:%lu: %s", file ? file : "-", row,
             col, msg);
  rc->warnings++;
  if (verbose)
    fprintf(stderr, "  warning: %s:%lu:%lu: %s\n", file ? file : "-", row, col, msg);
}

/* ---- expected results through raptor2 ---- */

static char *raptor_term_string(raptor_term *t) {
  SilaTerm st;
  memset(&st, 0, sizeof st);
  switch (t->type) {
  case RAPTOR_TERM_TYPE_URI: {
    size_t n;
    st.kind = SILA_TERM_IRI;
    st.value = (const char *)raptor_uri_as_counted_string(t->value.uri, &n);
    st.value_len = n;
    break;
  }
  case RAPTOR_TERM_TYPE_BLANK:
    st.kind = SILA_TERM_BLANK;
    st.value = (const char *)t->value.blank.string;
    st.value_len = t->value.blank.string_len;
    break;
  case RAPTOR_TERM_TYPE_LITERAL:
    st.kind = SILA_TERM_LITERAL;
    st.value = (const char *)t->value.literal.string;
    st.value_len = t->value.literal.string_len;
    if (t->value.literal.language) {
      st.lang = (const char *)t->value.literal.language;
      st.lang_len = t->value.literal.language_len;
    } else if (t->value.literal.datatype) {
      size_t n;
      st.datatype = (const char *)raptor_uri_as_counted_string(t->value.literal.datatype, &n);
      st.datatype_len = n;
    }
    break;
  default:
    break;
  }
  return csvw_term_string(&st);
}

static void on_statement(void *ud, raptor_statement *s) {
  char *a = raptor_term_string(s->subject), *b = raptor_term_string(s->predicate),
       *c = raptor_term_string(s->object);
  /* keep expected blank nodes apart from ours in error messages */
  csvw_graph_add(ud, a, b, c);
  free(a);
  free(b);
  free(c);
}

static bool parse_expected(raptor_world *w, const char *path, const char *base, CsvwGraph *g) {
  raptor_parser *p = raptor_new_parser(w, "turtle");
  if (!p)
    return false;
  raptor_parser_set_statement_handler(p, g, on_statement);
  unsigned char *fu = raptor_uri_filename_to_uri_string(path);
  raptor_uri *file_uri = raptor_new_uri(w, fu);
  raptor_uri *base_uri = raptor_new_uri(w, (const unsigned char *)base);
  int rc = raptor_parser_parse_file(p, file_uri, base_uri);
  raptor_free_uri(file_uri);
  raptor_free_uri(base_uri);
  raptor_free_memory(fu);
  raptor_free_parser(p);
  return rc == 0;
}

static bool selected(int argc, char **argv, int first, const char *id) {
  if (first >= argc)
    return true;
  for (int i = first; i < argc; i++)
    if (!strcmp(argv[i], id))
      return true;
  return false;
}

int main(int argc, char **argv) {
  int first = 1;
  if (argc > 1 && !strcmp(argv[1], "-v")) {
    verbose = true;
    first = 2;
  }
  const char *shared = getenv("SILA_SHARED");
  char dir[4096];
  struct stat sb;
  if (!shared || snprintf(dir, sizeof dir, "%s/conformance/csvw", shared) >= (int)sizeof dir ||
      stat(dir, &sb) != 0) {
    printf("SKIP: $SILA_SHARED/conformance/csvw not found\n");
    return 77;
  }
  const char *srcdir = getenv("SILA_SRCDIR");
  char kpath[4096];
  snprintf(kpath, sizeof kpath, "%s/tests/known-failures/csvw.txt", srcdir ? srcdir : ".");
  KnownFailures known = {0};
  known_failures_load(&known, kpath);

  char mpath[4200];
  snprintf(mpath, sizeof mpath, "%s/manifest-rdf.jsonld", dir);
  json_error_t je;
  json_t *manifest = json_load_file(mpath, 0, &je);
  if (!manifest) {
    fprintf(stderr, "%s:%d: %s\n", mpath, je.line, je.text);
    return 1;
  }
  /* a proxy would take the requests past CURLOPT_CONNECT_TO to the real
   * www.w3.org: the suite must never leave this machine */
  setenv("no_proxy", "*", 1);
  setenv("NO_PROXY", "*", 1);
  CsvwHttpd *httpd = csvw_httpd_start(dir, "/2013/csvw/tests/", well_known);
  if (!httpd) {
    fprintf(stderr, "cannot start the test HTTP server\n");
    return 1;
  }
  char connect_to[128];
  snprintf(connect_to, sizeof connect_to, "www.w3.org:80:127.0.0.1:%u", csvw_httpd_port(httpd));
  const char *const connect_list[] = {connect_to, NULL};
  raptor_world *world = raptor_new_world();

  int passed = 0, failed = 0, known_failed = 0, unexpected = 0, fixed = 0;
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(manifest, "entries"), i, e) {
    const char *full_id = json_string_value(json_object_get(e, "id"));
    const char *id = strchr(full_id, '#') ? strchr(full_id, '#') + 1 : full_id;
    if (!selected(argc, argv, first, id))
      continue;
    const char *type = json_string_value(json_object_get(e, "type"));
    const char *action = json_string_value(json_object_get(e, "action"));
    const char *result = json_string_value(json_object_get(e, "result"));
    const char *link = json_string_value(json_object_get(e, "httpLink"));
    json_t *opt = json_object_get(e, "option");
    const char *meta = json_string_value(json_object_get(opt, "metadata"));
    bool minimal = json_is_true(json_object_get(opt, "minimal"));
    bool negative = strstr(type, "Negative") != NULL;
    bool want_warnings = strstr(type, "WithWarnings") != NULL;

    char action_url[1024], meta_url[1024], link_path[1024];
    snprintf(action_url, sizeof action_url, "%s%s", W3C_BASE, action);
    snprintf(meta_url, sizeof meta_url, "%s%s", W3C_BASE, meta ? meta : "");
    snprintf(link_path, sizeof link_path, "/2013/csvw/tests/%.*s", (int)strcspn(action, "?"), action);
    csvw_httpd_set_link(httpd, link ? link_path : NULL, link);

    SilaCsvwOptions o;
    sila_csvw_options_init(&o);
    o.minimal = minimal;
    o.user_metadata = meta ? meta_url : NULL;
    o.connect_to = connect_list;
    RunCtx rc;
    memset(&rc, 0, sizeof rc);
    o.warning = on_warning;
    o.warning_ctx = &rc;
    SilaError err = {0};
    SilaStatus st = sila_csvw_map(action_url, &o, collect, &rc, &err);

    char why[1024] = "";
    bool ok;
    if (negative) {
      ok = st != SILA_OK;
      if (!ok)
        snprintf(why, sizeof why, "no error raised (%zu triples, %lu warnings)", rc.g.n, rc.warnings);
    } else if (st != SILA_OK) {
      char eb[SILA_ERROR_MSG_MAX + 256];
      snprintf(why, sizeof why, "error: %s", sila_error_format(&err, eb, sizeof eb));
      ok = false;
    } else {
      CsvwGraph expected = {NULL, 0, 0};
      char rpath[4200], rbase[1024];
      snprintf(rpath, sizeof rpath, "%s/%s", dir, result);
      snprintf(rbase, sizeof rbase, "%s%s", W3C_BASE, result);
      if (!parse_expected(world, rpath, rbase, &expected)) {
        snprintf(why, sizeof why, "cannot parse %.900s", rpath);
        ok = false;
      } else {
        ok = csvw_graph_isomorphic(&rc.g, &expected, why, sizeof why);
        if (ok && want_warnings && rc.warnings == 0) {
          ok = false;
          snprintf(why, sizeof why, "no warning raised");
        }
      }
      csvw_graph_free(&expected);
    }
    bool is_kf = known_failures_has(&known, id);
    if (ok) {
      passed++;
      if (is_kf) {
        fixed++;
        printf("FIXED %s (listed in known-failures/csvw.txt)\n", id);
      }
    } else {
      failed++;
      if (is_kf) {
        known_failed++;
      } else {
        unexpected++;
        printf("FAIL %s (%s): %s\n", id, json_string_value(json_object_get(e, "name")), why);
      }
      if (verbose) {
        for (size_t t = 0; t < rc.g.n; t++)
          fprintf(stderr, "  %s %s %s .\n", rc.g.v[t].t[0], rc.g.v[t].t[1], rc.g.v[t].t[2]);
      }
    }
    csvw_graph_free(&rc.g);
  }
  printf("%d passed, %d failed (%d known failures, %d unexpected, %d fixed)\n", passed, failed,
         known_failed, unexpected, fixed);
  raptor_free_world(world);
  csvw_httpd_stop(httpd);
  json_decref(manifest);
  known_failures_free(&known);
  return unexpected ? 1 : 0;
}
