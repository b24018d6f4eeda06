/* pub_report.c — the semiannual report from the publishing area
 * (/pubblica/rapporto, issue 17): a form with the period (by default the
 * last full half-year: January–June or July–December) and the format, and
 * the download — the same bytes `sila report --from --to --format` writes
 * for the same store and day (both call sila_report_model and
 * sila_report_write), as an attachment named
 * rapporto-semestrale-FROM-TO.{html,csv,json}.  The usage counters still
 * in memory are flushed first, so the report counts what /statistiche
 * shows.  Any account of the area may download it. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pub_internal.h"
#include "sila_plan.h"
#include "sila_prog.h"
#include "sila_report.h"

void pub_last_half_year(const char *today, char from[11], char to[11]) {
  int m = atoi(today + 5);
  unsigned y = (unsigned)atoi(today) % 10000u; /* a 4-digit year */
  if (m <= 6) {
    y = (y + 9999u) % 10000u;
    snprintf(from, 11, "%04u-07-01", y);
    snprintf(to, 11, "%04u-12-31", y);
  } else {
    snprintf(from, 11, "%04u-01-01", y);
    snprintf(to, 11, "%04u-06-30", y);
  }
}

static SilaStatus form_page(WebReq *r, const PubSession *s, unsigned status, const char *message) {
  char today[11], from[11], to[11];
  sila_prog_today(today);
  pub_last_half_year(today, from, to);
  const char *f = web_param(r, "da"), *t = web_param(r, "a"), *fmt = web_param(r, "formato");
  SilaBuf p = SILA_BUF_INIT;
  int e = pub_page_open(&p, "Rapporto semestrale", s);
  e |= sila_buf_puts(&p, "<p>Il rapporto sull'avanzamento del programma: dataset pubblicati e "
                         "aggiornati per ufficio, piano di rilascio, richieste, utilizzo e "
                         "qualità. In HTML è un unico file da inviare o stampare (A4); CSV e "
                         "JSON servono per elaborarlo. È lo stesso di <code>sila report</code>."
                         "</p>\n");
  e |= pub_alert(&p, message, true);
  e |= sila_buf_puts(&p, "<form method=\"post\" action=\"/pubblica/rapporto\" id=\"rapporto\" "
                         "class=\"col-md-6 mb-4\">");
  e |= pub_csrf_field(&p, s);
  e |= pub_field(&p, "da", "Dal", "date", f && message ? f : from, "required");
  e |= pub_field(&p, "a", "Al", "date", t && message ? t : to, "required");
  static const char *const fmts[][2] = {{"html", "HTML (da stampare)"}, {"csv", "CSV"},
                                        {"json", "JSON"}};
  e |= pub_select_open(&p, "formato", "Formato");
  for (int i = 0; i < 3; i++)
    e |= sila_buf_printf(&p, "<option value=\"%s\"%s>%s</option>", fmts[i][0],
                         fmt && !strcmp(fmt, fmts[i][0]) ? " selected" : "", fmts[i][1]);
  e |= pub_select_close(&p);
  e |= pub_form_close(&p, "Scarica il rapporto", false, "/pubblica",
                      "Torna all'area di pubblicazione");
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, status, &p);
}

static SilaStatus download(WebReq *r, const PubSession *s) {
  const char *from = web_param(r, "da"), *to = web_param(r, "a"), *fmt = web_param(r, "formato");
  if (!fmt)
    fmt = "html";
  SilaReportFormat f = !strcmp(fmt, "html")   ? SILA_REPORT_HTML
                       : !strcmp(fmt, "csv")  ? SILA_REPORT_CSV
                       : !strcmp(fmt, "json") ? SILA_REPORT_JSON
                                              : (SilaReportFormat)-1;
  if ((int)f < 0)
    return form_page(r, s, 400, "Il formato è HTML, CSV o JSON.");
  if (!from || !to || !sila_plan_date_ok(from) || !sila_plan_date_ok(to))
    return form_page(r, s, 400, "Indica le date del periodo come AAAA-MM-GG.");
  if (strcmp(from, to) > 0)
    return form_page(r, s, 400, "La data di inizio viene dopo quella di fine.");
  SilaStatus st = sila_usage_flush(r->web->store);
  if (st)
    return st;
  char today[11];
  sila_prog_today(today);
  SilaTxn *txn;
  if ((st = sila_txn_begin_read(r->web->store, &txn)))
    return st;
  SilaError err = {0};
  json_t *model = sila_report_model(txn, pub_base(r->web), from, to, today, &err);
  sila_txn_abort(txn);
  if (!model)
    return err.status == SILA_ERR_INVALID ? form_page(r, s, 400, "Il periodo non è valido.")
                                          : err.status;
  SilaBuf out = SILA_BUF_INIT;
  st = sila_report_write(model, f, sila_buf_sink, &out);
  json_decref(model);
  if (st) {
    sila_buf_free(&out);
    return st;
  }
  char cd[128];
  snprintf(cd, sizeof cd, "attachment; filename=\"rapporto-semestrale-%s-%s.%s\"", from, to, fmt);
  web_header(r, "Content-Disposition", cd);
  web_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  web_header(r, "X-Content-Type-Options", "nosniff");
  web_begin(r, 200, f == SILA_REPORT_HTML  ? "text/html; charset=utf-8"
                    : f == SILA_REPORT_CSV ? "text/csv; charset=utf-8"
                                           : "application/json");
  st = web_write(r, out.data ? out.data : "", out.len);
  sila_buf_free(&out);
  return st;
}

SilaStatus pub_report(WebReq *r, const PubSession *s, bool post) {
  return post ? download(r, s) : form_page(r, s, 200, NULL);
}
