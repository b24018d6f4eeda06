/* sila_ld.h — the linked-data layer: dereferenceable URIs (AgID pattern
 * /id/ → 303 → /doc/), resource descriptions in every RDF format, HTML
 * pages (resource, dataset, home, search) and the VoID description.
 *
 * Everything here is a library function the HTTP server calls; nothing
 * here speaks HTTP.  Store reads happen inside a read transaction the
 * caller owns (one snapshot per request), so the functions are safe from
 * any number of threads as long as each uses its own transaction.
 *
 * `base` everywhere is the canonical base IRI without a trailing '/'
 * (NULL = SILA_LD_DEFAULT_BASE).  Resource IRIs are {base}/id/…, their
 * documents are served at the *path* /doc/…, datasets are {base}/set/{slug}
 * (a named graph of data, described in the catalogue graph {base}/catalogo).
 * Pages link with server-relative paths ("/doc/…"), so they work on
 * whatever host Sila runs. */
#ifndef SILA_LD_H
#define SILA_LD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_rdf_write.h"
#include "sila_status.h"
#include "sila_store.h"
#include "sila_term.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SILA_LD_DEFAULT_BASE "https://dati.calabria.it"
#define SILA_LD_INCOMING_LIMIT 100 /* default page of incoming triples */
#define SILA_LD_CLOSURE_MAX 1000   /* blank nodes followed at most */

/* ---- One call per request (ld_respond.c) -------------------------------- */

typedef struct {
  int status;               /* 200, 303, 304, 404, 406; 0 = not a linked-data path */
  const char *content_type; /* static; for 304 the type a 200 would have; NULL for status 0 */
  char *location;           /* owned: the Location of a 303 (a path), else NULL */
  SilaBuf body;             /* owned: the whole body (empty for 304) */
  char etag[64];            /* ETag header for 200/304, "" when none */
  char last_modified[40];   /* Last-Modified header for 200/304, "" when unknown */
  bool vary_accept;         /* send "Vary: Accept" (the representation was negotiated) */
} SilaLdResponse;

/* Answers a linked-data GET/HEAD: routes `path` (see sila_ld_route; the
 * URL path as libmicrohttpd gives it, without the query string), reads the
 * store in its own read transaction and builds the whole response.  `query`
 * is the raw query string (NULL = none): "in=N" pages incoming links of
 * /doc/ pages and descriptions, "q=…&offset=N" drive /search.
 * `if_none_match` is the request's If-None-Match header (NULL = none).
 * status 0 means the path is not ours (serve /sparql, /store, … instead);
 * dumps (/dump/…) also answer status 0: stream them with sila_ld_dump_open.
 * /catalogo takes "page=N" and "per_page=M" (sila_ld_write_catalog); a
 * page that does not exist is a 404.
 * Returns SILA_OK (whatever the HTTP status), or an error of the store or
 * memory (answer 500; *out is then empty).  Run it on a worker thread: it
 * reads the store.  Free with sila_ld_response_clear(). */
SilaStatus sila_ld_respond(SilaStore *store, const char *base, const char *path, const char *query,
                           const char *accept, const char *if_none_match, SilaLdResponse *out);

/* Everything of a request sila_ld_answer looks at. */
typedef struct {
  const char *base;              /* canonical base of the data (NULL = default) */
  const char *path;              /* the URL path, raw or percent-decoded, without query */
  const char *query;             /* raw query string, NULL = none */
  const char *accept;            /* Accept header, NULL = none */
  const char *if_none_match;     /* If-None-Match header, NULL = none */
  const char *if_modified_since; /* If-Modified-Since header, NULL = none (used only
                                    without If-None-Match, RFC 9110 §13.1.3) */
  bool gzip;                     /* the body will be sent gzip-coded: its ETag is the
                                    identity one with "-gz" (a different representation) */
  const char *public_base;       /* where clients reach this server (sila_ld_public_base);
                                    NULL = base.  Announced service URLs (the SPARQL
                                    endpoint, dumps) in VoID use it */
} SilaLdRequest;

