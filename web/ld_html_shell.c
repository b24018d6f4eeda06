/* ld_html_shell.c — the frame every HTML page shares: head (Bootstrap
 * Italia from /static/ when the server has it, else the project's own style
 * sheet), skip links, header with the Region's name, menu, breadcrumbs,
 * footer with the legal notes; which optional assets the server found; the
 * map tiles setting. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "ld_html.h"

/* The style sheet of a server without Bootstrap Italia: system fonts, a
 * readable measure, contrast above WCAG AA (#1a1a1a on white, links #0645ad,
 * focus outlines kept), tables that wrap on a phone.  It styles the same
 * markup (the Bootstrap Italia class names the pages use). */
static const char css[] =
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "color:#1a1a1a;background:#fff}"
    ".visually-hidden,.visually-hidden-focusable:not(:focus){position:absolute!important;"
    "width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap}"
    ".skip:focus{left:8px;top:8px;background:#fff;padding:4px;z-index:9}"
    ".container{max-width:60rem;margin:0 auto;padding:0 16px}"
    "header,footer{background:#003366;color:#fff}header a,footer a{color:#fff}"
    ".it-header-slim-wrapper{background:#00264d;padding:4px 0}"
    ".it-header-center-content-wrapper{display:flex;flex-wrap:wrap;gap:8px;"
    "justify-content:space-between;align-items:center;padding:8px 0}"
    ".it-brand-title{font-size:1.4rem;font-weight:bold}.it-brand-wrapper a{text-decoration:none}"
    ".sila-nav ul,.list-inline,.breadcrumb{list-style:none;margin:0;padding:4px 0;display:flex;"
    "flex-wrap:wrap;gap:4px 16px}.breadcrumb .separator{margin-left:8px}"
    "footer .container{padding-top:8px;padding-bottom:8px}"
    "main{overflow-wrap:anywhere}"
    "a{color:#0645ad}a:focus,button:focus,input:focus,textarea:focus{outline:3px solid #f90}"
    ".iri{font-family:monospace;word-break:break-all;color:#444}"
    "table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;"
    "padding:4px 6px;border-bottom:1px solid #ccc;word-break:break-word}"
    "small{color:#555}img{max-width:100%;height:auto}"
    "dl.bn{margin:0;padding-left:8px;border-left:3px solid #ccc}dl.bn dt{font-weight:bold}"
    "dl.meta dt{font-weight:bold}"
    "textarea{width:100%;font-family:monospace}pre{white-space:pre-wrap;background:#f4f4f4;"
    "padding:8px}"
    ".mappa{height:320px;margin:8px 0;border:1px solid #ccc}"
    ".sila-table th button{background:none;border:0;padding:0;font:inherit;font-weight:bold}"
    ".table-responsive{overflow-x:auto}.sila-table{overflow-wrap:normal}"
    ".table-responsive td{overflow-wrap:normal}.table-responsive td a{overflow-wrap:anywhere}"
    ".list-unstyled{list-style:none;padding-left:0}"
    ".sila-table td,.sila-table th{white-space:nowrap}"
    "@media (max-width:600px){th,td{display:block;border:0}tr{display:block;"
    "border-bottom:1px solid #ccc}}";

static _Atomic unsigned assets_found;

void ld_html_set_assets(unsigned flags) { atomic_store(&assets_found, flags); }

unsigned ld_html_assets(void) { return atomic_load(&assets_found); }

/* The header: the Region's name (slim bar), the portal's name and the
 * search box, then the menu.  Plain links and a GET form: no JavaScript. */
