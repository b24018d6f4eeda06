/* ld_html_onto.c — the page of the regional vocabulary (/onto/): the
 * ontology's label and comment, then one row per term (its label linking
 * its own page, its kind, its comment), and the document's RDF forms. */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_html.h"

#define LD_OWL "http://www.w3.org/2002/07/owl#"

/* The best literal of (s, p) in any graph: Italian, English, none, any. */
static bool literal_of(SilaTxn *txn, SilaId s, const char *pred, SilaTerm *out, char *buf) {
  return ld_best_literal(txn, s, pred, 0, out, buf);
}

/* The kind of a term from its rdf:type, in Italian. */
static const char *term_kind(SilaTxn *txn, SilaId s) {
  static const struct {
    const char *type, *name;
  } kinds[] = {
      {LD_OWL "Ontology", "ontologia"},
      {LD_OWL "Class", "classe"},
      {LD_RDFS "Class", "classe"},
      {LD_OWL "ObjectProperty", "proprietà (collegamento)"},
      {LD_OWL "DatatypeProperty", "proprietà (valore)"},
      {LD_OWL "AnnotationProperty", "proprietà (annotazione)"},
      {SILA_NS_RDF "Property", "proprietà"},
      {LD_SKOS "Concept", "concetto"},
      {LD_SKOS "ConceptScheme", "vocabolario controllato"},
  };
  SilaId type_p = ld_iri_id(txn, LD_RDF_TYPE);
  for (size_t i = 0; type_p != SILA_ID_ANY && i < sizeof kinds / sizeof kinds[0]; i++) {
    SilaId t = ld_iri_id(txn, kinds[i].type);
    SilaIdQuad pat = {s, type_p, t, 0};
    if (t != SILA_ID_ANY && sila_txn_count(txn, &pat, 1) > 0)
      return kinds[i].name;
  }
  return "termine";
}

SilaStatus sila_ld_html_ontology(SilaTxn *txn, const char *base, SilaBuf *out) {
  base = ld_base(base);
  SilaId *terms = NULL;
  size_t n = 0;
  SilaStatus st = ld_onto_terms(txn, base, &terms, &n);
  if (st != SILA_OK)
    return st;
  if (!n) {
    free(terms);
    return SILA_ERR_NOT_FOUND;
  }
  char *onto = NULL;
  if (asprintf(&onto, "%s%s", base, LD_ONTO_PATH) < 0) {
    free(terms);
    return SILA_ERR_NOMEM;
  }
  SilaId oid = ld_iri_id(txn, onto);
  SilaTerm label, comment;
  char lb[SILA_TERM_BUF], cb[SILA_TERM_BUF];
  bool hl = oid != SILA_ID_ANY && ld_best_label(txn, oid, &label, lb);
  bool hc = oid != SILA_ID_ANY && literal_of(txn, oid, LD_RDFS "comment", &comment, cb);
  const char *fallback = "Ontologia regionale";
  int e = ld_page_begin(out, hl ? label.value : fallback, hl ? label.value_len : strlen(fallback));
  e |= sila_buf_puts(out, "<h1>");
  e |= hl ? ld_esc(out, label.value, label.value_len) : ld_escs(out, fallback);
  e |= sila_buf_puts(out, "</h1>\n<p class=\"iri\">");
  e |= ld_escs(out, onto);
  e |= sila_buf_puts(out, "</p>\n");
  if (hc) {
    e |= sila_buf_puts(out, "<p>");
    e |= ld_esc(out, comment.value, comment.value_len);
    e |= sila_buf_puts(out, "</p>\n");
  }
  e |= sila_buf_puts(out, "<h2 id=\"termini\">Termini</h2>\n<table>\n"
                          "<caption>I termini del vocabolario regionale</caption>\n"
                          "<thead><tr><th scope=\"col\">Termine</th><th scope=\"col\">Tipo</th>"
                          "<th scope=\"col\">Descrizione</th></tr></thead>\n<tbody>\n");
  for (size_t i = 0; i < n; i++) {
    if (terms[i] == oid)
      continue;
    SilaTerm t, tl, tc;
    char tb[SILA_TERM_BUF], tlb[SILA_TERM_BUF], tcb[SILA_TERM_BUF];
    if (sila_txn_term(txn, terms[i], &t, tb) != SILA_OK)
      continue;
    bool thl = ld_best_label(txn, terms[i], &tl, tlb);
    bool thc = literal_of(txn, terms[i], LD_RDFS "comment", &tc, tcb);
    e |= sila_buf_puts(out, "<tr><td>");
    e |= ld_link_iri(out, base, t.value, t.value_len, thl ? tl.value : NULL,
                     thl ? tl.value_len : 0);
    e |= sila_buf_puts(out, "<br><small class=\"iri\">");
    e |= ld_compact(out, t.value, t.value_len);
    e |= sila_buf_puts(out, "</small></td><td>");
    e |= ld_escs(out, term_kind(txn, terms[i]));
    e |= sila_buf_puts(out, "</td><td>");
    if (thc)
      e |= ld_esc(out, tc.value, tc.value_len);
    e |= sila_buf_puts(out, "</td></tr>\n");
  }
  e |= sila_buf_puts(out, "</tbody>\n</table>\n<h2 id=\"formati\">Formati</h2>\n<ul>"
                          "<li><a href=\"/onto.ttl\">Turtle</a></li>"
                          "<li><a href=\"/onto.nt\">N-Triples</a></li>"
                          "<li><a href=\"/onto.rdf\">RDF/XML</a></li>"
                          "<li><a href=\"/onto.jsonld\">JSON-LD</a></li></ul>\n");
  e |= ld_page_end(out);
  free(onto);
  free(terms);
  return e ? SILA_ERR_NOMEM : SILA_OK;
}