/* sila_ld_respond with every request detail.  A 304 (If-None-Match
 * matching, or If-Modified-Since not older than Last-Modified) still has
 * the body a 200 would have, so that its length can be announced; do not
 * send it.  Same errors as sila_ld_respond. */
SilaStatus sila_ld_answer(SilaStore *store, const SilaLdRequest *req, SilaLdResponse *out);

/* The public base of a request: "{proto}://{host}" from X-Forwarded-Proto
 * ("http" or "https", first value; else "http") and X-Forwarded-Host (first
 * value) or Host, when the host is a plain host[:port]; else the canonical
 * base (NULL = default).  Written to buf (>= 300 bytes).  The one rule for
 * the Service Description, VoID and the catalogue behind a reverse proxy
 * (README: nginx). */
const char *sila_ld_public_base(const char *base, const char *host, const char *fwd_host,
                                const char *fwd_proto, char *buf, size_t size);

/* Frees what a response owns and zeroes it; safe on a zeroed response. */
void sila_ld_response_clear(SilaLdResponse *r);

/* sila_ld_respond keeps the VoID bodies of the latest store generation in
 * a process-wide cache (VoID reads every published quad); this frees it.
 * Call it when the server stops (before closing the store). */
void sila_ld_cleanup(void);

/* ---- Routing (ld_route.c): pure functions, no store access --------------- */

typedef enum {
  SILA_LD_ROUTE_NONE = 0,  /* not a linked-data path: the server tries its other routes */
  SILA_LD_ROUTE_REDIRECT,  /* 303 See Other to `location` */
  SILA_LD_ROUTE_DOC,       /* a resource document: `iri`, `html` / `format` */
  SILA_LD_ROUTE_SET,       /* a dataset page: `iri` = {base}/set/{slug}, `slug` */
  SILA_LD_ROUTE_HOME,      /* "/" */
  SILA_LD_ROUTE_SEARCH,    /* "/search" (the query string carries q, offset) */
  SILA_LD_ROUTE_VOID,      /* "/void", "/.well-known/void" (+ suffix) */
  SILA_LD_ROUTE_NOT_FOUND, /* under /id/ /doc/ /set/ but malformed (404) */
  SILA_LD_ROUTE_CATALOG,   /* "/catalogo" (+ suffix): the graph {base}/catalogo in RDF */
  SILA_LD_ROUTE_DUMP,      /* "/dump/{slug}.nt[.gz]" …: streamed with sila_ld_dump_open */
  SILA_LD_ROUTE_ONTOLOGY,  /* "/onto/" (and "/onto.ttl" …): the regional vocabulary */
} SilaLdRouteKind;

typedef struct {
  SilaLdRouteKind kind;
  int status;               /* HTTP status to answer: 200, 303, 404 or 406 */
  bool html;                /* the chosen representation is the HTML page */
  SilaRdfFormat format;     /* the chosen RDF format when !html (else SILA_RDF_UNKNOWN) */
  bool by_suffix;           /* the format came from a suffix: no Vary: Accept needed */
  char *iri;                /* owned: the resource / dataset IRI (DOC, SET), else NULL;
                               in URI form (RFC 3986 normalised: see ld_iri.c) */
  char *iri_alt;            /* owned: the same IRI in IRI form (UTF-8 characters
                               unescaped, RFC 3987) when it differs, else NULL */
  char *slug;               /* owned: the dataset slug (SET), else NULL */
  char *location;           /* owned: the 303 target path ("/doc/…", query kept), else NULL */
  const char *content_type; /* static: Content-Type for 200 (with charset for text) */
  bool gzip;                /* DUMP: the file is gzip-compressed (".gz") */
} SilaLdRoute;

