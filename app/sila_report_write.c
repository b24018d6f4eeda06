/* sila_report_write.c — the semiannual report as JSON, CSV or one
 * self-contained HTML file (inline CSS with an A4 print style, inline SVG
 * charts each with its table), from sila_report_model's object. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_plan.h"
#include "sila_prog.h"
#include "sila_report.h"

#define I(o, k) ((long long)json_integer_value(json_object_get((o), (k))))
#define S(o, k) (json_string_value(json_object_get((o), (k))) ?: "")

static int esc(SilaBuf *b, const char *s) {
  int e = 0;
  for (; s && *s; s++)
    switch (*s) {
    case '<': e |= sila_buf_puts(b, "&lt;"); break;
    case '>': e |= sila_buf_puts(b, "&gt;"); break;
    case '&': e |= sila_buf_puts(b, "&amp;"); break;
    case '"': e |= sila_buf_puts(b, "&quot;"); break;
    default: e |= sila_buf_putc(b, *s);
    }
  return e;
}

/* ---- CSV --------------------------------------------------------------- */

static int csv_field(SilaBuf *b, const char *s) {
  int e = sila_buf_putc(b, '"');
  for (; s && *s; s++)
    e |= *s == '"' ? sila_buf_puts(b, "\"\"") : sila_buf_putc(b, *s);
  return e | sila_buf_putc(b, '"');
}

static int csv_row(SilaBuf *b, const char *section, const char *dataset, const char *office,
                   const char *metric, long long v) {
  return csv_field(b, section) | sila_buf_putc(b, ',') | csv_field(b, dataset) |
         sila_buf_putc(b, ',') | csv_field(b, office) | sila_buf_putc(b, ',') |
         csv_field(b, metric) | sila_buf_printf(b, ",%lld\r\n", v);
}

static int write_csv(json_t *m, SilaBuf *b) {
  int e = sila_buf_puts(b, "section,dataset,office,metric,value\r\n");
  json_t *sum = json_object_get(m, "summary");
  const char *k;
  json_t *v;
  json_object_foreach(sum, k, v) e |= csv_row(b, "summary", "", "", k, json_integer_value(v));
  size_t i, j;
  json_t *o, *d;
  json_array_foreach(json_object_get(m, "offices"), i, o) {
    e |= csv_row(b, "publications", "", S(o, "office"), "new", I(o, "new"));
    e |= csv_row(b, "publications", "", S(o, "office"), "updated", I(o, "updated"));
    json_array_foreach(json_object_get(o, "datasets"), j, d)
        e |= csv_row(b, "publications", S(d, "slug"), S(o, "office"), S(d, "status"),
                     I(d, "publishes"));
  }
  json_t *plan = json_object_get(m, "plan");
  const char *pk[] = {"total", "due_in_period", "published_in_period", "published_on_time",
                      "late", "active"};
  for (size_t x = 0; x < sizeof pk / sizeof *pk; x++)
    e |= csv_row(b, "plan", "", "", pk[x], I(plan, pk[x]));
  json_t *req = json_object_get(m, "requests");
  json_object_foreach(req, k, v) e |= csv_row(b, "requests", "", "", k, json_integer_value(v));
  json_t *usage = json_object_get(m, "usage");
  json_array_foreach(json_object_get(usage, "datasets"), i, d) {
    for (int kind = 0; kind < SILA_USE_KINDS; kind++)
      e |= csv_row(b, "usage", S(d, "slug"), "", sila_usage_kind_name(kind),
                   I(d, sila_usage_kind_name(kind)));
    e |= csv_row(b, "usage", S(d, "slug"), "", "total", I(d, "total"));
  }
  json_array_foreach(json_object_get(m, "quality"), i, d) {
    const char *qk[] = {"stars", "completeness", "errors", "warnings", "linked_pct", "age_days"};
    for (size_t x = 0; x < sizeof qk / sizeof *qk; x++)
      e |= csv_row(b, "quality", S(d, "slug"), S(d, "office"), qk[x], I(d, qk[x]));
    e |= csv_row(b, "quality", S(d, "slug"), S(d, "office"), "late",
                 json_is_true(json_object_get(d, "late")));
  }
  return e;
}

/* ---- HTML -------------------------------------------------------------- */

