/* prog_pages.c — the public pages of the programme's work: the release
 * plan (/piano: what is coming, what is late), the data requests
 * (/richieste: the form "Richiedi un dataset" and every request's state;
 * the contact is never shown) and quality over time (/qualita: datasets
 * with problems first).  All in the portal's page shell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_html.h"
#include "prog_web.h"
#include "sila_plan.h"
#include "sila_prog.h"

static int date_cell(SilaBuf *out, const char *d) {
  char buf[48];
  if (d && *d && ld_date_it(d, strlen(d), buf, sizeof buf)) {
    return sila_buf_puts(out, "<time datetime=\"") | ld_escs(out, d) |
           sila_buf_puts(out, "\">") | ld_escs(out, buf) | sila_buf_puts(out, "</time>");
  }
  return ld_escs(out, d && *d ? d : "—");
}

static const char *priority_it(int p) { return p == 1 ? "alta" : p == 3 ? "bassa" : "media"; }

static int plan_table(SilaBuf *out, const char *base, const SilaPlanItem *items, size_t n,
                      const char *today, const char *id, const char *caption, int which) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++) {
    bool late = sila_plan_is_late(&items[i], today);
    int w = late ? 0
            : items[i].status == SILA_PLAN_PUBLISHED ? 2
            : items[i].status == SILA_PLAN_DROPPED   ? 3
                                                     : 1;
    count += w == which;
  }
  int e = sila_buf_printf(out, "<h2 id=\"%s\">%s <span class=\"badge bg-secondary\">%zu</span>"
                               "</h2>\n", id, caption, count);
  if (!count)
    return e | sila_buf_puts(out, "<p>Nessun dataset.</p>\n");
  /* the region's name is the table's caption: a screen reader lists the
   * page's tables by what they hold, not as "Tabella" each */
  e |= sila_buf_printf(out, "<div class=\"table-responsive\" tabindex=\"0\" role=\"region\" "
                            "aria-label=\"Piano: %s\"><table class=\"table\">\n<caption>",
                       caption);
  e |= sila_buf_puts(out, caption);
  e |= sila_buf_puts(out, "</caption>\n<thead><tr><th scope=\"col\">Dataset</th><th scope=\"col\">"
                          "Ufficio</th><th scope=\"col\">Priorità</th><th scope=\"col\">Data "
                          "prevista</th><th scope=\"col\">Stato</th></tr></thead>\n<tbody>\n");
  for (size_t i = 0; i < n; i++) {
    const SilaPlanItem *it = &items[i];
    bool late = sila_plan_is_late(it, today);
    int w = late ? 0
            : it->status == SILA_PLAN_PUBLISHED ? 2
            : it->status == SILA_PLAN_DROPPED   ? 3
                                                : 1;
    if (w != which)
      continue;
    e |= sila_buf_printf(out, "<tr id=\"piano-%s\"><td><strong>", it->id);
    e |= ld_escs(out, it->title) | sila_buf_puts(out, "</strong>");
    if (it->description && *it->description)
      e |= sila_buf_puts(out, "<br><small>") | ld_escs(out, it->description) |
           sila_buf_puts(out, "</small>");
    e |= sila_buf_puts(out, "</td><td>") | ld_escs(out, it->office ? it->office : "") |
         sila_buf_printf(out, "</td><td>%s</td><td>", priority_it(it->priority)) |
         date_cell(out, it->planned) | sila_buf_puts(out, "</td><td>");
    if (late) {
      long days = sila_prog_days_between(it->planned, today);
      e |= sila_buf_printf(out, "<strong class=\"text-danger\">in ritardo di %ld giorn%s</strong> "
                                "(%s)", days, days == 1 ? "o" : "i",
                           sila_plan_status_it(it->status));
    } else if (it->status == SILA_PLAN_PUBLISHED) {
      e |= sila_buf_puts(out, "pubblicato il ") | date_cell(out, it->published);
      if (it->dataset) {
        e |= sila_buf_puts(out, ": ");
        SilaBuf path = SILA_BUF_INIT;
        int k = sila_ld_doc_path(base, it->dataset, strlen(it->dataset), &path);
        if (k > 0 && !sila_buf_putc(&path, 0))
          e |= sila_buf_puts(out, "<a href=\"") | ld_escs(out, path.data) |
               sila_buf_puts(out, "\">vai al dataset</a>");
        else
          e |= ld_escs(out, it->dataset);
        sila_buf_free(&path);
      }
    } else if (it->status == SILA_PLAN_DROPPED) {
      e |= sila_buf_puts(out, "abbandonato");
      if (it->reason)
        e |= sila_buf_puts(out, ": ") | ld_escs(out, it->reason);
    } else {
      e |= ld_escs(out, sila_plan_status_it(it->status));
    }
    e |= sila_buf_puts(out, "</td></tr>\n");
  }
  return e | sila_buf_puts(out, "</tbody></table></div>\n");
}