/* Maps a request path (raw as sent, or percent-decoded: both give the
 * same IRI, see ld_iri.c; without the query string; `query` is the raw
 * query string or NULL, only copied into a 303's location) and
 * the Accept header (NULL = none) to what to serve.
 *   /id/{c}/{r}            → REDIRECT 303, location "/doc/{c}/{r}" (+ "?" query)
 *   /doc/{c}/{r}[.ext]     → DOC, iri "{base}/id/{c}/{r}"; .ttl .nt .rdf .jsonld
 *                            .html choose the format, else Accept decides
 *   /set/{slug}[.ext]      → SET (HTML page, or the dataset's description in RDF)
 *   /set/{slug}/…[.ext]    → DOC of the IRI {base}/set/{slug}/… itself
 *                            (distributions, linksets: no 303 for them)
 *   /, /search, /void, /.well-known/void[.ext] → HOME, SEARCH, VOID
 *   /catalogo[.ext]        → CATALOG (HTML page or RDF; ?page=N pages it)
 *   /onto/, /onto.ext      → ONTOLOGY: the regional vocabulary {base}/onto/ as one
 *                            document (HTML page or RDF); /onto → 303 /onto/
 *   /onto/{term}[.ext]     → DOC of the IRI {base}/onto/{term} itself
 *   /dump/{slug}.nt[.gz], /dump/{slug}.ttl[.gz]
 *                          → DUMP of dataset {slug}: slug set, iri = {base}/set/{slug}
 *   /dump/sila.nq[.gz], /dump/sila.trig[.gz]
 *                          → DUMP of the whole store: slug NULL (SILA_LD_DUMP_STORE)
 *                            (other names under /dump/ are NOT_FOUND)
 * Negotiation (sila_accept.h) offers text/turtle first (the answer to a
 * missing Accept or to any/any), then text/html, application/xhtml+xml,
 * application/n-triples, application/rdf+xml, application/ld+json,
 * application/json, text/plain; when all are refused the route has
 * status 406 (answer with sila_ld_not_acceptable_body()).  An unknown
 * suffix is part of the name (it will 404 if no such resource).
 * Whether the resource exists is not known here: check it with
 * sila_ld_exists() and answer 404 (sila_ld_html_not_found()) when not.
 * Returns SILA_OK (also for NONE / NOT_FOUND / 406 — see kind and status),
 * SILA_ERR_NOMEM, SILA_ERR_INVALID for a NULL path.  Free with
 * sila_ld_route_clear(). */
SilaStatus sila_ld_route(const char *base, const char *path, const char *query, const char *accept,
                         SilaLdRoute *out);

/* Frees what a route owns and zeroes it; safe on a zeroed route. */
void sila_ld_route_clear(SilaLdRoute *r);

/* The body of a 406 answer: plain text listing the media types and
 * suffixes Sila serves (static string, Content-Type text/plain). */
const char *sila_ld_not_acceptable_body(void);

/* The ETag for a representation at store generation `generation`
 * (sila_txn_generation): "\"g{generation}-{fmt}\"" written to buf
 * (at least 48 bytes); the format is part of it because the
 * representations differ.  Returns buf. */
char *sila_ld_etag(uint64_t generation, bool html, SilaRdfFormat fmt, char *buf, size_t size);

/* True when an If-None-Match header value (may be NULL) matches `etag`
 * ("*" or one of a comma-separated list, W/ prefixes ignored): answer 304. */
bool sila_ld_etag_matches(const char *if_none_match, const char *etag);

/* Cache-Control of the answers that carry an ETag (pages, dumps): shared
 * caches may keep them a minute, then revalidate with If-None-Match. */
#define SILA_LD_CACHE_CONTROL "public, max-age=60"

/* Last-Modified for the store: the modification time of its data file as
 * an IMF-fixdate ("Thu, 26 Nov 2026 15:00:00 GMT") in buf (>= 32 bytes).
 * Returns false (buf = "") when the time is unknown. */
bool sila_ld_last_modified(const SilaStore *store, char *buf, size_t size);

