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

/* The related-data section of a resource page (ld_html_related.c): when
 * id is owl:sameAs other resources, every resource of the portal referring
 * to any of them, grouped by dataset and type, 100 a page from `offset`
 * (the page's ?in=N).  Appends nothing otherwise.  0 or -1. */
int ld_html_related(SilaBuf *out, SilaTxn *txn, const char *base, SilaId id, uint64_t offset);

/* Optional browser assets served under /static/ (web_static.c finds them
 * when the server starts).  Pages only refer to assets that exist, so a
 * server without them serves plain pages with no broken references. */
#define LD_ASSET_YASGUI 1u  /* yasgui/yasgui.min.{js,css} + sila/query.js */
#define LD_ASSET_LEAFLET 2u /* leaflet/leaflet.{js,css} + sila/map.js */
/* Process-wide: the last server started decides (one per process in
 * practice; a later start with other assets changes it for all). */
void ld_html_set_assets(unsigned flags);
unsigned ld_html_assets(void);

/* The query page (/query): YASGUI on /sparql with the prefixes of the
 * national ontologies when `assets` has LD_ASSET_YASGUI, else (and for
 * browsers without JavaScript) a plain form posting to /sparql with a
 * choice of result format (html first).  `query` (NULL = a default query)
 * prefills the editor.  Returns 0, or -1 when memory ran out. */
int ld_html_query_page(SilaBuf *out, const char *query, unsigned assets);

#endif