int prog_page_plan(SilaBuf *out, SilaTxn *txn, const char *base, const char *today) {
  SilaPlanItem *items = NULL;
  size_t n = 0;
  if (sila_plan_list(txn, base, &items, &n))
    n = 0;
  size_t late = 0;
  for (size_t i = 0; i < n; i++)
    late += sila_plan_is_late(&items[i], today);
  int e = ld_page_begin(out, "Piano di rilascio dei dataset", strlen("Piano di rilascio dei dataset"));
  e |= sila_buf_puts(out, "<h1>Piano di rilascio dei dataset</h1>\n<p class=\"lead\">I dataset "
                          "che la Regione Calabria si è impegnata a pubblicare, con l'ufficio "
                          "responsabile e la data prevista. Un dataset è <strong>in "
                          "ritardo</strong> quando la data prevista è passata e non è ancora "
                          "pubblicato.</p>\n");
  e |= sila_buf_printf(out, "<p>%zu dataset nel piano, %zu in ritardo. Il piano è anche un "
                            "grafo RDF (DCAT): <a href=\"/piano.ttl\">il piano in Turtle</a> · "
                            "vuoi un dataset che non c'è? <a href=\"/richieste\">Richiedilo"
                            "</a>.</p>\n", n, late);
  e |= plan_table(out, base, items, n, today, "in-ritardo", "In ritardo", 0);
  e |= plan_table(out, base, items, n, today, "in-arrivo", "In arrivo", 1);
  e |= plan_table(out, base, items, n, today, "pubblicati", "Pubblicati", 2);
  e |= plan_table(out, base, items, n, today, "abbandonati", "Abbandonati", 3);
  sila_plan_items_free(items, n);
  return e | ld_page_end(out);
}

static int text_multiline(SilaBuf *out, const char *s) {
  int e = 0;
  for (const char *p = s; p && *p; p++) {
    if (*p == '\n')
      e |= sila_buf_puts(out, "<br>");
    else if (*p != '\r')
      e |= ld_esc(out, p, 1);
  }
  return e;
}

