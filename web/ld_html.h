/* ld_html.h — HTML helpers shared by the page files (not public):
 * ld_html_shell.c (the frame of every page: head, header, breadcrumbs,
 * footer; assets; map tiles), ld_html.c (escaping, values, resource page),
 * ld_html_it.c (Italian numbers and dates), ld_html_pages.c, _dataset.c,
 * _home.c, _site.c.  Each returns 0, or -1 when memory ran out; callers OR
 * them. */
#ifndef SILA_LD_HTML_H
#define SILA_LD_HTML_H

#include "ld_internal.h"

int ld_esc(SilaBuf *out, const char *s, size_t len);
int ld_escs(SilaBuf *out, const char *s);
/* One step of the breadcrumbs after "Home": `href` NULL for the page itself
 * (the last step).  Strings are borrowed for the call. */
typedef struct {
  const char *label;
  size_t label_len; /* 0 = strlen(label) */
  const char *href;
} LdCrumb;

/* The page shell every HTML page shares (Bootstrap Italia when the server
 * has it under /static/, else the project's own style sheet): head, skip
 * links, header with the Region's name, search and menu, breadcrumbs, then
 * <main>.  `crumbs` NULL/0 = no breadcrumbs (the home page).  `title` is
 * escaped into <title>.  Other engineers' pages call this too. */
int ld_page_open(SilaBuf *out, const char *title, size_t tlen, const LdCrumb *crumbs,
                 size_t ncrumbs);
/* ld_page_open with the page's <meta name="description"> given: `desc`
 * (plain text, escaped and cut here; NULL = the one ld_page_open gives,
 * from the title, ld_html_describe.c). */
int ld_page_open_described(SilaBuf *out, const char *title, size_t tlen, const char *desc,
                           size_t dlen, const LdCrumb *crumbs, size_t ncrumbs);
/* ld_html_describe.c: the <meta name="description"> element of `text`
 * (one line, escaped, at most LD_DESCRIPTION_MAX characters, cut at a word
 * with "…"); of a page by its title (the fixed pages' sentences, else one
 * made of the title). */
#define LD_DESCRIPTION_MAX 160
int ld_description_put(SilaBuf *out, const char *text, size_t len);
int ld_description_for_title(SilaBuf *out, const char *title, size_t tlen);
/* ld_page_open with the breadcrumbs Home > title. */
int ld_page_begin(SilaBuf *out, const char *title, size_t tlen);
/* Closes <main> and adds the footer (legal notes, data licence, links). */
int ld_page_end(SilaBuf *out);

/* Numbers and dates as an Italian reader writes them, the typed value kept
 * in a title attribute: xsd:date/dateTime "6 dicembre 2026", decimals
 * "1.234,5".  Returns 1 when the literal was written that way, 0 when it
 * is not such a value (nothing written), -1 out of memory. */
int ld_literal_it(SilaBuf *out, const SilaTerm *t);
/* A date "2026-12-06..." as "6 dicembre 2026" into buf (size >= 32); false
 * when not a date. */
bool ld_date_it(const char *s, size_t len, char *buf, size_t size);
/* Appends an unsigned count with Italian thousands separators (1.234). */
int ld_count_it(SilaBuf *out, uint64_t n);
/* Percent-encodes a query string value. */
int ld_url_encode(SilaBuf *out, const char *s);

/* The map tiles (a setting: cfg.tiles / cfg.tiles_attribution), with
 * OpenStreetMap's as default.  Copied; set when a server starts. */
void ld_html_set_tiles(const char *url, const char *attribution);
/* data-tiles="…" data-attribution="…" for a map element. */
int ld_map_attrs(SilaBuf *out);
/* "tiles":"…","attribution":"…" for a JSON object. */
int ld_tiles_json(SilaBuf *out);
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
/* Shared by the catalogue pages (ld_html_pages.c): the Italian name of an EU
 * data theme IRI; the best literal of (s, pred) in graph g (Italian, English,
 * none, any; strings valid with the transaction, buf SILA_TERM_BUF bytes);
 * a slug of [A-Za-z0-9._-]; an example query with links that run it and
 * open it in the query page. */
int ld_theme_name(SilaBuf *out, const char *iri, size_t len);
/* The EU data themes (code, Italian name): a static table of *n entries. */
typedef struct {
  const char *code, *name;
} LdTheme;
const LdTheme *ld_themes(size_t *n);
bool ld_best_literal(SilaTxn *txn, SilaId s, const char *pred, SilaId g, SilaTerm *out,
                     char *buf);
bool ld_slug_ok(const char *slug);
int ld_example_query(SilaBuf *out, const char *title, const char *query);
/* A JSON string safe inside <script type="application/json"> (< > & as
 * \u00XX). */
int ld_json_string(SilaBuf *out, const char *s, size_t len);

/* Optional browser assets served under /static/ (web_static.c finds them
 * when the server starts).  Pages only refer to assets that exist, so a
 * server without them serves plain pages with no broken references. */
#define LD_ASSET_YASGUI 1u  /* yasgui/yasgui.min.{js,css} + sila/query.js */
#define LD_ASSET_LEAFLET 2u /* leaflet/leaflet.{js,css} + sila/map.js */
#define LD_ASSET_BI 4u      /* bootstrap-italia/css/… + sila/sila.css */
#define LD_ASSET_CLUSTER 8u /* markercluster/leaflet.markercluster.js */
/* Process-wide: the last server started decides (one per process in
 * practice; a later start with other assets changes it for all). */
void ld_html_set_assets(unsigned flags);
unsigned ld_html_assets(void);

/* The query page (/query): YASGUI (in Italian, links in results to the
 * pages under `base`, a chart and a map view) on /sparql with the prefixes
 * of the national ontologies when `assets` has LD_ASSET_YASGUI, else (and for
 * browsers without JavaScript) a plain form posting to /sparql with a
 * choice of result format (html first).  `query` (NULL = a default query)
 * prefills the editor.  With `txn` (may be NULL), example queries per
 * dataset of the catalogue.  Returns 0, or -1 when memory ran out. */
int ld_html_query_page(SilaBuf *out, const char *query, unsigned assets, const char *base,
                       SilaTxn *txn);

/* The site's pages under the footer (/note-legali, /privacy, /accessibilita):
 * 1 when `path` is one (written to out), 0 when not, -1 out of memory. */
int ld_html_site_page(SilaBuf *out, const char *path);

#endif
