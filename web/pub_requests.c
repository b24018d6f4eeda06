/* pub_requests.c — moderating the data requests in the publishing area
 * (/pubblica/richieste, issue 17): the list (open ones first), and for one
 * request: answer it (the answer is public), link it to a planned dataset,
 * close it with a reason (public too).
 *
 * Who: the administrator, every request; a steward, the requests not
 * linked to the plan yet and those linked to a planned dataset of their
 * office, and a steward links only to their office's planned datasets.
 * The contact a requester typed is shown here and nowhere public.  Each
 * change is one audit line ("request-answer", "request-link",
 * "request-close"; no address). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pub_internal.h"
#include "sila_plan.h"
#include "sila_prog.h"

/* May `s` moderate request `q`?  (items: the plan, to find the office of a
 * linked request's item.) */
static bool may_moderate(WebReq *r, const PubSession *s, const SilaRequest *q,
                         const SilaPlanItem *items, size_t n) {
  if (s->user.admin)
    return true;
  if (!s->user.office[0])
    return false;
  if (!q->plan)
    return true;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(items[i].id, q->plan))
      return pub_office_is(r->web, s->user.office, items[i].office);
  return false;
}

typedef struct {
  SilaRequest *reqs;
  size_t nreqs;
  SilaPlanItem *items;
  size_t nitems;
} Moderation;

static void moderation_free(Moderation *m) {
  sila_requests_free(m->reqs, m->nreqs);
  sila_plan_items_free(m->items, m->nitems);
}

static SilaStatus moderation_read(SilaWeb *web, Moderation *m) {
  memset(m, 0, sizeof *m);
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_read(web->store, &txn);
  if (st)
    return st;
  st = sila_request_list(txn, &m->reqs, &m->nreqs);
  if (!st)
    st = sila_plan_list(txn, pub_base(web), &m->items, &m->nitems);
  sila_txn_abort(txn);
  if (st)
    moderation_free(m);
  return st;
}

static int multiline(SilaBuf *p, const char *s) {
  int e = 0;
  for (const char *q = s; *q; q++) {
    size_t k = strcspn(q, "\n");
    e |= ld_esc(p, q, k);
    q += k;
    if (!*q)
      break;
    e |= sila_buf_puts(p, "<br>");
  }
  return e;
}

static int list_rows(SilaBuf *p, WebReq *r, const PubSession *s, const Moderation *m,
                     bool open, unsigned *shown) {
  int e = 0;
  for (size_t i = 0; i < m->nreqs; i++) {
    const SilaRequest *q = &m->reqs[i];
    if ((q->state == SILA_REQ_OPEN) != open || !may_moderate(r, s, q, m->items, m->nitems))
      continue;
    (*shown)++;
    e |= sila_buf_printf(p, "<tr id=\"richiesta-%llu\"><td>%llu</td><td>%s</td><td>"
                            "<a href=\"/pubblica/richieste/%llu\">",
                         (unsigned long long)q->id, (unsigned long long)q->id, q->received,
                         (unsigned long long)q->id);
    e |= ld_escs(p, q->what);
    e |= sila_buf_puts(p, "</a></td><td>");
    e |= ld_escs(p, q->contact ? q->contact : "—");
    e |= sila_buf_puts(p, "</td><td>");
    e |= ld_escs(p, sila_request_state_it(q->state));
    if (q->plan)
      e |= sila_buf_puts(p, " (") | ld_escs(p, q->plan) | sila_buf_puts(p, ")");
    e |= sila_buf_puts(p, "</td></tr>\n");
  }
  return e;
}

static SilaStatus list_page(WebReq *r, const PubSession *s) {
  Moderation m;
  SilaStatus st = moderation_read(r->web, &m);
  if (st)
    return st;
  SilaBuf p = SILA_BUF_INIT;
  int e = pub_page_open(&p, "Richieste di dati", s);
  e |= sila_buf_printf(&p, "<p>Le richieste arrivate dal modulo pubblico <a href=\"/richieste\">"
                           "Richiedi un dataset</a>, prima quelle aperte. Risposte e motivi di "
                           "chiusura sono pubblici; il contatto lasciato da chi chiede è "
                           "visibile solo qui.%s</p>\n",
                       s->user.admin ? ""
                                     : " Vedi le richieste non ancora collegate al piano e "
                                       "quelle collegate ai dataset pianificati del tuo "
                                       "ufficio.");
  e |= sila_buf_puts(&p, "<div class=\"table-responsive\"><table class=\"table table-sm\" "
                         "id=\"richieste-gestione\"><caption>Richieste, prima quelle aperte"
                         "</caption><thead><tr><th scope=\"col\">N.</th><th scope=\"col\">"
                         "Ricevuta</th><th scope=\"col\">Richiesta</th><th scope=\"col\">"
                         "Contatto</th><th scope=\"col\">Stato</th></tr></thead><tbody>\n");
  unsigned shown = 0;
  e |= list_rows(&p, r, s, &m, true, &shown);
  e |= list_rows(&p, r, s, &m, false, &shown);
  if (!shown)
    e |= sila_buf_puts(&p, "<tr><td colspan=\"5\">Nessuna richiesta da gestire.</td></tr>\n");
  e |= sila_buf_puts(&p, "</tbody></table></div>\n<p><a href=\"/pubblica\">Torna all'area di "
                         "pubblicazione</a></p>\n");
  moderation_free(&m);
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, 200, &p);
}