static const char header_html[] =
    "<div class=\"skiplinks\">"
    "<a class=\"skip visually-hidden-focusable\" href=\"#main\">Vai al contenuto</a>"
    "<a class=\"skip visually-hidden-focusable\" href=\"#footer\">Vai al piè di pagina</a>"
    "</div>\n"
    "<header class=\"it-header-wrapper\">\n"
    "<div class=\"it-header-slim-wrapper\"><div class=\"container\"><div "
    "class=\"it-header-slim-wrapper-content\">"
    "<a class=\"navbar-brand\" href=\"https://www.regione.calabria.it/\">Regione Calabria</a>"
    "</div></div></div>\n"
    "<div class=\"it-header-center-wrapper\"><div class=\"container\"><div "
    "class=\"it-header-center-content-wrapper\">"
    "<div class=\"it-brand-wrapper\"><a href=\"/\"><div class=\"it-brand-text\">"
    "<div class=\"it-brand-title\">Dati aperti Calabria</div>"
    "<div class=\"it-brand-tagline d-none d-md-block\">I dati della Regione Calabria come "
    "Linked Open Data</div></div></a></div>"
    "<div class=\"it-right-zone\"><form class=\"sila-search\" action=\"/search\" "
    "method=\"get\" role=\"search\" aria-label=\"Ricerca nel portale\"><label "
    "class=\"visually-hidden\" for=\"hq\">Cerca nei "
    "dati</label><input id=\"hq\" name=\"q\" type=\"search\" placeholder=\"Cerca nei dati\">"
    "<button class=\"btn btn-outline-light btn-sm\" type=\"submit\">Cerca</button></form></div>"
    "</div></div></div>\n"
    "<nav class=\"sila-nav\" aria-label=\"Menu principale\"><div class=\"container\"><ul>"
    "<li><a href=\"/\">Dataset</a></li><li><a href=\"/catalogo\">Catalogo</a></li>"
    "<li><a href=\"/search\">Cerca</a></li><li><a href=\"/query\">Query SPARQL</a></li>"
    "<li><a href=\"/piano\">Piano</a></li><li><a href=\"/richieste\">Richiedi un dataset</a>"
    "</li><li><a href=\"/statistiche\">Statistiche</a></li><li><a href=\"/qualita\">Qualità"
    "</a></li>"
    "</ul></div></nav>\n</header>\n";

int ld_page_open(SilaBuf *out, const char *title, size_t tlen, const LdCrumb *crumbs,
                 size_t ncrumbs) {
  return ld_page_open_described(out, title, tlen, NULL, 0, crumbs, ncrumbs);
}

int ld_page_open_described(SilaBuf *out, const char *title, size_t tlen, const char *desc,
                           size_t dlen, const LdCrumb *crumbs, size_t ncrumbs) {
  bool bi = ld_html_assets() & LD_ASSET_BI;
  int e = 0;
  e |= sila_buf_puts(out,
                     "<!DOCTYPE html>\n<html lang=\"it\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>");
  e |= ld_esc(out, title, tlen);
  e |= sila_buf_puts(out, " — Dati aperti Calabria</title>\n");
  e |= desc && dlen ? ld_description_put(out, desc, dlen)
                    : ld_description_for_title(out, title, tlen);
  /* the tab's icon, in the page: without one every visit costs a
   * /favicon.ico request answered 404 */
  e |= sila_buf_puts(out, "<link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg xmlns='http://"
                          "www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' "
                          "height='16' rx='3' fill='%230066cc'/%3E%3Ctext x='8' y='12.5' "
                          "font-size='12' font-family='sans-serif' font-weight='bold' "
                          "text-anchor='middle' fill='white'%3EC%3C/text%3E%3C/svg%3E\">\n");
  if (bi)
    e |= sila_buf_puts(out, "<link rel=\"stylesheet\" "
                            "href=\"/static/bootstrap-italia/css/bootstrap-italia.min.css\">\n"
                            "<link rel=\"stylesheet\" href=\"/static/sila/sila.css\">\n");
  else
    e |= sila_buf_puts(out, "<style>") | sila_buf_puts(out, css) | sila_buf_puts(out, "</style>\n");
  e |= sila_buf_puts(out, "</head>\n<body>\n");
  e |= sila_buf_puts(out, header_html);
  if (crumbs && ncrumbs) {
    e |= sila_buf_puts(out, "<div class=\"container\"><nav class=\"breadcrumb-container\" "
                            "aria-label=\"Percorso di navigazione\"><ol class=\"breadcrumb\">"
                            "<li class=\"breadcrumb-item\"><a href=\"/\">Home</a>"
                            "<span class=\"separator\">/</span></li>");
    for (size_t i = 0; i < ncrumbs; i++) {
      const LdCrumb *c = &crumbs[i];
      size_t n = c->label_len ? c->label_len : strlen(c->label);
      bool last = i + 1 == ncrumbs;
      if (last || !c->href) {
        e |= sila_buf_puts(out, last ? "<li class=\"breadcrumb-item active\" "
                                       "aria-current=\"page\">"
                                     : "<li class=\"breadcrumb-item\">");
        e |= ld_esc(out, c->label, n);
      } else {
        e |= sila_buf_puts(out, "<li class=\"breadcrumb-item\"><a href=\"");
        e |= ld_escs(out, c->href);
        e |= sila_buf_puts(out, "\">");
        e |= ld_esc(out, c->label, n);
        e |= sila_buf_puts(out, "</a>");
      }
      if (!last)
        e |= sila_buf_puts(out, "<span class=\"separator\">/</span>");
      e |= sila_buf_puts(out, "</li>");
    }
    e |= sila_buf_puts(out, "</ol></nav></div>\n");
  }
  e |= sila_buf_puts(out, "<main id=\"main\" class=\"container pb-4\">\n");
  return e;
}