static const char *const css =
    "body{font-family:'Titillium Web',Helvetica,Arial,sans-serif;color:#1a1a1a;margin:2em auto;"
    "max-width:60em;line-height:1.4}h1{color:#06c;font-size:1.7em;margin-bottom:.2em}"
    "h2{color:#06c;border-bottom:2px solid #06c;padding-bottom:.1em;margin-top:1.6em;"
    "font-size:1.25em}table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.9em}"
    "th,td{border:1px solid #bbb;padding:.25em .45em;text-align:left;vertical-align:top;"
    "overflow-wrap:anywhere}table{table-layout:auto;width:99.6%}"
    "th{background:#e6f0fa}th,td.n{overflow-wrap:normal}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".summary{background:#f2f7fc;border-left:5px solid #06c;padding:.6em 1em}"
    ".kpi{display:flex;flex-wrap:wrap;gap:.6em;margin:.8em 0}.kpi div{border:1px solid #bbb;"
    "padding:.4em .8em;min-width:9em}.kpi b{display:block;font-size:1.5em;color:#06c}"
    ".late{color:#a30000;font-weight:bold}.ok{color:#006b2e}.up{color:#006b2e}.down{color:#a30000}"
    "figure{margin:.6em 0}figcaption{font-size:.85em;color:#444}"
    "@page{size:A4;margin:16mm 14mm}"
    "@media print{body{margin:0;max-width:none;font-size:10pt}table{font-size:8.5pt}h2{break-after:avoid}"
    "table,figure,.kpi{break-inside:avoid}a{color:inherit;text-decoration:none}}";

/* A horizontal bar chart: labels[i] and values[i], as inline SVG. */
static int svg_bars(SilaBuf *b, const char *title, const char **labels, const long long *values,
                    size_t n) {
  long long max = 1;
  for (size_t i = 0; i < n; i++)
    if (values[i] > max)
      max = values[i];
  int row = 22, w = 640, lw = 250, bw = w - lw - 60;
  int e = sila_buf_printf(b,
                          "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                          "width=\"100%%\" viewBox=\"0 0 %d %zu\" aria-label=\"",
                          w, n * (size_t)row + 10);
  e |= esc(b, title) | sila_buf_puts(b, "\"><title>") | esc(b, title) |
       sila_buf_puts(b, "</title>");
  for (size_t i = 0; i < n; i++) {
    int y = 5 + (int)i * row;
    int len = (int)((double)values[i] / (double)max * bw);
    char lab[64];
    /* about 34 characters fit the label column at 11px */
    size_t cut = strlen(labels[i]) > 34 ? 33 : strlen(labels[i]);
    while (cut > 0 && ((unsigned char)labels[i][cut] & 0xC0) == 0x80)
      cut--; /* not inside a UTF-8 sequence */
    snprintf(lab, sizeof lab, "%.*s%s", (int)cut, labels[i], cut < strlen(labels[i]) ? "…" : "");
    e |= sila_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">",
                         lw - 6, y + 14);
    e |= esc(b, lab) | sila_buf_puts(b, "</text>");
    e |= sila_buf_printf(b,
                         "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"#0066cc\"/>"
                         "<text x=\"%d\" y=\"%d\" font-size=\"12\">%lld</text>",
                         lw, y + 2, len > 0 ? len : 1, lw + len + 4, y + 14, values[i]);
  }
  e |= sila_buf_puts(b, "</svg><figcaption>") | esc(b, title) |
       sila_buf_puts(b, " (i valori sono nella tabella che segue)</figcaption></figure>");
  return e;
}

static int move(SilaBuf *b, json_t *d, const char *now, const char *before, bool lower_better) {
  long long n = I(d, now);
  json_t *bv = json_object_get(d, before);
  int e = sila_buf_printf(b, "<td class=\"n\">%lld", n);
  if (bv) {
    long long p = json_integer_value(bv);
    bool better = lower_better ? n < p : n > p;
    if (n != p)
      e |= sila_buf_printf(b, " <span class=\"%s\">(%s%lld)</span>", better ? "up" : "down",
                           n > p ? "+" : "", n - p);
  }
  return e | sila_buf_puts(b, "</td>");
}

static int date_it(SilaBuf *b, const char *d) {
  static const char *const months[] = {"gennaio", "febbraio", "marzo", "aprile",
                                       "maggio", "giugno", "luglio", "agosto",
                                       "settembre", "ottobre", "novembre", "dicembre"};
  if (!sila_plan_date_ok(d))
    return esc(b, d);
  return sila_buf_printf(b, "%d %s %.4s", atoi(d + 8), months[atoi(d + 5) - 1], d);
}