static const char *outcome_text(const char *code) {
  if (!code)
    return NULL;
  if (!strcmp(code, "risposta"))
    return "La risposta è stata registrata ed è pubblica.";
  if (!strcmp(code, "collegata"))
    return "La richiesta è collegata al piano di rilascio.";
  if (!strcmp(code, "chiusa"))
    return "La richiesta è chiusa con il motivo indicato.";
  return NULL;
}

static SilaStatus request_page(WebReq *r, const PubSession *s, const Moderation *m,
                               const SilaRequest *q, unsigned status, const char *message,
                               bool error) {
  if (!message)
    message = outcome_text(web_param(r, "esito"));
  SilaBuf p = SILA_BUF_INIT;
  char title[64];
  snprintf(title, sizeof title, "Richiesta n. %llu", (unsigned long long)q->id);
  int e = pub_page_open(&p, title, s);
  e |= pub_alert(&p, message, error);
  e |= sila_buf_printf(&p, "<dl class=\"row\" id=\"richiesta\"><dt class=\"col-sm-3\">Ricevuta"
                           "</dt><dd class=\"col-sm-9\">%s</dd><dt class=\"col-sm-3\">Richiesta"
                           "</dt><dd class=\"col-sm-9\">",
                       q->received);
  e |= ld_escs(&p, q->what);
  e |= sila_buf_puts(&p, "</dd><dt class=\"col-sm-3\">Perché</dt><dd class=\"col-sm-9\">");
  e |= multiline(&p, q->why ? q->why : "");
  e |= sila_buf_puts(&p, "</dd><dt class=\"col-sm-3\">Contatto (riservato)</dt>"
                         "<dd class=\"col-sm-9\" id=\"contatto\">");
  e |= ld_escs(&p, q->contact ? q->contact : "nessuno");
  e |= sila_buf_puts(&p, "</dd><dt class=\"col-sm-3\">Stato</dt><dd class=\"col-sm-9\" "
                         "id=\"stato-richiesta\">");
  e |= ld_escs(&p, sila_request_state_it(q->state));
  if (q->plan)
    e |= sila_buf_puts(&p, " — <a href=\"/pubblica/piano/") | ld_escs(&p, q->plan) |
         sila_buf_puts(&p, "\">") | ld_escs(&p, q->plan) | sila_buf_puts(&p, "</a>");
  e |= sila_buf_printf(&p, " (aggiornata il %s)</dd></dl>\n", q->updated);
  char action[64];
  snprintf(action, sizeof action, "/pubblica/richieste/%llu", (unsigned long long)q->id);
  e |= pub_form_open(&p, s, action, "richiesta-risposta", "rispondi", "Rispondi");
  e |= pub_field(&p, "risposta", "Risposta (pubblica)", "textarea", q->answer,
                 "required maxlength=\"2000\"");
  e |= pub_form_close(&p, "Pubblica la risposta", false, NULL, NULL);
  /* the planned datasets this user may link */
  SilaBuf opts = SILA_BUF_INIT;
  unsigned nopts = 0;
  for (size_t i = 0; i < m->nitems; i++) {
    const SilaPlanItem *it = &m->items[i];
    if (!pub_may_plan(r, s, it->office))
      continue;
    nopts++;
    e |= sila_buf_printf(&opts, "<option value=\"%s\"%s>", it->id,
                         q->plan && !strcmp(q->plan, it->id) ? " selected" : "");
    e |= ld_escs(&opts, it->title);
    e |= sila_buf_puts(&opts, " (") | ld_escs(&opts, it->office ? it->office : "") |
         sila_buf_puts(&opts, ")</option>");
  }
  if (nopts) {
    e |= pub_form_open(&p, s, action, "richiesta-collega", "collega",
                       "Collega al piano di rilascio");
    e |= pub_select_open(&p, "piano", "Dataset pianificato");
    e |= sila_buf_append(&p, opts.data, opts.len);
    e |= pub_select_close(&p) | pub_form_close(&p, "Collega", false, NULL, NULL);
  }
  sila_buf_free(&opts);
  e |= pub_form_open(&p, s, action, "richiesta-chiudi", "chiudi", "Chiudi");
  e |= pub_field(&p, "motivo", "Motivo della chiusura (pubblico)", "textarea", NULL,
                 "required maxlength=\"2000\"");
  e |= pub_form_close(&p, "Chiudi la richiesta", true, "/pubblica/richieste",
                       "Torna alle richieste");
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, status, &p);
}

