/* sila_accept.h — HTTP content negotiation: an Accept header parser (RFC
 * 9110 §12.5.1: media ranges, q-values, wildcards, parameters) and the
 * choice of the best of the server's offers.  Pure functions, no
 * allocation: safe on any input (a fuzz target feeds it random bytes). */
#ifndef SILA_ACCEPT_H
#define SILA_ACCEPT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The quality (0..1000, q=1 → 1000) that `accept` gives to the media type
 * `offer` ("type/subtype", no parameters): the q of the most specific
 * matching range (type/subtype beats "type/any" beats "any/any"; among equally
 * specific ranges, one with parameters beats one without).  Parameters
 * other than q on a range do not prevent a match (clients send
 * "application/sparql-results+json;charset=utf-8").  A lone "*" counts as the
 * full wildcard (old Java clients).  A NULL or blank header accepts everything
 * at 1000; a malformed range is skipped, a malformed q counts as 1. */
int sila_accept_quality(const char *accept, const char *offer);

/* Index of the offer that `accept` prefers: the highest quality, the
 * earlier offer on ties (put the server's default first).  -1 when every
 * offer gets q=0 (the caller answers 406). */
int sila_accept_choose(const char *accept, const char *const *offers, size_t n);

#ifdef __cplusplus
}
#endif
#endif
