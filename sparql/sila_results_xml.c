/* sila_results_xml.c — SPARQL Query Results XML Format: writer.
 * (The parser is in sila_results_xmlparse.c.) */
#include <stdlib.h>
#include <string.h>

#include "sila_results_internal.h"

#define XML_PROLOGUE \
  "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"

static SilaStatus xml_begin(SilaResultWriter *w) {
  if (sila_results_puts(w, XML_PROLOGUE) ||
      sila_results_puts(w, w->nvars ? "  <head>\n" : "  <head/>\n"))
    return w->status;
  for (size_t i = 0; i < w->nvars; i++) {
    if (sila_results_puts(w, "    <variable name=\"") ||
        sila_results_put_escaped(w, w->vars[i], w->var_lens[i], SILA_ESC_XML_ATTR) ||
        sila_results_puts(w, "\"/>\n"))
      return w->status;
  }
  if (w->nvars && sila_results_puts(w, "  </head>\n"))
    return w->status;
  return sila_results_puts(w, "  <results>\n");
}

static SilaStatus xml_term(SilaResultWriter *w, const SilaTerm *t);

/* <triple><subject>..</subject><predicate>..</predicate><object>..</object></triple> */
static SilaStatus xml_triple(SilaResultWriter *w, const SilaTerm *t) {
  static const char *const tags[3][2] = {{"<subject>", "</subject>"},
                                         {"<predicate>", "</predicate>"},
                                         {"<object>", "</object>"}};
  SilaTerm parts[3];
  char *store;
  SilaStatus st = SILA_OK;
  if (sila_results_triple_split(t->value, t->value_len, parts, &store))
    st = store ? SILA_ERR_INVALID : SILA_ERR_NOMEM;
  else if (sila_results_puts(w, "<triple>"))
    st = w->status;
  for (int k = 0; k < 3 && !st; k++)
    if (!(st = sila_results_puts(w, tags[k][0])) && !(st = xml_term(w, &parts[k])))
      st = sila_results_puts(w, tags[k][1]);
  if (!st)
    st = sila_results_puts(w, "</triple>");
  free(store);
  return st;
}

static SilaStatus xml_term(SilaResultWriter *w, const SilaTerm *t) {
  if (t->kind == SILA_RESULTS_TERM_TRIPLE)
    return xml_triple(w, t);
  switch (t->kind) {
  case SILA_TERM_IRI:
    if (sila_results_puts(w, "<uri>") ||
        sila_results_put_escaped(w, t->value, t->value_len, SILA_ESC_XML_TEXT))
      return w->status;
    return sila_results_puts(w, "</uri>");
  case SILA_TERM_BLANK:
    if (sila_results_puts(w, "<bnode>") ||
        sila_results_put_escaped(w, t->value, t->value_len, SILA_ESC_XML_TEXT))
      return w->status;
    return sila_results_puts(w, "</bnode>");
  case SILA_TERM_LITERAL:
    if (sila_results_puts(w, "<literal"))
      return w->status;
    if (t->lang) {
      size_t lang_len, dir_len;
      const char *dir;
      sila_results_split_lang(t, &lang_len, &dir, &dir_len);
      if (sila_results_puts(w, " xml:lang=\"") ||
          sila_results_put_escaped(w, t->lang, lang_len, SILA_ESC_XML_ATTR) ||
          sila_results_puts(w, "\""))
        return w->status;
      if (dir && (sila_results_puts(w, " xmlns:its=\"http://www.w3.org/2005/11/its\" its:dir=\"") ||
                  sila_results_put_escaped(w, dir, dir_len, SILA_ESC_XML_ATTR) ||
                  sila_results_puts(w, "\"")))
        return w->status;
    } else if (t->datatype) {
      if (sila_results_puts(w, " datatype=\"") ||
          sila_results_put_escaped(w, t->datatype, t->datatype_len, SILA_ESC_XML_ATTR) ||
          sila_results_puts(w, "\""))
        return w->status;
    }
    if (sila_results_puts(w, ">") ||
        sila_results_put_escaped(w, t->value, t->value_len, SILA_ESC_XML_TEXT))
      return w->status;
    return sila_results_puts(w, "</literal>");
  default: /* unreachable: sila_results_row checks kinds */
    return SILA_ERR_INVALID;
  }
}

static SilaStatus xml_row(SilaResultWriter *w, const SilaTerm *const *values) {
  if (sila_results_puts(w, "    <result>\n"))
    return w->status;
  for (size_t i = 0; i < w->nvars; i++) {
    const SilaTerm *t = values[i];
    if (!t || t->kind == SILA_TERM_NONE)
      continue;
    if (sila_results_puts(w, "      <binding name=\"") ||
        sila_results_put_escaped(w, w->vars[i], w->var_lens[i], SILA_ESC_XML_ATTR) ||
        sila_results_puts(w, "\">"))
      return w->status;
    SilaStatus st = xml_term(w, t);
    if (st)
      return st;
    if (sila_results_puts(w, "</binding>\n"))
      return w->status;
  }
  return sila_results_puts(w, "    </result>\n");
}

static SilaStatus xml_boolean(SilaResultWriter *w, bool value) {
  if (sila_results_puts(w, XML_PROLOGUE) || sila_results_puts(w, "  <head/>\n"))
    return w->status;
  return sila_results_puts(w, value ? "  <boolean>true</boolean>\n</sparql>\n"
                                    : "  <boolean>false</boolean>\n</sparql>\n");
}

static SilaStatus xml_finish(SilaResultWriter *w) {
  return sila_results_puts(w, "  </results>\n</sparql>\n");
}

/* An XML comment after the rows: the document stays unfinished. */
static SilaStatus xml_abort(SilaResultWriter *w, const char *msg, size_t n) {
  if (sila_results_puts(w, "\n<!-- error: "))
    return w->status;
  /* "--" may not appear in a comment: write the message dash by dash. */
  for (size_t i = 0; i < n && !w->status;) {
    size_t run = strcspn(msg + i, "-");
    sila_results_put_escaped(w, msg + i, run, SILA_ESC_XML_TEXT);
    i += run;
    if (i < n) {
      sila_results_puts(w, "- ");
      i++;
    }
  }
  sila_results_puts(w, " -->\n");
  return w->status;
}

const SilaResultsFormatOps sila_results_xml_ops = {xml_begin, xml_row, xml_boolean, xml_finish,
                                                   xml_abort};
