/* rdf_internal.h — helpers shared by the RDF parsers and writers of
 * loaders/ (not installed, not part of the public API). */
#ifndef SILA_RDF_INTERNAL_H
#define SILA_RDF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_rdf_syntax.h"

/* Encodes code point `cp` (<= 0x10FFFF) as UTF-8 into out; returns 1..4. */
int rdf_utf8_encode(uint32_t cp, char out[4]);

/* Decodes one UTF-8 sequence at p (at most `avail` bytes).  Returns its
 * length and sets *cp, or 0 when the bytes are not well-formed UTF-8
 * (overlong forms, surrogates and values above U+10FFFF are rejected). */
int rdf_utf8_decode(const unsigned char *p, size_t avail, uint32_t *cp);

/* Character classes of the RDF 1.1 Turtle / N-Triples grammars. */
bool rdf_is_pn_chars_base(uint32_t c);
static inline bool rdf_is_pn_chars_u(uint32_t c) { return c == '_' || rdf_is_pn_chars_base(c); }
static inline bool rdf_is_pn_chars(uint32_t c) {
  return rdf_is_pn_chars_u(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

/* Value of a hex digit, or -1. */
static inline int rdf_hex(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* True for a code point IRIREF forbids (controls, space, <>"{}|^`\). */
static inline bool rdf_iri_forbidden(uint32_t c) {
  return c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
         c == '^' || c == '`' || c == '\\';
}

/* A short printable description of the byte sequence at p (for error
 * messages): "'x'", "end of line", "end of input", "byte 0xNN". */
/* NULL when `tag` (without '@') is a language tag RDF 1.2 accepts: letters,
 * then '-' subtags of letters and digits, each of 1 to 8 characters, then
 * optionally an RDF 1.2 base direction "--ltr" or "--rtl" (kept in the
 * tag: "ar--rtl"); else what is wrong with it. */
const char *rdf_langtag_problem(const char *tag, size_t len);
const char *rdf_describe(const char *p, size_t avail, char *buf, size_t size);

SilaStatus rdf_parse_ntriples(bool quads, SilaRdfReader read_fn, void *read_ctx, SilaQuadSink sink,
                              void *sink_ctx, SilaError *err);
SilaStatus rdf_parse_turtle(bool trig, SilaRdfReader read_fn, void *read_ctx, const char *base,
                            SilaQuadSink sink, void *sink_ctx, SilaError *err);
SilaStatus rdf_parse_rdfxml(SilaRdfReader read_fn, void *read_ctx, const char *base,
                            SilaQuadSink sink, void *sink_ctx, SilaError *err);

#endif
