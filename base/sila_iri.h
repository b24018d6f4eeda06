/* sila_iri.h — IRI references: parse (RFC 3986 appendix B), resolve
 * (RFC 3986 §5.2) and validate (RFC 3987 characters).
 *
 * The one IRI rule of Sila: every way in (RDF parsers, SPARQL IRI()/URI(),
 * updates, the Graph Store Protocol, CSVW templates) accepts an IRI only
 * when sila_iri_valid() says so, so that whatever the store holds can be
 * written as N-Triples and read back.  No function here allocates except
 * through the SilaBuf it is given; all are thread-safe.
 */
#ifndef SILA_IRI_H
#define SILA_IRI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_term.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The five components of an IRI reference, as views into the string that
 * was split (not NUL-terminated).  A component that is absent has its
 * has_ flag false; the path is always present (possibly empty). */
typedef struct {
  const char *scheme, *auth, *path, *query, *frag;
  size_t scheme_len, auth_len, path_len, query_len, frag_len;
  bool has_scheme, has_auth, has_query, has_frag;
} SilaIriParts;

/* Splits s[0..len) into its components (RFC 3986 appendix B, with the
 * scheme required to be ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )). */
void sila_iri_split(const char *s, size_t len, SilaIriParts *parts);

/* True when s[0..len) starts with a scheme and ':' (an absolute IRI, or
 * one with a fragment). */
bool sila_iri_has_scheme(const char *s, size_t len);

/* Appends to `out` the target IRI of reference `ref` against `base`
 * (RFC 3986 §5.2.2, strict, with remove_dot_segments §5.2.4): a reference
 * with a scheme has its dot segments removed too.  Callers that must keep
 * an absolute IRI as written (RDF compares IRIs as strings) test
 * sila_iri_has_scheme first.  With base NULL, ref is appended as written.
 * out stays NUL-terminated.  Returns 0, or -1 when memory ran out (out
 * may then hold part of the result). */
int sila_iri_resolve_buf(SilaBuf *out, const char *base, size_t base_len, const char *ref,
                         size_t ref_len);

/* The IRI validity rule (the characters RFC 3987 leaves out of IRIs, as
 * the IRIREF of N-Triples, Turtle and SPARQL spells them): valid UTF-8,
 * and no control character or space (U+0000..U+0020) and none of
 * < > " { } | \ ^ `.  Percent-escapes and non-ASCII characters are
 * allowed.  Exactly what N-Triples can carry, so a stored IRI always
 * dumps and loads back.  Says nothing about whether the IRI is absolute. */
bool sila_iri_valid(const char *s, size_t len);

/* True for an ASCII code point that sila_iri_valid refuses (controls,
 * space and <>"{}|\^`); false for every code point >= 0x80. */
bool sila_iri_char_forbidden(uint32_t c);

/* Appends s[0..len) percent-encoded (all but RFC 3986 unreserved: ALPHA /
 * DIGIT / "-._~") to b; 0, or -1 when memory ran out. */
int sila_buf_put_url_encoded(SilaBuf *b, const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
