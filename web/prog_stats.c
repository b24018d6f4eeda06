/* prog_stats.c — /statistiche: usage per dataset and per day from the
 * daily aggregates and the counters not yet flushed (sila_usage_read_live),
 * as HTML with Chart.js charts (each with its table, which is what screen readers and printers get), as CSV
 * (one row per day and dataset) and as JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_html.h"
#include "prog_web.h"
#include "sila_prog.h"

typedef struct {
  char slug[128];
  uint64_t n[SILA_USE_KINDS];
} Tot;

static size_t per_dataset(const SilaUsageRow *rows, size_t n, Tot *out) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    size_t k = 0;
    while (k < m && strcmp(out[k].slug, rows[i].slug))
      k++;
    if (k == m) {
      memset(&out[m], 0, sizeof out[m]);
      memcpy(out[m].slug, rows[i].slug, sizeof out[m].slug);
      m++;
    }
    for (int j = 0; j < SILA_USE_KINDS; j++)
      out[k].n[j] += rows[i].n[j];
  }
  return m;
}

static size_t per_day(const SilaUsageRow *rows, size_t n, Tot *out) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++) { /* rows come by day */
    if (!m || strcmp(out[m - 1].slug, rows[i].day)) {
      memset(&out[m], 0, sizeof out[m]);
      memcpy(out[m].slug, rows[i].day, 11);
      m++;
    }
    for (int j = 0; j < SILA_USE_KINDS; j++)
      out[m - 1].n[j] += rows[i].n[j];
  }
  return m;
}

static int csv(SilaBuf *out, const SilaUsageRow *rows, size_t n) {
  int e = sila_buf_puts(out, "day,dataset");
  for (int k = 0; k < SILA_USE_KINDS; k++)
    e |= sila_buf_printf(out, ",%s", sila_usage_kind_name(k));
  e |= sila_buf_puts(out, "\r\n");
  for (size_t i = 0; i < n; i++) {
    e |= sila_buf_printf(out, "%s,%s", rows[i].day, rows[i].slug);
    for (int k = 0; k < SILA_USE_KINDS; k++)
      e |= sila_buf_printf(out, ",%llu", (unsigned long long)rows[i].n[k]);
    e |= sila_buf_puts(out, "\r\n");
  }
  return e;
}

static int json_counts(SilaBuf *out, const uint64_t *n) {
  int e = 0;
  for (int k = 0; k < SILA_USE_KINDS; k++)
    e |= sila_buf_printf(out, "%s\"%s\":%llu", k ? "," : "", sila_usage_kind_name(k),
                         (unsigned long long)n[k]);
  return e;
}

static int json(SilaBuf *out, const char *from, const char *to, const SilaUsageRow *rows,
                size_t n, const Tot *ds, size_t nds) {
  int e = sila_buf_printf(out, "{\"from\":\"%s\",\"to\":\"%s\",\"datasets\":[", from, to);
  for (size_t i = 0; i < nds; i++) {
    e |= sila_buf_puts(out, i ? ",{\"dataset\":" : "{\"dataset\":") |
         ld_json_string(out, ds[i].slug, strlen(ds[i].slug)) | sila_buf_putc(out, ',') |
         json_counts(out, ds[i].n) | sila_buf_putc(out, '}');
  }
  e |= sila_buf_puts(out, "],\"days\":[");
  for (size_t i = 0; i < n; i++) {
    e |= sila_buf_printf(out, "%s{\"day\":\"%s\",\"dataset\":", i ? "," : "", rows[i].day) |
         ld_json_string(out, rows[i].slug, strlen(rows[i].slug)) | sila_buf_putc(out, ',') |
         json_counts(out, rows[i].n) | sila_buf_putc(out, '}');
  }
  return e | sila_buf_puts(out, "]}\n");
}

/* A dataset's name for a person, as text: its title in the catalogue (the
 * label of {base}/set/{slug}), else the slug. */
static int dataset_label(SilaBuf *out, SilaTxn *txn, const char *base, const char *slug) {
  SilaBuf iri = SILA_BUF_INIT;
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  int e = sila_buf_printf(&iri, "%s/set/%s", ld_base(base), slug) < 0;
  SilaId id = e || !txn ? SILA_ID_ANY : ld_iri_id(txn, iri.data);
  sila_buf_free(&iri);
  if (id != SILA_ID_ANY && ld_best_label(txn, id, &t, tb))
    return e | sila_buf_append(out, t.value, t.value_len);
  return e | sila_buf_puts(out, slug);
}