static SilaStatus request_action(WebReq *r, const PubSession *s, const Moderation *m,
                                 const SilaRequest *q) {
  const char *action = web_param(r, "azione"), *outcome, *event;
  char today[11], detail[160];
  sila_prog_today(today);
  snprintf(detail, sizeof detail, "richiesta %llu", (unsigned long long)q->id);
  SilaError err = {0};
  SilaStatus st;
  if (action && !strcmp(action, "rispondi")) {
    const char *text = web_param(r, "risposta");
    if (sila_request_field_problem(text, SILA_REQ_WHY_MAX, true))
      return request_page(r, s, m, q, 400, "Scrivi la risposta (al massimo 2000 caratteri).",
                          true);
    st = sila_request_answer(r->web->store, q->id, text, today, &err);
    outcome = "risposta", event = "request-answer";
  } else if (action && !strcmp(action, "collega")) {
    const char *plan = web_param(r, "piano");
    const SilaPlanItem *it = NULL;
    for (size_t i = 0; plan && i < m->nitems && !it; i++)
      if (!strcmp(m->items[i].id, plan))
        it = &m->items[i];
    if (!it)
      return request_page(r, s, m, q, 400, "Scegli un dataset del piano.", true);
    if (!pub_may_plan(r, s, it->office))
      return pub_error_page(r, s, 403, "Accesso negato",
                            "Si può collegare una richiesta solo ai dataset pianificati del "
                            "proprio ufficio.");
    st = sila_request_link(r->web->store, pub_base(r->web), q->id, it->id, today, &err);
    outcome = "collegata", event = "request-link";
    snprintf(detail + strlen(detail), sizeof detail - strlen(detail), " → piano/%s", it->id);
  } else if (action && !strcmp(action, "chiudi")) {
    const char *reason = web_param(r, "motivo");
    if (sila_request_field_problem(reason, SILA_REQ_WHY_MAX, true))
      return request_page(r, s, m, q, 400, "Indica il motivo (al massimo 2000 caratteri).",
                          true);
    st = sila_request_close(r->web->store, q->id, reason, today, &err);
    outcome = "chiusa", event = "request-close";
  } else {
    return request_page(r, s, m, q, 400, "Azione sconosciuta.", true);
  }
  if (st == SILA_ERR_INVALID || st == SILA_ERR_NOT_FOUND)
    return request_page(r, s, m, q, 400, "I dati del modulo non sono validi.", true);
  if (st)
    return st;
  sila_audit(r->web->store, event, s->user.name, NULL, detail);
  char loc[96];
  snprintf(loc, sizeof loc, "/pubblica/richieste/%llu?esito=%s", (unsigned long long)q->id,
           outcome);
  return pub_redirect(r, loc);
}

SilaStatus pub_requests(WebReq *r, const PubSession *s, const char *id, bool post) {
  if (!id)
    return post ? pub_error_page(r, s, 405, "Metodo non consentito", "Usa il modulo di una "
                                                                     "richiesta.")
                : list_page(r, s);
  char *end;
  unsigned long long n = strtoull(id, &end, 10);
  Moderation m;
  SilaStatus st = moderation_read(r->web, &m);
  if (st)
    return st;
  const SilaRequest *q = NULL;
  for (size_t i = 0; *id && !*end && i < m.nreqs && !q; i++)
    if (m.reqs[i].id == n)
      q = &m.reqs[i];
  if (!q)
    st = pub_error_page(r, s, 404, "Pagina non trovata", "Non c'è una richiesta con questo numero.");
  else if (!may_moderate(r, s, q, m.items, m.nitems))
    st = pub_error_page(r, s, 403, "Accesso negato",
                        "Questa richiesta è collegata a un dataset pianificato di un altro "
                        "ufficio: la gestiscono quell'ufficio e l'amministratore.");
  else
    st = post ? request_action(r, s, &m, q) : request_page(r, s, &m, q, 200, NULL, false);
  moderation_free(&m);
  return st;
}