int ld_page_begin(SilaBuf *out, const char *title, size_t tlen) {
  LdCrumb c = {title, tlen ? tlen : 1, NULL};
  if (!tlen) /* an empty title still needs a readable step */
    c.label = "Pagina", c.label_len = 6;
  return ld_page_open(out, title, tlen, &c, 1);
}

int ld_page_end(SilaBuf *out) {
  return sila_buf_puts(
      out,
      "</main>\n<footer class=\"it-footer\" id=\"footer\">\n<div class=\"it-footer-main\">"
      "<div class=\"container py-4\">"
      "<p class=\"h4 text-white\">Regione Calabria — Dati aperti</p>"
      "<p>I dati sono pubblicati con la licenza indicata in ciascun dataset (di norma "
      "<a href=\"https://creativecommons.org/licenses/by/4.0/deed.it\">CC BY 4.0</a>: "
      "<a href=\"/note-legali#licenza\">come citarli</a>).</p>"
      "<ul class=\"list-inline\">"
      "<li class=\"list-inline-item\"><a href=\"/sparql\">Endpoint SPARQL</a></li>"
      "<li class=\"list-inline-item\"><a href=\"/catalogo\">Catalogo DCAT-AP_IT</a></li>"
      "<li class=\"list-inline-item\"><a href=\"/void\">Descrizione VoID</a></li>"
      "<li class=\"list-inline-item\"><a href=\"/dump/sila.nq.gz\">Tutti i dati (N-Quads)</a>"
      "</li></ul></div></div>\n"
      "<div class=\"it-footer-small-prints\"><div class=\"container\">"
      "<ul class=\"it-footer-small-prints-list list-inline mb-0\" aria-label=\"Note legali\">"
      "<li class=\"list-inline-item\"><a href=\"/note-legali\">Note legali</a></li>"
      "<li class=\"list-inline-item\"><a href=\"/privacy\">Informativa sulla privacy</a></li>"
      "<li class=\"list-inline-item\"><a href=\"/accessibilita\">Dichiarazione di "
      "accessibilità</a></li>"
      "<li class=\"list-inline-item\"><a href=\"/note-legali#licenza\">Licenza dei dati</a></li>"
      "</ul></div></div>\n</footer>\n</body>\n</html>\n");
}

/* ---- Map tiles ------------------------------------------------------------ */

#define LD_TILES_OSM "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
#define LD_TILES_OSM_ATTRIBUTION                                                                  \
  "&copy; <a href=\"https://www.openstreetmap.org/copyright\">contributori di OpenStreetMap</a>"
static char tiles_url[512] = LD_TILES_OSM;
static char tiles_attribution[512] = LD_TILES_OSM_ATTRIBUTION;

void ld_html_set_tiles(const char *url, const char *attribution) {
  snprintf(tiles_url, sizeof tiles_url, "%s", url && *url ? url : LD_TILES_OSM);
  snprintf(tiles_attribution, sizeof tiles_attribution, "%s",
           attribution && *attribution ? attribution
           : url && *url               ? ""
                                       : LD_TILES_OSM_ATTRIBUTION);
}

int ld_map_attrs(SilaBuf *out) {
  int e = sila_buf_puts(out, " data-tiles=\"");
  e |= ld_escs(out, tiles_url);
  e |= sila_buf_puts(out, "\" data-attribution=\"");
  e |= ld_escs(out, tiles_attribution);
  return e | sila_buf_puts(out, "\"");
}

int ld_tiles_json(SilaBuf *out) {
  int e = sila_buf_puts(out, "\"tiles\":");
  e |= ld_json_string(out, tiles_url, strlen(tiles_url));
  e |= sila_buf_puts(out, ",\"attribution\":");
  return e | ld_json_string(out, tiles_attribution, strlen(tiles_attribution));
}
