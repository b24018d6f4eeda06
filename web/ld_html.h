/* ld_html.h — HTML helpers shared by ld_html.c and ld_html_pages.c (not
 * public).  Each returns 0, or -1 when memory ran out; callers OR them. */
#ifndef SILA_LD_HTML_H
#define SILA_LD_HTML_H

#include "ld_internal.h"

int ld_esc(SilaBuf *out, const char *s, size_t len);
int ld_escs(SilaBuf *out, const char *s);
/* The document start up to <main>, with `title` (escaped) in <title>. */
int ld_page_begin(SilaBuf *out, const char *title, size_t tlen);
int ld_page_end(SilaBuf *out);
bool ld_linkable(const char *iri, size_t len);
int ld_compact(SilaBuf *out, const char *iri, size_t len);
/* A link to an IRI: its /doc/ path when under base, the IRI when http(s),
 * plain text otherwise; `text` (NULL = compact IRI) as the link text. */
int ld_link_iri(SilaBuf *out, const char *base, const char *iri, size_t len, const char *text,
                size_t tlen);
/* A term as HTML: IRIs linked with their label, literals with language
 * and datatype. */
int ld_term_html(SilaBuf *out, SilaTxn *txn, const char *base, SilaId id, const SilaTerm *t);
int ld_pred_html(SilaBuf *out, SilaTxn *txn, SilaId id, const SilaTerm *p);

#endif