int prog_page_requests(SilaBuf *out, SilaTxn *txn, const ProgForm *f) {
  int e = ld_page_begin(out, "Richiedi un dataset", strlen("Richiedi un dataset"));
  e |= sila_buf_puts(out, "<h1>Richiedi un dataset</h1>\n<p class=\"lead\">Quali dati della "
                          "Regione vi servono e non trovate nel portale? Le richieste guidano "
                          "il <a href=\"/piano\">piano di rilascio</a> e sono pubblicate qui "
                          "sotto con il loro stato.</p>\n");
  if (f->message)
    e |= sila_buf_printf(out, "<div class=\"alert %s\" role=\"%s\" id=\"esito\">",
                         f->error ? "alert-danger" : "alert-success",
                         f->error ? "alert" : "status") |
         ld_escs(out, f->message) | sila_buf_puts(out, "</div>\n");
  e |= sila_buf_puts(out, "<form method=\"post\" action=\"/richieste\" id=\"richiesta\" "
                          "class=\"mb-5\">\n<div class=\"mb-3\"><label class=\"form-label\" "
                          "for=\"what\">Quali dati? (obbligatorio)</label><input class=\""
                          "form-control\" id=\"what\" name=\"what\" required maxlength=\"300\" "
                          "value=\"");
  e |= ld_escs(out, f->what ? f->what : "");
  e |= sila_buf_puts(out, "\"></div>\n<div class=\"mb-3\"><label class=\"form-label\" "
                          "for=\"why\">A cosa vi servono? (obbligatorio)</label><textarea "
                          "class=\"form-control\" id=\"why\" name=\"why\" required "
                          "maxlength=\"2000\" rows=\"4\">");
  e |= ld_escs(out, f->why ? f->why : "");
  e |= sila_buf_puts(out, "</textarea></div>\n<div class=\"mb-3\"><label class=\"form-label\" "
                          "for=\"contact\">Un contatto per la risposta (facoltativo)</label>"
                          "<input class=\"form-control\" id=\"contact\" name=\"contact\" "
                          "maxlength=\"200\" aria-describedby=\"contact-note\" value=\"");
  e |= ld_escs(out, f->contact ? f->contact : "");
  e |= sila_buf_puts(out, "\"><small id=\"contact-note\" class=\"form-text\">Il contatto serve "
                          "solo a rispondervi: non è pubblicato. Non conserviamo altro che "
                          "quello che scrivete (nessun indirizzo IP).</small></div>\n"
                          "<div hidden><label for=\"sito\">Non compilate questo campo</label>"
                          "<input id=\"sito\" name=\"sito\" tabindex=\"-1\" "
                          "autocomplete=\"off\"></div>\n<input type=\"hidden\" name=\"token\" "
                          "value=\"");
  e |= ld_escs(out, f->token ? f->token : "");
  e |= sila_buf_puts(out, "\">\n<button class=\"btn btn-primary\" type=\"submit\">Invia la "
                          "richiesta</button>\n</form>\n");
  SilaRequest *r = NULL;
  size_t n = 0;
  if (sila_request_list(txn, &r, &n))
    n = 0;
  e |= sila_buf_printf(out, "<h2 id=\"elenco\">Le richieste ricevute <span class=\"badge "
                            "bg-secondary\">%zu</span></h2>\n", n);
  if (!n)
    e |= sila_buf_puts(out, "<p>Nessuna richiesta per ora.</p>\n");
  else
    e |= sila_buf_puts(out, "<div class=\"table-responsive\" tabindex=\"0\" role=\"region\" aria-label=\"Richieste di dati\"><table class=\"table\">\n<caption>"
                            "Richieste di dati, dalla più recente</caption>\n<thead><tr><th "
                            "scope=\"col\">N.</th><th scope=\"col\">Ricevuta</th><th "
                            "scope=\"col\">Richiesta</th><th scope=\"col\">Stato</th></tr>"
                            "</thead>\n<tbody>\n");
  for (size_t k = n; k-- > 0;) {
    e |= sila_buf_printf(out, "<tr id=\"richiesta-%llu\"><td>%llu</td><td>",
                         (unsigned long long)r[k].id, (unsigned long long)r[k].id);
    e |= date_cell(out, r[k].received) | sila_buf_puts(out, "</td><td><strong>") |
         ld_escs(out, r[k].what) | sila_buf_puts(out, "</strong>");
    if (r[k].why)
      e |= sila_buf_puts(out, "<br><small>") | text_multiline(out, r[k].why) |
           sila_buf_puts(out, "</small>");
    e |= sila_buf_puts(out, "</td><td>") | ld_escs(out, sila_request_state_it(r[k].state));
    /* the moderation so far: a link to the plan, the answer, the reason
     * of a closing (whatever came first stays shown) */
    if (r[k].plan)
      e |= sila_buf_puts(out, ": <a href=\"/piano#piano-") | ld_escs(out, r[k].plan) |
           sila_buf_puts(out, "\">nel piano</a>");
    if (r[k].answer)
      e |= sila_buf_puts(out, "<div class=\"risposta\"><strong>Risposta:</strong> ") |
           text_multiline(out, r[k].answer) | sila_buf_puts(out, "</div>");
    if (r[k].state == SILA_REQ_CLOSED && r[k].reason)
      e |= sila_buf_puts(out, "<div class=\"motivo\"><strong>Motivo:</strong> ") |
           text_multiline(out, r[k].reason) | sila_buf_puts(out, "</div>");
    e |= sila_buf_puts(out, "</td></tr>\n");
  }
  if (n)
    e |= sila_buf_puts(out, "</tbody></table></div>\n");
  sila_requests_free(r, n);
  return e | ld_page_end(out);
}

