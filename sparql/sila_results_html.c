/* sila_results_html.c — SPARQL results as an HTML page for people: the
 * "html" format of the query form.  Write only (no parser): the page is
 * read by a browser, not by programs, so it has no fixed grammar beyond
 * "one table, one row per solution".  Streams like the other writers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "sila_results_internal.h"

/* Kept short: the page must read well without any asset. */
static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"it\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>Risultati della query SPARQL</title>\n<style>"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "color:#1a1a1a;background:#fff}main{padding:8px 16px}nav{background:#003366;"
    "color:#fff;padding:8px 16px}nav a{color:#fff}a{color:#0645ad}a:focus{outline:3px solid #f90}"
    "table{border-collapse:collapse}th,td{text-align:left;vertical-align:top;"
    "padding:4px 6px;border-bottom:1px solid #ccc;word-break:break-word}"
    "caption{text-align:left;font-weight:bold}small{color:#555}"
    ".error{border:2px solid #b00;padding:8px;color:#900}"
    "</style>\n</head>\n<body>\n";

SilaStatus sila_results_writer_set_link_base(SilaResultWriter *w, const char *base) {
  if (!w || w->fmt != SILA_RESULTS_HTML || w->state != 0 /* not begun */)
    return SILA_ERR_INVALID;
  char *copy = NULL;
  if (base && !(copy = sila_strdup(base)))
    return SILA_ERR_NOMEM;
  free(w->link_base);
  w->link_base = copy;
  return SILA_OK;
}

static SilaStatus esc(SilaResultWriter *w, const char *s, size_t n) {
  return sila_results_put_escaped(w, s, n, SILA_ESC_XML_TEXT);
}

/* The start of the page, up to <main>. */
static SilaStatus page_start(SilaResultWriter *w) {
  if (sila_results_puts(w, html_head))
    return w->status;
  if (w->link_base &&
      sila_results_puts(w, "<nav aria-label=\"Navigazione\"><a href=\"/\">Pagina iniziale</a> · "
                           "<a href=\"/query\">Nuova query</a></nav>\n"))
    return w->status;
  return sila_results_puts(w, "<main id=\"main\">\n<h1>Risultati della query</h1>\n");
}

static SilaStatus html_begin(SilaResultWriter *w) {
  if (page_start(w) ||
      sila_results_puts(w, "<table>\n<caption>Soluzioni</caption>\n<thead><tr>"))
    return w->status;
  for (size_t i = 0; i < w->nvars; i++)
    if (sila_results_puts(w, "<th scope=\"col\">?") || esc(w, w->vars[i], w->var_lens[i]) ||
        sila_results_puts(w, "</th>"))
      return w->status;
  return sila_results_puts(w, "</tr></thead>\n<tbody>\n");
}

static bool has_prefix(const char *s, size_t n, const char *p) {
  size_t pl = strlen(p);
  return n > pl && !strncmp(s, p, pl);
}

/* An IRI: a link to its server path when under the link base (as the
 * linked-data pages route them), to itself when http(s), else text. */
static SilaStatus iri_cell(SilaResultWriter *w, const SilaTerm *t) {
  const char *v = t->value;
  size_t n = t->value_len, bl = w->link_base ? strlen(w->link_base) : 0;
  bool local = bl && n > bl + 1 && !strncmp(v, w->link_base, bl) && v[bl] == '/';
  bool web = has_prefix(v, n, "http://") || has_prefix(v, n, "https://");
  if (!local && !web)
    return esc(w, v, n);
  if (sila_results_puts(w, "<a href=\""))
    return w->status;
  if (local) {
    const char *rest = v + bl;
    size_t rl = n - bl;
    if (rl > 4 && !strncmp(rest, "/id/", 4)) {
      if (sila_results_puts(w, "/doc/") || esc(w, rest + 4, rl - 4))
        return w->status;
    } else if (esc(w, rest, rl)) {
      return w->status;
    }
  } else if (esc(w, v, n)) {
    return w->status;
  }
  if (sila_results_puts(w, "\">") || esc(w, v, n))
    return w->status;
  return sila_results_puts(w, "</a>");
}