/* Path of the document of an IRI, for links: "{base}/id/x" → "/doc/x",
 * other IRIs under base → their path ("{base}/set/a" → "/set/a"); appended
 * to out.  Returns 1 when appended, 0 when the IRI is not under base
 * (nothing appended), -1 when out of memory. */
int sila_ld_doc_path(const char *base, const char *iri, size_t len, SilaBuf *out);

/* ---- Dumps (ld_dump.c) ---------------------------------------------------- */
/* The downloads the catalogue announces: /dump/{slug}.nt.gz (and .nt,
 * .ttl, .ttl.gz) is the graph {base}/set/{slug} of a dataset listed in the
 * catalogue ({base}/catalogo dcat:dataset {base}/set/{slug}), and
 * /dump/sila.nq.gz (and .nq, .trig, .trig.gz) the whole store with its
 * graph names (VoID's void:dataDump of {base}/void).  A dump is streamed
 * from one read transaction (a consistent snapshot) through bounded
 * buffers: memory does not grow with the graph. */

#define SILA_LD_DUMP_STORE "sila" /* file name of the whole-store dump */

typedef struct SilaLdDump SilaLdDump;

typedef struct {
  int status;               /* 200, 304 or 404; 0 = not a /dump/ path */
  const char *content_type; /* static: "application/gzip", "application/n-triples; …", … */
  bool gzip;                /* the body is a gzip file: send no Content-Encoding */
  char filename[160];       /* for Content-Disposition ("strutture.nt.gz"); "" for 404 */
  char etag[96];            /* "\"g{generation}-dump-{ext}\"" for 200/304, else "" */
  char last_modified[40];   /* IMF-fixdate for 200/304, "" when unknown */
} SilaLdDumpInfo;

/* Routes `path` (see sila_ld_route), begins a read transaction on `store`
 * and decides the answer: 404 when the slug is not in the catalogue (or
 * the name is not a dump), 304 when if_none_match (may be NULL) matches
 * the ETag, else 200.  *out is the open dump for a 200 (write it with
 * sila_ld_dump_write) and NULL otherwise; *info is filled in every case.
 * Returns SILA_OK (whatever the status), SILA_ERR_NOMEM or a store error
 * (then *out is NULL).  Free the dump with sila_ld_dump_free (it holds
 * the read transaction). */
SilaStatus sila_ld_dump_open(SilaStore *store, const char *base, const char *path,
                             const char *if_none_match, SilaLdDump **out, SilaLdDumpInfo *info);

/* sila_ld_dump_open for a response that will be gzip-coded when
 * gzip_coding (a plain dump to a client accepting gzip): the ETag then
 * differs from the identity one. */
SilaStatus sila_ld_dump_open_coded(SilaStore *store, const char *base, const char *path,
                                   const char *if_none_match, bool gzip_coding, SilaLdDump **out,
                                   SilaLdDumpInfo *info);

/* Streams the dump through write_fn in pieces of at most 64 KiB (gzip
 * compressed when info.gzip said so; the gzip stream is complete only
 * when SILA_OK is returned).  *count (may be NULL) gets the statements
 * written.  Returns SILA_OK, the callback's status (e.g. the client went
 * away) or a store / zlib error (SILA_ERR_IO).  Call at most once. */
SilaStatus sila_ld_dump_write(SilaLdDump *d, SilaWriteFn write_fn, void *ctx, uint64_t *count);

/* Ends the dump's transaction and frees it; NULL is a no-op. */
void sila_ld_dump_free(SilaLdDump *d);

/* ---- The DCAT-AP_IT catalogue, paged (ld_catalog.c) ----------------------- */
/* /catalogo is served in pages for harvesters (dati.gov.it runs CKAN with
 * ckanext-dcat, which follows Hydra paging): each page holds the
 * dcat:Catalog with only that page's dcat:dataset links, those datasets'
 * descriptions with everything they reach in the catalogue graph
 * (distributions, publishers, contact points, licences, …), and a node
 * {page_url}?page=N typed hydra:PagedCollection (read by ckanext-dcat) and
 * hydra:PartialCollectionView (Hydra's current name, read by udata and
 * piveau) with hydra:totalItems, hydra:itemsPerPage and the page links
 * under both their old and current names (firstPage/first, lastPage/last,
 * nextPage/next, previousPage/previous).  Datasets are in IRI order. */