static int write_html(json_t *m, SilaBuf *b) {
  json_t *period = json_object_get(m, "period"), *sum = json_object_get(m, "summary");
  int e = sila_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"it\"><head><meta charset=\"utf-8\">"
                           "<meta name=\"viewport\" content=\"width=device-width, "
                           "initial-scale=1\"><title>Relazione semestrale Open Data Calabria, ");
  e |= esc(b, S(period, "from")) | sila_buf_puts(b, " – ") | esc(b, S(period, "to"));
  /* what a shared link or an index shows under the title (a dated sentence:
   * the file stands alone) */
  e |= sila_buf_puts(b, "</title><meta name=\"description\" content=\"La relazione "
                        "semestrale sui dati aperti della Regione Calabria dal ");
  e |= esc(b, S(period, "from")) | sila_buf_puts(b, " al ") | esc(b, S(period, "to"));
  e |= sila_buf_puts(b, ": dataset pubblicati, piano di rilascio, richieste, uso e qualità.\">");
  e |= sila_buf_printf(b, "<style>%s</style></head><body><header>", css);
  e |= sila_buf_puts(b, "<p>Regione Calabria · Programma Open Data</p>"
                        "<h1>Relazione semestrale sui dati aperti</h1><p>Periodo dal ");
  e |= date_it(b, S(period, "from")) | sila_buf_puts(b, " al ") | date_it(b, S(period, "to"));
  e |= sila_buf_puts(b, " · situazione al ") | date_it(b, S(period, "asof")) |
       sila_buf_puts(b, "</p></header><main>");
  /* summary */
  e |= sila_buf_puts(b, "<section><h2>Sintesi</h2><p class=\"summary\">") |
       esc(b, S(m, "text")) | sila_buf_puts(b, "</p><div class=\"kpi\">");
  const struct {
    const char *key, *label;
  } kpis[] = {{"datasets_new", "nuovi dataset"},      {"datasets_updated", "dataset aggiornati"},
              {"plan_published", "rilasci del piano"}, {"plan_late", "rilasci in ritardo"},
              {"requests_received", "richieste ricevute"}, {"requests_open", "richieste aperte"},
              {"usage_total", "utilizzi"},            {"datasets_with_problems", "dataset con problemi"}};
  for (size_t i = 0; i < sizeof kpis / sizeof *kpis; i++)
    e |= sila_buf_printf(b, "<div><b>%lld</b>%s</div>", I(sum, kpis[i].key), kpis[i].label);
  e |= sila_buf_puts(b, "</div></section>");
  /* publications by office */
  e |= sila_buf_puts(b, "<section><h2>Dataset pubblicati e aggiornati per ufficio</h2>");
  json_t *offices = json_object_get(m, "offices");
  size_t i, j;
  json_t *o, *d;
  if (!json_array_size(offices))
    e |= sila_buf_puts(b, "<p>Nessuna pubblicazione nel periodo.</p>");
  else
    e |= sila_buf_puts(b, "<table><thead><tr><th scope=\"col\">Ufficio</th><th scope=\"col\">"
                          "Dataset</th><th scope=\"col\">Stato</th><th scope=\"col\">"
                          "Pubblicazioni</th><th scope=\"col\">Ultima</th></tr></thead><tbody>");
  json_array_foreach(offices, i, o) json_array_foreach(json_object_get(o, "datasets"), j, d) {
    e |= sila_buf_puts(b, "<tr><td>") | esc(b, S(o, "office")) | sila_buf_puts(b, "</td><td>") |
         esc(b, S(d, "title")) | sila_buf_printf(b, "</td><td>%s</td><td class=\"n\">%lld</td><td>",
                                                 !strcmp(S(d, "status"), "new") ? "nuovo" : "aggiornato",
                                                 I(d, "publishes")) |
         date_it(b, S(d, "last")) | sila_buf_puts(b, "</td></tr>");
  }
  if (json_array_size(offices))
    e |= sila_buf_puts(b, "</tbody></table>");
  e |= sila_buf_puts(b, "</section>");
  /* plan */
  json_t *plan = json_object_get(m, "plan");
  e |= sila_buf_printf(b,
                       "<section><h2>Avanzamento del piano di rilascio</h2><p>Previsti nel "
                       "periodo: <b>%lld</b> · pubblicati nel periodo: <b>%lld</b> (%lld nei "
                       "tempi) · in ritardo: <b class=\"late\">%lld</b> · ancora da rilasciare: "
                       "%lld su %lld.</p>",
                       I(plan, "due_in_period"), I(plan, "published_in_period"),
                       I(plan, "published_on_time"), I(plan, "late"), I(plan, "active"),
                       I(plan, "total"));
  e |= sila_buf_puts(b, "<table><thead><tr><th scope=\"col\">Dataset previsto</th><th "
                        "scope=\"col\">Ufficio</th><th scope=\"col\">Priorità</th><th "
                        "scope=\"col\">Data prevista</th><th scope=\"col\">Stato</th></tr>"
                        "</thead><tbody>");
  json_array_foreach(json_object_get(plan, "items"), i, d) {
    SilaPlanStatus ps = SILA_PLAN_PLANNED;
    sila_plan_status_parse(S(d, "status"), &ps);
    bool late = json_is_true(json_object_get(d, "late"));
    e |= sila_buf_puts(b, "<tr><td>") | esc(b, S(d, "title")) | sila_buf_puts(b, "</td><td>") |
         esc(b, S(d, "office")) |
         sila_buf_printf(b, "</td><td>%s</td><td>",
                         I(d, "priority") == 1 ? "alta" : I(d, "priority") == 3 ? "bassa" : "media") |
         date_it(b, S(d, "planned")) |
         sila_buf_printf(b, "</td><td%s>%s%s", late ? " class=\"late\"" : "",
                         sila_plan_status_it(ps), late ? " (in ritardo)" : "");
    if (ps == SILA_PLAN_PUBLISHED)
      e |= sila_buf_puts(b, " il ") | date_it(b, S(d, "published"));
    e |= sila_buf_puts(b, "</td></tr>");
  }
  e |= sila_buf_puts(b, "</tbody></table></section>");
  /* requests */
  json_t *req = json_object_get(m, "requests");
  e |= sila_buf_printf(b,
                       "<section><h2>Richieste di dati</h2><table><thead><tr><th scope=\"col\">"
                       "Ricevute nel periodo</th><th scope=\"col\">Con risposta</th><th "
                       "scope=\"col\">Collegate al piano</th><th scope=\"col\">Chiuse</th><th "
                       "scope=\"col\">Ancora aperte</th><th scope=\"col\">Aperte in totale</th>"
                       "</tr></thead><tbody><tr><td class=\"n\">%lld</td><td class=\"n\">%lld"
                       "</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td><td class=\"n\">"
                       "%lld</td><td class=\"n\">%lld</td></tr></tbody></table></section>",
                       I(req, "received"), I(req, "answered"), I(req, "linked"), I(req, "closed"),
                       I(req, "open"), I(req, "open_total"));
  /* usage */
  json_t *usage = json_object_get(m, "usage"), *uds = json_object_get(usage, "datasets");
  size_t nu = json_array_size(uds);
  e |= sila_buf_puts(b, "<section><h2>Utilizzo per dataset</h2>");
  if (!nu) {
    e |= sila_buf_puts(b, "<p>Nessun utilizzo registrato nel periodo.</p>");
  } else {
    const char **labels = calloc(nu, sizeof *labels);
    long long *vals = calloc(nu, sizeof *vals);
    if (!labels || !vals) {
      free(labels);
      free(vals);
      return -1;
    }
    json_array_foreach(uds, i, d) {
      labels[i] = S(d, "title");
      vals[i] = I(d, "total");
    }
    e |= svg_bars(b, "Utilizzi per dataset nel periodo", labels, vals, nu);
    free(labels);
    free(vals);
    e |= sila_buf_puts(b, "<table><thead><tr><th scope=\"col\">Dataset</th>");
    for (int k = 0; k < SILA_USE_KINDS; k++)
      e |= sila_buf_printf(b, "<th scope=\"col\">%s</th>", sila_usage_kind_it(k));
    e |= sila_buf_puts(b, "<th scope=\"col\">Totale</th></tr></thead><tbody>");
    json_array_foreach(uds, i, d) {
      e |= sila_buf_puts(b, "<tr><td>") | esc(b, S(d, "title")) | sila_buf_puts(b, "</td>");
      for (int k = 0; k < SILA_USE_KINDS; k++)
        e |= sila_buf_printf(b, "<td class=\"n\">%lld</td>", I(d, sila_usage_kind_name(k)));
      e |= sila_buf_printf(b, "<td class=\"n\">%lld</td></tr>", I(d, "total"));
    }
    e |= sila_buf_puts(b, "</tbody></table>");
    json_t *months = json_object_get(usage, "months");
    size_t nm = json_array_size(months);
    if (nm) {
      const char **ml = calloc(nm, sizeof *ml);
      long long *mv = calloc(nm, sizeof *mv);
      if (ml && mv) {
        json_array_foreach(months, i, d) {
          ml[i] = S(d, "month");
          mv[i] = I(d, "total");
        }
        e |= svg_bars(b, "Utilizzi per mese", ml, mv, nm);
        e |= sila_buf_puts(b, "<table><thead><tr><th scope=\"col\">Mese</th><th scope=\"col\">"
                              "Utilizzi</th></tr></thead><tbody>");
        for (size_t x = 0; x < nm; x++)
          e |= sila_buf_printf(b, "<tr><td>%s</td><td class=\"n\">%lld</td></tr>", ml[x], mv[x]);
        e |= sila_buf_puts(b, "</tbody></table>");
      }
      free(ml);
      free(mv);
    }
  }
  e |= sila_buf_puts(b, "</section>");
  /* quality */
  e |= sila_buf_puts(b, "<section><h2>Qualità dei dataset</h2><p>Tra parentesi la variazione "
                        "rispetto all'ultima pubblicazione prima del periodo.</p><table><thead>"
                        "<tr><th scope=\"col\">Dataset</th><th scope=\"col\">Stelle</th><th "
                        "scope=\"col\">Completezza DCAT-AP_IT %</th><th scope=\"col\">Errori"
                        "</th><th scope=\"col\">Avvisi</th><th scope=\"col\">Collegati a IRI "
                        "nazionali %</th><th scope=\"col\">Aggiornamento</th></tr></thead><tbody>");
  json_array_foreach(json_object_get(m, "quality"), i, d) {
    bool late = json_is_true(json_object_get(d, "late"));
    e |= sila_buf_puts(b, "<tr><td>") | esc(b, S(d, "title")) | sila_buf_puts(b, "</td>");
    e |= move(b, d, "stars", "stars_before", false) |
         move(b, d, "completeness", "completeness_before", false) |
         move(b, d, "errors", "errors_before", true) |
         move(b, d, "warnings", "warnings_before", true) |
         move(b, d, "linked_pct", "linked_pct_before", false);
    /* the frequency in words ("annuale"), the EU code only when unknown */
    const char *code = S(d, "frequency"), *freq = sila_frequency_it(code, strlen(code));
    if (!freq)
      freq = code[0] ? code : "non indicato";
    if (!sila_quality_late_after(code))
      e |= sila_buf_printf(b, "<td>modificato %lld giorni fa; nessuna soglia (aggiornamento %s)"
                              "</td></tr>",
                           I(d, "age_days"), freq);
    else
      e |= sila_buf_printf(b, "<td%s>%s, %lld giorni fa (aggiornamento %s)</td></tr>",
                           late ? " class=\"late\"" : "", late ? "in ritardo" : "regolare",
                           I(d, "age_days"), freq);
  }
  e |= sila_buf_puts(b, "</tbody></table></section></main><footer><p>Generato da Sila dai dati "
                        "del portale dati.calabria.it.</p></footer></body></html>\n");
  return e;
}

SilaStatus sila_report_write(json_t *model, SilaReportFormat fmt, SilaWriteFn write, void *ctx) {
  SilaBuf b = SILA_BUF_INIT;
  int e = 0;
  if (fmt == SILA_REPORT_JSON) {
    char *s = json_dumps(model, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    e = !s || sila_buf_puts(&b, s) || sila_buf_putc(&b, '\n');
    free(s);
  } else if (fmt == SILA_REPORT_CSV) {
    e = write_csv(model, &b);
  } else {
    e = write_html(model, &b);
  }
  SilaStatus st = e ? SILA_ERR_NOMEM : write(ctx, b.data ? b.data : "", b.len);
  sila_buf_free(&b);
  return st;
}
