/* csvw_slug.h — the slug rule for IRIs minted from cell values, in the
 * style of the national ontologies' controlled vocabularies: lower case,
 * ASCII letters and digits, words joined by single hyphens, accents
 * dropped ("Città metropolitana" → "citta-metropolitana", "Bed and
 * breakfast" → "bed-and-breakfast").  Such a segment needs no escaping in
 * a URI, so the IRI and the URI are the same string.
 *
 * In CSVW metadata (with Sila's extensions on) a column asks for it with
 *   "https://dati.calabria.it/ns/csvw#slug": true
 * and its cell values then enter URI templates in slug form; the web layer
 * uses the same function to redirect the older, escaped IRIs. */
#ifndef SILA_CSVW_SLUG_H
#define SILA_CSVW_SLUG_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the slug of s[0..len) (UTF-8) to out (NUL-terminated, at most
 * size-1 bytes; a slug never grows beyond len).  Latin letters with
 * accents lose them, other non-ASCII characters and punctuation separate
 * words, apostrophes join ("dell'Arte" → "dellarte").  Returns the slug's
 * length (0 when s has no letter or digit).  out may not overlap s. */
size_t sila_csvw_slug(const char *s, size_t len, char *out, size_t size);

#ifdef __cplusplus
}
#endif
#endif