#define SILA_LD_CATALOG_PAGE_SIZE 50 /* datasets per page by default */
#define SILA_LD_CATALOG_PAGE_MAX 1000 /* per_page is capped at this */

typedef struct {
  uint64_t page;        /* 1-based; 0 = 1 */
  uint64_t per_page;    /* 0 = SILA_LD_CATALOG_PAGE_SIZE; capped at SILA_LD_CATALOG_PAGE_MAX */
  const char *page_url; /* the pages' IRI without query ("{base}/catalogo.ttl");
                           NULL = {base}/catalogo */
  bool link_per_page;   /* write "&per_page=M" into the page links (the client chose M) */
  const char *public_base; /* download, access and endpoint URLs under {base}/dump/,
                              /files/, /sparql are written under this base instead
                              (sila_ld_public_base); NULL = base */
} SilaLdCatalogOptions;

typedef struct {
  uint64_t total;    /* datasets in the catalogue */
  uint64_t per_page; /* the page size used */
  uint64_t pages;    /* number of pages (at least 1) */
  uint64_t on_page;  /* datasets on the page written */
} SilaLdCatalogInfo;

/* Writes one page of the catalogue graph {base}/catalogo in `fmt` through
 * write_fn.  `opt` and `info` may be NULL.  Page 1 always exists (an empty
 * catalogue gives an empty document when the store has no catalogue);
 * a page past the last one returns SILA_ERR_NOT_FOUND before writing
 * anything.  Other errors: the writer's, the store's, SILA_ERR_NOMEM. */
SilaStatus sila_ld_write_catalog(SilaTxn *txn, const char *base, const SilaLdCatalogOptions *opt,
                                 SilaRdfFormat fmt, SilaWriteFn write_fn, void *ctx,
                                 SilaLdCatalogInfo *info);

/* ---- Resource descriptions (ld_describe.c) ------------------------------- */

typedef struct {
  uint64_t in_offset;   /* incoming triples to skip (paging) */
  uint64_t in_limit;    /* incoming triples at most; 0 = SILA_LD_INCOMING_LIMIT */
  uint64_t closure_max; /* blank nodes followed at most; 0 = SILA_LD_CLOSURE_MAX */
  const char *page_url; /* sila_ld_write_description: the document's URL without query
                           ("{base}/doc/x.ttl"); when set and the incoming triples are
                           paged, the page links are written too (NULL = never) */
} SilaLdDescribeOptions;

typedef struct {
  uint64_t outgoing;       /* triples with the resource as subject */
  uint64_t closure;        /* triples of the blank-node closure */
  uint64_t incoming;       /* incoming triples delivered (this page) */
  uint64_t incoming_total; /* incoming quads in all graphs (counted up to 100000) */
  bool incoming_more;      /* incoming triples remain after this page */
} SilaLdDescribeInfo;

/* Receives one triple of a description.  `part` says which part: 0 =
 * outgoing, 1 = blank-node closure, 2 = incoming.  `g` is one named graph
 * holding the triple (NULL for the default graph).  Terms are borrowed for
 * the call.  A status other than SILA_OK stops the description. */
typedef SilaStatus (*SilaLdTripleFn)(void *ctx, int part, const SilaTerm *s, const SilaTerm *p,
                                     const SilaTerm *o, const SilaTerm *g);

/* True when the IRI appears in the store as a subject or an object (a
 * resource with no triples answers 404). */
bool sila_ld_exists(SilaTxn *txn, const char *iri);