/* The same, escaped for HTML. */
static int dataset_name(SilaBuf *out, SilaTxn *txn, const char *base, const char *slug) {
  SilaBuf name = SILA_BUF_INIT;
  int e = dataset_label(&name, txn, base, slug);
  e |= ld_esc(out, name.data ? name.data : "", name.len);
  sila_buf_free(&name);
  return e;
}

/* The rows of the table: datasets (txn set: each its title, linked to its
 * page) or days. */
static int table(SilaBuf *out, SilaTxn *txn, const char *base, const char *caption,
                 const char *first, const Tot *t, size_t n) {
  int e = sila_buf_puts(out, "<div class=\"table-responsive\" tabindex=\"0\" role=\"region\" "
                             "aria-label=\"") |
          ld_escs(out, caption) |
          sila_buf_puts(out, "\"><table class=\"table\"><caption>") |
          ld_escs(out, caption) |
          sila_buf_printf(out, "</caption><thead><tr><th scope=\"col\">%s</th>", first);
  for (int k = 0; k < SILA_USE_KINDS; k++)
    e |= sila_buf_printf(out, "<th scope=\"col\">%s</th>", sila_usage_kind_it(k));
  e |= sila_buf_puts(out, "</tr></thead><tbody>");
  for (size_t i = 0; i < n; i++) {
    e |= sila_buf_puts(out, "<tr><th scope=\"row\">");
    if (!strcmp(t[i].slug, "*"))
      e |= sila_buf_puts(out, "(query senza grafo)");
    else if (txn)
      e |= sila_buf_puts(out, "<a href=\"/set/") | ld_escs(out, t[i].slug) |
           sila_buf_puts(out, "\">") | dataset_name(out, txn, base, t[i].slug) |
           sila_buf_puts(out, "</a>");
    else
      e |= ld_escs(out, t[i].slug);
    e |= sila_buf_puts(out, "</th>");
    for (int k = 0; k < SILA_USE_KINDS; k++)
      e |= sila_buf_puts(out, "<td>") | ld_count_it(out, t[i].n[k]) | sila_buf_puts(out, "</td>");
    e |= sila_buf_puts(out, "</tr>");
  }
  return e | sila_buf_puts(out, "</tbody></table></div>\n");
}

/* The chart's numbers as JSON; its labels are the datasets' titles (txn
 * set, as in the table) or the days. */
static int chart_data(SilaBuf *out, SilaTxn *txn, const char *base, const char *id, const Tot *t,
                      size_t n) {
  int e = sila_buf_printf(out, "<script type=\"application/json\" id=\"%s\">{\"labels\":[", id);
  for (size_t i = 0; i < n; i++) {
    SilaBuf name = SILA_BUF_INIT;
    if (txn && strcmp(t[i].slug, "*"))
      e |= dataset_label(&name, txn, base, t[i].slug);
    else
      e |= sila_buf_puts(&name, t[i].slug);
    e |= (i ? sila_buf_putc(out, ',') : 0) | ld_json_string(out, name.data ? name.data : "", name.len);
    sila_buf_free(&name);
  }
  e |= sila_buf_puts(out, "],\"series\":[");
  for (int k = 0; k < SILA_USE_KINDS; k++) {
    e |= sila_buf_printf(out, "%s{\"label\":", k ? "," : "") |
         ld_json_string(out, sila_usage_kind_it(k), strlen(sila_usage_kind_it(k))) |
         sila_buf_puts(out, ",\"data\":[");
    for (size_t i = 0; i < n; i++)
      e |= sila_buf_printf(out, "%s%llu", i ? "," : "", (unsigned long long)t[i].n[k]);
    e |= sila_buf_puts(out, "]}");
  }
  return e | sila_buf_puts(out, "]}</script>\n");
}

