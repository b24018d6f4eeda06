/* sila_rdf_syntax.h — streaming RDF parsers (N-Triples, N-Quads, Turtle,
 * TriG, RDF/XML), format detection and IRI resolution.
 *
 * Every parser reads its input in chunks through a SilaRdfReader and hands
 * each statement to a SilaQuadSink as it is recognised; memory does not
 * grow with the size of the input (only with the longest line of N-Triples
 * or the longest single token / deepest nesting of Turtle).  The first
 * error stops the parse: nothing after a bad line is delivered.
 *
 * All five are Sila's own strict RDF 1.2 parsers (RDF 1.1 documents read
 * as before): triple terms <<( s p o )>> as objects in N-Triples, N-Quads,
 * Turtle and TriG, reified triples << s p o ~ r >> and annotations
 * {| … |} in Turtle and TriG (each reifier r gives r rdf:reifies
 * <<( s p o )>>), base direction ("…"@ar--rtl), VERSION announcements;
 * RDF/XML with rdf:parseType="Triple", rdf:annotation /
 * rdf:annotationNodeID and its:dir (parseType="Triple" and its:dir only
 * where rdf:version is announced, as RDF 1.2 RDF/XML says).  RDF/XML reads XML with raptor2's
 * SAX2 reader (every XML error is a failure) and places errors on the
 * line where the element ends.
 *
 * Blank nodes are reported with the label written in the document (without
 * "_:"); the caller makes them unique per load.  Blank nodes that Turtle and
 * TriG create for `[]`, `[ ... ]` and collections get labels starting with
 * "-" (e.g. "-b7"), which no document label can have, so they never clash
 * with a label written in the document.  Labels from RDF/XML are the
 * rdf:nodeID values, and "-x" + a number for nodes the document does not
 * name (no NCName starts with '-').
 *
 * Threads: parses in different threads are independent (no shared mutable
 * state), except RDF/XML, whose raptor calls are serialised on one
 * process-wide raptor world.
 */
#ifndef SILA_RDF_SYNTAX_H
#define SILA_RDF_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "sila_iri.h"
#include "sila_status.h"
#include "sila_term.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  SILA_RDF_UNKNOWN = 0,
  SILA_RDF_NTRIPLES,
  SILA_RDF_NQUADS,
  SILA_RDF_TURTLE,
  SILA_RDF_TRIG,
  SILA_RDF_RDFXML,
  SILA_RDF_JSONLD, /* output only (sila_rdf_write.h); parsing it is unsupported */
} SilaRdfFormat;

/* Reads up to `size` bytes into `buf`.  Returns the number of bytes read,
 * 0 at end of input, or -1 on a read error (the parse then fails with
 * SILA_ERR_IO).  Short reads are fine. */
typedef ssize_t (*SilaRdfReader)(void *ctx, char *buf, size_t size);

/* Receives one statement.  The terms and their strings are borrowed: they
 * are valid only during the call (copy what must outlive it).  `g` is NULL
 * for the default graph.  Returning anything but SILA_OK stops the parse;
 * sila_rdf_parse then returns that status (and fills `err` with a generic
 * message if the sink did not record one itself). */
typedef SilaStatus (*SilaQuadSink)(void *ctx, const SilaTerm *s, const SilaTerm *p,
                                   const SilaTerm *o, const SilaTerm *g);

/* Parses a whole document of format `fmt` read through `read_fn`.
 * `base_iri` (may be NULL) is the base for relative IRIs in Turtle, TriG
 * and RDF/XML (@base / BASE / xml:base change it as the document says);
 * Turtle and TriG pass relative IRIs on unresolved when there is no base.
 * N-Triples and N-Quads accept absolute IRIs only.  RDF/XML without a base
 * uses "file:///dev/stdin" (raptor needs one).  A UTF-8 byte order mark at
 * the start is skipped.
 * Returns SILA_OK; SILA_ERR_SYNTAX with err->line/column (1-based, column
 * in bytes; for RDF/XML in characters, as XML readers count them) and a
 * message naming what was found; SILA_ERR_IO if the reader
 * failed; SILA_ERR_NOMEM; SILA_ERR_UNSUPPORTED for SILA_RDF_JSONLD /
 * SILA_RDF_UNKNOWN; SILA_ERR_INVALID when read_fn or sink is NULL; or the
 * sink's status.  `err` may be NULL. */
SilaStatus sila_rdf_parse(SilaRdfFormat fmt, SilaRdfReader read_fn, void *read_ctx,
                          const char *base_iri, SilaQuadSink sink, void *sink_ctx,
                          SilaError *err);

/* Same as sila_rdf_parse over an in-memory document of `len` bytes. */
SilaStatus sila_rdf_parse_string(SilaRdfFormat fmt, const char *data, size_t len,
                                 const char *base_iri, SilaQuadSink sink, void *sink_ctx,
                                 SilaError *err);

/* Parses the file at `path`, plain or gzip-compressed (zlib detects which),
 * or standard input when path is "-".  When fmt is SILA_RDF_UNKNOWN the
 * format comes from the file name (sila_rdf_format_from_filename).  When
 * base_iri is NULL the base is "file://" + the absolute path.  err->file
 * is not touched (set it before the call to have it in messages). */
SilaStatus sila_rdf_parse_file(SilaRdfFormat fmt, const char *path, const char *base_iri,
                               SilaQuadSink sink, void *sink_ctx, SilaError *err);

/* A SilaRdfReader over a zlib gzFile (pass the gzFile as ctx); reads plain
 * files too, since gzread passes uncompressed data through. */
ssize_t sila_rdf_gz_reader(void *gzfile, char *buf, size_t size);

/* A SilaRdfReader over a file descriptor (pass a pointer to the int). */
ssize_t sila_rdf_fd_reader(void *fd_ptr, char *buf, size_t size);

/* Format from a file name's suffix: .nt .nq .ttl .trig .rdf .owl .xml
 * .jsonld, optionally followed by .gz (case-insensitive).  Sets
 * *gzipped (if not NULL).  SILA_RDF_UNKNOWN when nothing matches. */
SilaRdfFormat sila_rdf_format_from_filename(const char *name, bool *gzipped);

/* Format from a MIME type (parameters such as "; charset=utf-8" and case
 * are ignored): text/turtle, application/x-turtle, application/n-triples,
 * text/plain (N-Triples), application/n-quads, text/x-nquads,
 * application/trig, application/x-trig, application/rdf+xml,
 * application/xml, text/xml, application/ld+json.  SILA_RDF_UNKNOWN otherwise. */
SilaRdfFormat sila_rdf_format_from_mime(const char *mime);

/* The standard MIME type / usual file suffix (with dot) / short name
 * ("ntriples", "nquads", "turtle", "trig", "rdfxml", "jsonld") of a format;
 * static strings, NULL for SILA_RDF_UNKNOWN. */
const char *sila_rdf_format_mime(SilaRdfFormat fmt);
const char *sila_rdf_format_suffix(SilaRdfFormat fmt);
const char *sila_rdf_format_name(SilaRdfFormat fmt);

/* Format from a short name as returned by sila_rdf_format_name (also
 * accepts "nt", "nq", "ttl", "xml", "rdf"); SILA_RDF_UNKNOWN otherwise. */
SilaRdfFormat sila_rdf_format_from_name(const char *name);

/* True when the format can hold named graphs (N-Quads, TriG, JSON-LD). */
bool sila_rdf_format_has_graphs(SilaRdfFormat fmt);

/* IRI resolution and the absolute-IRI test: sila_iri.h (base/). */

#ifdef __cplusplus
}
#endif
#endif