static SilaStatus literal_cell(SilaResultWriter *w, const SilaTerm *t) {
  if (t->lang) {
    if (sila_results_puts(w, "<span lang=\"") || esc(w, t->lang, t->lang_len) ||
        sila_results_puts(w, "\">") || esc(w, t->value, t->value_len) ||
        sila_results_puts(w, "</span> <small>@") || esc(w, t->lang, t->lang_len))
      return w->status;
    return sila_results_puts(w, "</small>");
  }
  if (esc(w, t->value, t->value_len))
    return w->status;
  if (!t->datatype)
    return SILA_OK;
  size_t xl = strlen(SILA_NS_XSD);
  bool xsd = t->datatype_len > xl && !strncmp(t->datatype, SILA_NS_XSD, xl);
  if (sila_results_puts(w, " <small>") ||
      (xsd ? sila_results_puts(w, "xsd:") || esc(w, t->datatype + xl, t->datatype_len - xl)
           : esc(w, t->datatype, t->datatype_len)))
    return w->status;
  return sila_results_puts(w, "</small>");
}

static SilaStatus html_row(SilaResultWriter *w, const SilaTerm *const *values) {
  if (sila_results_puts(w, "<tr>"))
    return w->status;
  for (size_t i = 0; i < w->nvars; i++) {
    const SilaTerm *t = values ? values[i] : NULL;
    if (sila_results_puts(w, "<td>"))
      return w->status;
    if (t && t->kind == SILA_TERM_IRI)
      iri_cell(w, t);
    else if (t && t->kind == SILA_TERM_BLANK && !sila_results_puts(w, "_:"))
      esc(w, t->value, t->value_len);
    else if (t && t->kind == SILA_TERM_LITERAL)
      literal_cell(w, t);
    else if (t && t->kind == SILA_RESULTS_TERM_TRIPLE)
      esc(w, t->value, t->value_len); /* its N-Triples text */
    if (w->status || sila_results_puts(w, "</td>"))
      return w->status;
  }
  return sila_results_puts(w, "</tr>\n");
}

static SilaStatus html_boolean(SilaResultWriter *w, bool value) {
  if (page_start(w) || sila_results_puts(w, "<p id=\"risposta\">La risposta è <strong>") ||
      sila_results_puts(w, value ? "sì" : "no") ||
      sila_results_puts(w, "</strong> (ASK: ") || sila_results_puts(w, value ? "true" : "false"))
    return w->status;
  return sila_results_puts(w, ").</p>\n</main>\n</body>\n</html>\n");
}

static SilaStatus html_finish(SilaResultWriter *w) {
  size_t n = w->nrows;
  char count[64];
  int len = n == 1 ? snprintf(count, sizeof count, "1 risultato")
                   : snprintf(count, sizeof count, "%zu risultati", n);
  if (sila_results_puts(w, "</tbody>\n</table>\n<p id=\"conteggio\">") ||
      sila_results_put(w, count, (size_t)len))
    return w->status;
  return sila_results_puts(w, "</p>\n</main>\n</body>\n</html>\n");
}

static SilaStatus html_abort(SilaResultWriter *w, const char *msg, size_t n) {
  /* Close the table so the rows shown stay readable, then say loudly that
   * they are not the whole result; the document is left unfinished. */
  if (!sila_results_puts(w, "</tbody>\n</table>\n<p class=\"error\" role=\"alert\">"
                            "La query si è interrotta: i risultati sono incompleti. ") &&
      !esc(w, msg, n))
    sila_results_puts(w, "</p>\n");
  return w->status;
}

const SilaResultsFormatOps sila_results_html_ops = {html_begin, html_row, html_boolean, html_finish,
                                                    html_abort};