typedef struct {
  const SilaQualityRecord *last, *prev;
  bool late;
  long age;
  int score; /* higher = worse */
} QRow;

static int cmp_rows(const void *a, const void *b) {
  const QRow *x = a, *y = b;
  if (x->score != y->score)
    return y->score - x->score;
  return strcmp(x->last->slug, y->last->slug);
}

static int delta(SilaBuf *out, long long now, const SilaQualityRecord *prev, long long before,
                 bool lower_better) {
  int e = sila_buf_printf(out, "<td>%lld", now);
  if (prev && now != before) {
    bool better = lower_better ? now < before : now > before;
    e |= sila_buf_printf(out, " <small class=\"%s\">(%s%lld, %s)</small>",
                         better ? "text-success" : "text-danger", now > before ? "+" : "",
                         now - before, better ? "meglio" : "peggio");
  }
  return e | sila_buf_puts(out, "</td>");
}

int prog_page_quality(SilaBuf *out, SilaTxn *txn, const char *today) {
  SilaQualityRecord *q = NULL;
  size_t nq = 0;
  if (sila_quality_history(txn, &q, &nq))
    nq = 0;
  QRow *rows = calloc(nq ? nq : 1, sizeof *rows);
  size_t nr = 0;
  for (size_t i = 0; rows && i < nq;) {
    size_t j = i;
    while (j < nq && !strcmp(q[j].slug, q[i].slug))
      j++;
    QRow *r = &rows[nr++];
    r->last = &q[j - 1];
    r->prev = j - 1 > i ? &q[j - 2] : NULL;
    r->late = sila_quality_is_late(r->last, today, &r->age);
    r->score = (!r->last->published) * 8 + (r->last->errors > 0) * 4 + r->late * 4 +
               (r->last->warnings > 0) * 2 + (r->last->completeness < 100) +
               (r->last->stars < 5);
    i = j;
  }
  if (rows)
    qsort(rows, nr, sizeof *rows, cmp_rows);
  int e = ld_page_begin(out, "Qualità dei dataset", strlen("Qualità dei dataset")) | (rows ? 0 : -1);
  e |= sila_buf_puts(out, "<h1>Qualità dei dataset</h1>\n<p class=\"lead\">Per ogni dataset "
                          "l'esito dell'ultima pubblicazione: stelle dei dati aperti, "
                          "completezza della descrizione DCAT-AP_IT, errori e avvisi, quota di "
                          "valori collegati a IRI nazionali e aggiornamento rispetto alla "
                          "frequenza dichiarata. Prima i dataset con problemi; tra parentesi la "
                          "variazione rispetto alla pubblicazione precedente.</p>\n");
  e |= sila_buf_puts(out, "<p>Soglie di ritardo (giorni dall'ultima modifica): giornaliero 2, "
                          "settimanale 10, mensile 45, trimestrale 135, semestrale 270, annuale "
                          "545; nessuna per frequenze irregolari o non indicate.</p>\n");
  if (!nr)
    e |= sila_buf_puts(out, "<p>Nessuna pubblicazione registrata.</p>\n");
  else
    e |= sila_buf_puts(out, "<div class=\"table-responsive\" tabindex=\"0\" role=\"region\" aria-label=\"Qualità per dataset\"><table class=\"table\">\n<caption>"
                            "Qualità per dataset, prima quelli con problemi</caption>\n<thead>"
                            "<tr><th scope=\"col\">Dataset</th><th scope=\"col\">Ufficio</th>"
                            "<th scope=\"col\">Ultima pubblicazione</th><th scope=\"col\">"
                            "Stelle</th><th scope=\"col\">Completezza DCAT-AP_IT (%)</th><th "
                            "scope=\"col\">Errori</th><th scope=\"col\">Avvisi</th><th "
                            "scope=\"col\">Collegati a IRI nazionali (%)</th><th scope=\"col\">"
                            "Aggiornamento</th></tr></thead>\n<tbody>\n");
  for (size_t i = 0; i < nr; i++) {
    const SilaQualityRecord *l = rows[i].last, *p = rows[i].prev;
    e |= sila_buf_printf(out, "<tr id=\"q-%s\"%s><td><a href=\"/set/%s\">", l->slug,
                         rows[i].score ? " data-problemi=\"1\"" : "", l->slug);
    e |= ld_escs(out, l->title[0] ? l->title : l->slug) | sila_buf_puts(out, "</a></td><td>") |
         ld_escs(out, l->office) | sila_buf_puts(out, "</td><td>") | date_cell(out, l->date);
    if (!l->published)
      e |= sila_buf_puts(out, " <strong class=\"text-danger\">rifiutata</strong>");
    e |= sila_buf_puts(out, "</td>");
    e |= delta(out, l->stars, p, p ? p->stars : 0, false) |
         delta(out, l->completeness, p, p ? p->completeness : 0, false) |
         delta(out, (long long)l->errors, p, p ? (long long)p->errors : 0, true) |
         delta(out, (long long)l->warnings, p, p ? (long long)p->warnings : 0, true) |
         delta(out, l->linked_pct, p, p ? p->linked_pct : 0, false);
    int limit = sila_quality_late_after(l->frequency);
    /* the frequency in words ("annuale"), the EU code only when unknown */
    const char *freq = sila_frequency_it(l->frequency, strlen(l->frequency));
    if (!freq)
      freq = l->frequency[0] ? l->frequency : "non indicato";
    if (rows[i].late)
      e |= sila_buf_printf(out, "<td><strong class=\"text-danger\">in ritardo</strong>: "
                                "modificato %ld giorni fa (aggiornamento %s, soglia %d "
                                "giorni)</td>",
                           rows[i].age, freq, limit);
    else if (limit)
      e |= sila_buf_printf(out, "<td>regolare: modificato %ld giorni fa (aggiornamento %s)</td>",
                           rows[i].age, freq);
    else
      e |= sila_buf_printf(out, "<td>aggiornamento %s: nessuna soglia</td>", freq);
    e |= sila_buf_puts(out, "</tr>\n");
  }
  if (nr)
    e |= sila_buf_puts(out, "</tbody></table></div>\n");
  /* the history, per dataset */
  if (nr)
    e |= sila_buf_puts(out, "<h2 id=\"storico\">Storico delle pubblicazioni</h2>\n");
  for (size_t i = 0; i < nq;) {
    size_t j = i;
    while (j < nq && !strcmp(q[j].slug, q[i].slug))
      j++;
    const char *name = q[j - 1].title[0] ? q[j - 1].title : q[j - 1].slug;
    e |= sila_buf_puts(out, "<details class=\"mb-2\"><summary>") | ld_escs(out, name) |
         sila_buf_printf(out, " (%zu pubblicazion%s)</summary>\n<div class=\"table-responsive\" "
                              "tabindex=\"0\" role=\"region\" aria-label=\"Storico di ",
                         j - i, j - i == 1 ? "e" : "i") |
         ld_escs(out, name) | sila_buf_puts(out, "\"><table class=\"table\"><caption>Storico di ") |
         ld_escs(out, name) |
         sila_buf_puts(out, "</caption><thead><tr><th scope=\"col\">Data</th><th scope=\"col\">"
                            "Esito</th><th scope=\"col\">Stelle</th><th scope=\"col\">"
                            "Completezza</th><th scope=\"col\">Errori</th><th scope=\"col\">"
                            "Avvisi</th><th scope=\"col\">Triple</th><th scope=\"col\">"
                            "Collegati (%)</th></tr></thead><tbody>");
    for (size_t k = i; k < j; k++)
      e |= sila_buf_puts(out, "<tr><td>") | date_cell(out, q[k].date) |
           sila_buf_printf(out, "</td><td>%s</td><td>%d</td><td>%d</td><td>%llu</td><td>%llu"
                                "</td><td>%llu</td><td>%d</td></tr>",
                           q[k].published ? "pubblicato" : "rifiutato", q[k].stars,
                           q[k].completeness, (unsigned long long)q[k].errors,
                           (unsigned long long)q[k].warnings, (unsigned long long)q[k].triples,
                           q[k].linked_pct);
    e |= sila_buf_puts(out, "</tbody></table></div></details>\n");
    i = j;
  }
  free(rows);
  free(q);
  return e | ld_page_end(out);
}
