/* sila_utf8.h — UTF-8 encoding, decoding and validation (RFC 3629).
 *
 * The one UTF-8 codec of Sila: parsers, writers, SPARQL string functions
 * and the web layer all use it.  "Valid" is RFC 3629's: no overlong forms,
 * no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.  No function
 * here allocates; all are thread-safe.
 */
#ifndef SILA_UTF8_H
#define SILA_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_term.h" /* SilaBuf */

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes the code point at s (n bytes available).  Returns its length in
 * bytes (1..4) and sets *cp, or 0 when n is 0 or the bytes are not a
 * valid UTF-8 sequence (truncated, overlong, surrogate, > U+10FFFF). */
size_t sila_utf8_decode(const void *s, size_t n, uint32_t *cp);

/* Like sila_utf8_decode, but an invalid or truncated sequence reads as one
 * byte standing for U+FFFD (what string functions over stored, possibly
 * lax, data want).  n must be > 0. */
size_t sila_utf8_decode_lax(const void *s, size_t n, uint32_t *cp);

/* Writes cp (<= U+10FFFF) as UTF-8 into out (room for 4 bytes); returns the
 * number of bytes written. */
size_t sila_utf8_encode(uint32_t cp, char out[4]);

/* True when s[0..n) is valid UTF-8 (n = 0 is valid). */
bool sila_utf8_valid(const char *s, size_t n);

/* Appends data, read as Windows-1252 (the superset of ISO-8859-1 that
 * offices' spreadsheets write), to out as UTF-8; bytes Windows-1252 leaves
 * undefined become U+FFFD.  0, or -1 when memory ran out. */
int sila_utf8_from_cp1252(const unsigned char *data, size_t len, SilaBuf *out);

/* Code points in s[0..n) (counting lead bytes; for valid UTF-8 exact). */
size_t sila_utf8_count(const char *s, size_t n);

/* Byte offset of the code point with index ci in s[0..n), clamped to n. */
size_t sila_utf8_offset(const char *s, size_t n, size_t ci);

/* True for a Unicode scalar value (what UTF-8 can carry): <= U+10FFFF and
 * not a surrogate. */
static inline bool sila_unicode_scalar(uint32_t cp) {
  return cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

/* Reads the UCHAR escape of N-Triples, Turtle, SPARQL and TSV results at
 * s[0..n): "\uXXXX" or "\UXXXXXXXX".  Returns its length (6 or 10) and sets
 * *cp, or 0 when s does not start with a complete one.  Reads byte by byte
 * and stops at the first that is not a hex digit, so a buffer ended by a
 * non-hex byte may pass n = 10.  *cp is not checked: callers that need a
 * character test sila_unicode_scalar. */
size_t sila_uchar_read(const char *s, size_t n, uint32_t *cp);

#ifdef __cplusplus
}
#endif
#endif