int prog_page_stats(SilaBuf *out, SilaStore *store, SilaTxn *txn, const char *base,
                    const char *format, const char *from, const char *to, bool charts) {
  SilaUsageRow *rows = NULL;
  size_t n = 0;
  if (sila_usage_read_live(store, from, to, &rows, &n))
    return -1;
  Tot *ds = calloc(n ? n : 1, sizeof *ds), *days = calloc(n ? n : 1, sizeof *days);
  int e = ds && days ? 0 : -1;
  size_t nds = ds ? per_dataset(rows, n, ds) : 0, ndays = days ? per_day(rows, n, days) : 0;
  if (e) {
  } else if (!strcmp(format, "csv")) {
    e = csv(out, rows, n);
  } else if (!strcmp(format, "json")) {
    e = json(out, from, to, rows, n, ds, nds);
  } else {
    e = ld_page_begin(out, "Statistiche d'uso", strlen("Statistiche d'uso"));
    e |= sila_buf_puts(out, "<h1>Statistiche d'uso</h1>\n<p class=\"lead\">Quanto sono usati i "
                            "dataset: visite alle pagine, dereferenziazioni RDF, download CSV e "
                            "dump, interrogazioni SPARQL che leggono il grafo del dataset (e "
                            "quante arrivano da altri endpoint via SERVICE). Conteggi giornalieri "
                            "aggregati, senza indirizzi IP né altri dati personali; aggiornati "
                            "ogni minuto.</p>\n<p>Periodo: ");
    char a[48], b[48];
    e |= ld_escs(out, ld_date_it(from, 10, a, sizeof a) ? a : from) |
         sila_buf_puts(out, " – ") | ld_escs(out, ld_date_it(to, 10, b, sizeof b) ? b : to);
    e |= sila_buf_printf(out, ". Scarica: <a href=\"/statistiche.csv?from=%s&amp;to=%s\">CSV</a>"
                              " · <a href=\"/statistiche.json?from=%s&amp;to=%s\">JSON</a></p>\n",
                         from, to, from, to);
    e |= sila_buf_printf(out, "<form method=\"get\" action=\"/statistiche\" class=\"row g-2 "
                              "mb-4\"><div class=\"col-auto\"><label class=\"form-label\" "
                              "for=\"from\">Dal</label><input class=\"form-control\" "
                              "type=\"date\" id=\"from\" name=\"from\" value=\"%s\"></div><div "
                              "class=\"col-auto\"><label class=\"form-label\" for=\"to\">Al"
                              "</label><input class=\"form-control\" type=\"date\" id=\"to\" "
                              "name=\"to\" value=\"%s\"></div><div class=\"col-auto "
                              "align-self-end\"><button class=\"btn btn-primary\" "
                              "type=\"submit\">Mostra</button></div></form>\n",
                         from, to);
    if (!n) {
      e |= sila_buf_puts(out, "<p>Nessun utilizzo registrato nel periodo.</p>\n");
    } else {
      e |= sila_buf_puts(out, "<h2 id=\"per-dataset\">Per dataset</h2>\n");
      if (charts)
        e |= sila_buf_puts(out, "<figure class=\"sila-chart\"><canvas id=\"chart-datasets\" "
                                "role=\"img\" aria-label=\"Grafico degli utilizzi per dataset: "
                                "i valori sono nella tabella che segue\" width=\"900\" height=\"320\">"
                                "</canvas></figure>\n") |
             chart_data(out, txn, base, "data-datasets", ds, nds);
      e |= table(out, txn, base, "Utilizzi per dataset nel periodo", "Dataset", ds, nds);
      e |= sila_buf_puts(out, "<h2 id=\"per-giorno\">Per giorno</h2>\n");
      if (charts)
        e |= sila_buf_puts(out, "<figure class=\"sila-chart\"><canvas id=\"chart-days\" "
                                "role=\"img\" aria-label=\"Grafico degli utilizzi per giorno: "
                                "i valori sono nella tabella che segue\" width=\"900\" height=\"320\">"
                                "</canvas></figure>\n") |
             chart_data(out, NULL, base, "data-days", days, ndays);
      e |= table(out, NULL, base, "Utilizzi per giorno nel periodo", "Giorno", days, ndays);
      if (charts)
        e |= sila_buf_puts(out, "<script src=\"/static/chartjs/chart.umd.js\"></script>\n"
                                "<script src=\"/static/sila/stats.js\"></script>\n");
    }
    e |= ld_page_end(out);
  }
  free(rows);
  free(ds);
  free(days);
  return e;
}
