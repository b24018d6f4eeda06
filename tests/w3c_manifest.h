/* w3c_manifest.h — reading W3C test manifests (Turtle) for the runners.
 *
 * A manifest is loaded into memory as a list of triples; lookups are
 * linear (manifests are small).  Terms are compared by kind and value. */
#ifndef SILA_TEST_W3C_MANIFEST_H
#define SILA_TEST_W3C_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "rdf_iso.h"
#include "sila_rdf_syntax.h"
#include "test_files.h" /* test_file_read, for the manifests' files */

#define MF "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
#define QT "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
#define UT "http://www.w3.org/2009/sparql/tests/test-update#"
#define RS "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

typedef struct {
  RdfIsoGraph *g;
  char *uri; /* the manifest's base: its file:// URI, or the base it was loaded with */
} Manifest;

/* Loads the Turtle file at `path`; false (with a message on stderr) when
 * it cannot be read or parsed. */
bool manifest_load(Manifest *m, const char *path);
/* The same with `base` (NULL: the file:// URI) as the manifest's base. */
bool manifest_load_as(Manifest *m, const char *path, const char *base);
void manifest_free(Manifest *m);

/* <uri>, the manifest's document.  Borrowed from `m`. */
SilaTerm manifest_doc(const Manifest *m);
/* The manifest's own node: <uri> when it has mf:entries or mf:include,
 * else the subject typed mf:Manifest (some manifests name themselves
 * <#manifest>, :manifest or []), else <uri>.  Borrowed from `m`. */
SilaTerm manifest_self(const Manifest *m);
/* The members of the mf:entries / mf:include list of `self` (the
 * manifest's node): up to max. */
size_t manifest_entries(const Manifest *m, const SilaTerm *self, SilaTerm *out, size_t max);
size_t manifest_includes(const Manifest *m, const SilaTerm *self, SilaTerm *out, size_t max);
/* A term's value, malloc'd (NULL when out of memory). */
char *manifest_term_dup(const SilaTerm *t);
/* The value of the first object of (s, p), malloc'd; NULL when none. */
char *manifest_str(const Manifest *m, const SilaTerm *s, const char *p);

/* The first object of (s, p), or false.  `s` is a subject term. */
bool manifest_obj(const Manifest *m, const SilaTerm *s, const char *p, SilaTerm *out);
/* All objects of (s, p): up to max, returns the count. */
size_t manifest_objs(const Manifest *m, const SilaTerm *s, const char *p, SilaTerm *out,
                     size_t max);
/* The members of the RDF list whose head is `head`: up to max. */
size_t manifest_list(const Manifest *m, const SilaTerm *head, SilaTerm *out, size_t max);
/* True when (s, rdf:type, type) holds. */
bool manifest_is_a(const Manifest *m, const SilaTerm *s, const char *type);

/* The syntax an RDF test type names (rdft:TestTurtleEval → Turtle, …),
 * SILA_RDF_UNKNOWN for none. */
SilaRdfFormat manifest_rdf_test_format(const char *type);

/* The id prefix of the SPARQL test manifest at `path`: its path under
 * .../sparql/ without ".ttl" ("sparql11/add/manifest"), into out. */
void manifest_sparql_prefix(const char *path, char *out, size_t size);

/* file:///a/b.ttl → /a/b.ttl (static storage per call site is not kept:
 * returns a pointer into `iri`). */
const char *manifest_file_path(const char *iri);

/* Walks the SPARQL test manifest at `path` and the manifests it includes
 * (4 levels deep at most; the entailment, SERVICE and federated-syntax
 * suites left out), calling on_test for each entry of each, with the
 * manifest and its id prefix (manifest_sparql_prefix).  The manifest's own
 * node may be <> or a blank node (manifest_self).  A manifest that cannot
 * be read is skipped: callers check the counts they expect. */
typedef void (*ManifestTestFn)(void *ctx, const Manifest *m, const char *rel,
                               const SilaTerm *test);
void manifest_walk_sparql(const char *path, ManifestTestFn on_test, void *ctx);

#endif