/* Streams the description of `iri` inside `txn`: outgoing triples (each
 * distinct triple once, whatever graphs hold it), then the triples of the
 * blank nodes reachable from their objects (transitively, each node once,
 * at most closure_max nodes), then incoming triples (one page).  `opt`
 * may be NULL; `info` may be NULL.  Returns SILA_OK (an unknown IRI gives
 * an empty description), the callback's status or a store error. */
SilaStatus sila_ld_describe(SilaTxn *txn, const char *iri, const SilaLdDescribeOptions *opt,
                            SilaLdTripleFn fn, void *ctx, SilaLdDescribeInfo *info);

/* Writes the description of `iri` in `fmt` (any triple format: Turtle,
 * N-Triples, RDF/XML, JSON-LD; also N-Quads/TriG, as default-graph
 * statements) through write_fn, with sila_default_prefixes().  The set of
 * triples is the same in every format.  When opt->page_url is set and the
 * incoming triples do not fit in one page (or this is not the first page),
 * the page {page_url}?in=OFFSET is described as a hydra:PartialCollectionView
 * with hydra:first / hydra:previous / hydra:next links to the other pages
 * (the RDF counterpart of the HTML page's links), and the resource is
 * linked to it with hydra:view.  A triple RDF/XML cannot write is
 * skipped (the rest is written).  Returns SILA_OK or the first error. */
SilaStatus sila_ld_write_description(SilaTxn *txn, const char *iri,
                                     const SilaLdDescribeOptions *opt, SilaRdfFormat fmt,
                                     SilaWriteFn write_fn, void *ctx, SilaLdDescribeInfo *info);

/* ---- Search (ld_search.c) ----------------------------------------------- */

/* Full-text search page (ld_search.c): `q` in the text index's syntax,
 * `type` / `dataset` (IRIs, NULL = any) narrow to one facet, 20 results
 * from `offset`; `json` gives the same as one JSON object (query, total,
 * offset, limit, results [{iri, title, score, snippet, types, dataset}],
 * facets {types, datasets: [{iri, label, count}]}).  *status: 200, 400
 * for a malformed query (the page or {"error"} says why), 503 without a
 * text index.  Errors: SILA_ERR_NOMEM, store errors. */
typedef struct {
  const char *q, *type, *dataset;
  uint64_t offset;
  bool json;
} SilaLdSearchRequest;
SilaStatus sila_ld_search_page(SilaTxn *txn, const char *base, const SilaLdSearchRequest *req,
                               SilaBuf *out, int *status);

/* ---- HTML pages (ld_html.c, ld_html_pages.c) ----------------------------- */
/* Every page is a whole UTF-8 HTML5 document (lang="it", one embedded
 * style sheet, a skip link, headings) appended to `out`; every value from
 * the store is escaped.  Content-Type "text/html; charset=utf-8".
 * Errors: SILA_ERR_NOMEM, store errors. */

/* The page of a resource: label and types first, its properties (outgoing,
 * blank nodes inline), the incoming links (page starting at in_offset,
 * with a link to the next page), images, a map link for coordinates, the
 * datasets it comes from and links to its RDF forms.  `iri` should exist
 * (else the page is empty of properties). */
SilaStatus sila_ld_html_resource(SilaTxn *txn, const char *base, const char *iri,
                                 uint64_t in_offset, SilaBuf *out);

/* The page of dataset {base}/set/{slug} from the catalogue graph
 * {base}/catalogo.  SILA_ERR_NOT_FOUND (nothing appended) when the
 * catalogue does not describe it and its graph is empty. */
SilaStatus sila_ld_html_dataset(SilaTxn *txn, const char *base, const char *slug, SilaBuf *out);

/* The home page: datasets of the catalogue grouped by theme, the search
 * form, example queries and a query form posting to /sparql. */
SilaStatus sila_ld_html_home(SilaTxn *txn, const char *base, SilaBuf *out);

/* The 404 page for a path (escaped), with a search link.  Never fails
 * but for memory. */
