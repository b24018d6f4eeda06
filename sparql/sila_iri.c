/* sila_iri.c — the parser's relative IRI resolution: base/'s resolver
 * (sila_iri.h) with the copy in the query's arena. */
#include <string.h>

#include "sila_iri.h"
#include "sila_sparql.h"

char *sila_iri_resolve(SilaArena *a, const char *base, size_t base_len, const char *rel,
                       size_t rel_len, size_t *out_len) {
  /* An absolute IRI (or any reference without a base) is taken as written,
   * dot segments included, as the RDF parsers do: <a/./b> and <a/b> stay
   * different IRIs (W3C i18n normalization tests). */
  if (!base || sila_iri_has_scheme(rel, rel_len)) {
    if (out_len)
      *out_len = rel_len;
    return sila_arena_strndup(a, rel, rel_len);
  }
  SilaBuf b = SILA_BUF_INIT;
  char *out = NULL;
  if (sila_iri_resolve_buf(&b, base, base_len, rel, rel_len) == 0) {
    out = sila_arena_strndup(a, b.data, b.len);
    if (out && out_len)
      *out_len = b.len;
  }
  sila_buf_free(&b);
  return out;
}