SilaStatus sila_ld_html_not_found(const char *path, SilaBuf *out);
/* The 406 page of a resource or dataset: its formats, each linked by its
 * suffix on `path` (escaped). */
SilaStatus sila_ld_html_not_acceptable(const char *path, SilaBuf *out);

/* Appends `s` (len bytes) to out with & < > " ' escaped.  Returns 0 or -1. */
int sila_ld_html_escape(SilaBuf *out, const char *s, size_t len);

/* ---- VoID (ld_void.c) ----------------------------------------------------- */

/* Writes the VoID description of the store in `fmt`: {base}/void as a
 * void:Dataset with the SPARQL endpoint {base}/sparql, void:dataDump
 * {base}/dump/sila.nq.gz (the whole store), void:uriSpace "{base}/id/",
 * void:feature (the dump formats: N-Quads and TriG for the store,
 * N-Triples and Turtle for each dataset),
 * void:triples (all quads) and a void:subset per named graph
 * {base}/set/{slug}.  Each of those has dct:title (from the catalogue),
 * void:sparqlEndpoint, void:dataDump {base}/dump/{slug}.nt.gz,
 * void:uriSpace, void:triples, void:entities (distinct subjects under the
 * URI space), void:classes, void:properties, void:distinctSubjects,
 * void:distinctObjects, a void:classPartition (blank node: void:class,
 * void:entities) per class and a void:propertyPartition (void:property,
 * void:triples, void:distinctSubjects, void:distinctObjects) per property,
 * all exact; and a void:Linkset {base}/set/{slug}/linkset/{name} per
 * national namespace (https://w3id.org/italia/ "italia", ISTAT "istat",
 * dati.beniculturali.it "cultura", indicepa.gov.it "ipa") and link
 * predicate: the triples whose object is an IRI in that namespace
 * (rdf:type excluded).  {name} is the namespace's name for owl:sameAs,
 * else name-{local name of the predicate}.  Reads every quad of those
 * graphs about twice, using memory in the number of properties and
 * classes only: answer repeat requests from a cache keyed by
 * sila_txn_generation (the ETag; sila_ld_respond does).  Returns SILA_OK
 * or the first error. */
SilaStatus sila_ld_write_void(SilaTxn *txn, const char *base, SilaRdfFormat fmt,
                              SilaWriteFn write_fn, void *ctx);

/* ---- The regional vocabulary (ld_onto.c, ld_html_onto.c) ---------------- */

/* Writes the regional vocabulary as one document in `fmt`: the
 * statements of every subject in the namespace {base}/onto/ found in the
 * graph {base}/onto (scripts/demo-data.sh loads the vocabularies there).
 * SILA_ERR_NOT_FOUND (nothing written) when there is none; else the
 * writer's or the store's error. */
SilaStatus sila_ld_write_ontology(SilaTxn *txn, const char *base, SilaRdfFormat fmt,
                                  SilaWriteFn write_fn, void *ctx);

/* The page of the vocabulary: its label and comment, and a table of its
 * terms (label, kind, comment) linking each term's page.
 * SILA_ERR_NOT_FOUND (nothing appended) when there is no vocabulary. */
SilaStatus sila_ld_html_ontology(SilaTxn *txn, const char *base, SilaBuf *out);

/* ---- The catalogue and VoID as pages (ld_html_catalog.c) ----------------- */

/* The catalogue page (/catalogo as HTML): one row per dataset of the
 * catalogue graph {base}/catalogo with its title, publisher, themes,
 * licence, update frequency and last change, all values by their labels. */
SilaStatus sila_ld_html_catalog(SilaTxn *txn, const char *base, SilaBuf *out);

/* The VoID page (/void as HTML): every graph under {base}/set/ with its
 * triples, distinct subjects and downloads, and the SPARQL endpoint. */
SilaStatus sila_ld_html_void(SilaTxn *txn, const char *base, SilaBuf *out);

#ifdef __cplusplus
}
#endif
#endif
