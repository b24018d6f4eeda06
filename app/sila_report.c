/* sila_report.c — the semiannual report's model (sila_report.h); the
 * writers are in sila_report_write.c. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_plan.h"
#include "sila_prog.h"
#include "sila_report.h"

static bool in_period(const char *d, const char *from, const char *to) {
  return d && d[0] && strcmp(d, from) >= 0 && strcmp(d, to) <= 0;
}

static json_t *office_entry(json_t *offices, const char *office) {
  const char *name = office && *office ? office : "(ufficio non indicato)";
  json_t *o = json_object_get(offices, name);
  if (!o) {
    o = json_pack("{s:s, s:i, s:i, s:[]}", "office", name, "new", 0, "updated", 0, "datasets");
    json_object_set_new(offices, name, o);
  }
  return o;
}

static void inc(json_t *o, const char *k, json_int_t by) {
  json_object_set_new(o, k, json_integer(json_integer_value(json_object_get(o, k)) + by));
}

/* Publishes in the period, per office: a dataset whose first accepted
 * publish falls in the period is new, one published before is updated. */
static json_t *publications(const SilaQualityRecord *q, size_t nq, const char *from,
                            const char *to, json_int_t *n_new, json_int_t *n_upd,
                            json_int_t *n_pub) {
  json_t *offices = json_object();
  for (size_t i = 0; i < nq;) {
    size_t j = i;
    const char *first = NULL, *last = NULL;
    json_int_t count = 0;
    const SilaQualityRecord *latest = NULL;
    for (; j < nq && !strcmp(q[j].slug, q[i].slug); j++) {
      if (!q[j].published)
        continue;
      if (!first)
        first = q[j].date;
      if (in_period(q[j].date, from, to)) {
        count++;
        last = q[j].date;
        latest = &q[j];
      }
    }
    if (count) {
      bool is_new = in_period(first, from, to);
      json_t *o = office_entry(offices, latest->office);
      inc(o, is_new ? "new" : "updated", 1);
      json_array_append_new(json_object_get(o, "datasets"),
                            json_pack("{s:s, s:s, s:s, s:I, s:s}", "slug", latest->slug, "title",
                                      latest->title, "status", is_new ? "new" : "updated",
                                      "publishes", count, "last", last));
      *(is_new ? n_new : n_upd) += 1;
      *n_pub += count;
    }
    i = j;
  }
  json_t *list = json_array();
  const char *k;
  json_t *v;
  json_object_foreach(offices, k, v) json_array_append(list, v);
  json_decref(offices);
  return list;
}

static json_t *plan_part(SilaTxn *txn, const char *base, const char *from, const char *to,
                         const char *asof, SilaStatus *st) {
  SilaPlanItem *items;
  size_t n;
  *st = sila_plan_list(txn, base, &items, &n);
  if (*st)
    return NULL;
  json_int_t due = 0, done = 0, late = 0, on_time = 0, active = 0;
  json_t *list = json_array();
  for (size_t i = 0; i < n; i++) {
    SilaPlanItem *it = &items[i];
    bool is_late = sila_plan_is_late(it, asof);
    bool pub_in = it->status == SILA_PLAN_PUBLISHED && in_period(it->published, from, to);
    due += in_period(it->planned, from, to) && it->status != SILA_PLAN_DROPPED;
    done += pub_in;
    on_time += pub_in && strcmp(it->published, it->planned) <= 0;
    late += is_late;
    active += it->status == SILA_PLAN_PLANNED || it->status == SILA_PLAN_IN_PROGRESS;
    json_array_append_new(
        list, json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:b}", "id", it->id, "title",
                        it->title, "office", it->office ? it->office : "", "priority",
                        it->priority, "planned", it->planned, "status",
                        sila_plan_status_name(it->status), "published", it->published,
                        "dataset", it->dataset ? it->dataset : "", "late", is_late));
  }
  sila_plan_items_free(items, n);
  return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "total", (json_int_t)n,
                   "due_in_period", due, "published_in_period", done, "published_on_time",
                   on_time, "late", late, "active", active, "items", list);
}

static json_t *requests_part(SilaTxn *txn, const char *from, const char *to, SilaStatus *st) {
  SilaRequest *r;
  size_t n;
  *st = sila_request_list(txn, &r, &n);
  if (*st)
    return NULL;
  json_int_t by[4] = {0}, received = 0, open_total = 0;
  for (size_t i = 0; i < n; i++) {
    open_total += r[i].state == SILA_REQ_OPEN;
    if (!in_period(r[i].received, from, to))
      continue;
    received++;
    by[r[i].state]++;
  }
  sila_requests_free(r, n);
  return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "received", received, "answered",
                   by[SILA_REQ_ANSWERED], "linked", by[SILA_REQ_LINKED], "closed",
                   by[SILA_REQ_CLOSED], "open", by[SILA_REQ_OPEN], "open_total", open_total);
}

static const char *title_of(const SilaQualityRecord *q, size_t nq, const char *slug) {
  const char *t = NULL;
  for (size_t i = 0; i < nq; i++)
    if (!strcmp(q[i].slug, slug) && q[i].title[0])
      t = q[i].title;
  return t ? t : slug;
}

static json_t *usage_part(SilaTxn *txn, const SilaQualityRecord *q, size_t nq, const char *from,
                          const char *to, json_int_t *total, SilaStatus *st) {
  SilaUsageRow *rows;
  size_t n;
  *st = sila_usage_read(txn, from, to, &rows, &n);
  if (*st)
    return NULL;
  json_t *per = json_object(), *months = json_object(), *totals = json_object();
  for (int k = 0; k < SILA_USE_KINDS; k++)
    json_object_set_new(totals, sila_usage_kind_name(k), json_integer(0));
  for (size_t i = 0; i < n; i++) {
    json_t *d = json_object_get(per, rows[i].slug);
    if (!d) {
      d = json_pack("{s:s, s:s, s:i}", "slug", rows[i].slug, "title",
                    !strcmp(rows[i].slug, "*") ? "(interrogazioni senza grafo)"
                                               : title_of(q, nq, rows[i].slug),
                    "total", 0);
      for (int k = 0; k < SILA_USE_KINDS; k++)
        json_object_set_new(d, sila_usage_kind_name(k), json_integer(0));
      json_object_set_new(per, rows[i].slug, d);
    }
    char month[8];
    snprintf(month, sizeof month, "%.7s", rows[i].day);
    json_int_t sum = 0;
    for (int k = 0; k < SILA_USE_KINDS; k++) {
      inc(d, sila_usage_kind_name(k), (json_int_t)rows[i].n[k]);
      inc(totals, sila_usage_kind_name(k), (json_int_t)rows[i].n[k]);
      if (k != SILA_USE_SERVICE) /* SERVICE queries are already SPARQL queries */
        sum += (json_int_t)rows[i].n[k];
    }
    inc(d, "total", sum);
    inc(months, month, sum);
    *total += sum;
  }
  free(rows);
  json_t *list = json_array(), *mlist = json_array();
  const char *k;
  json_t *v;
  json_object_foreach(per, k, v) json_array_append(list, v);
  json_object_foreach(months, k, v)
      json_array_append_new(mlist, json_pack("{s:s, s:O}", "month", k, "total", v));
  json_decref(per);
  json_decref(months);
  json_object_set_new(totals, "total", json_integer(*total));
  return json_pack("{s:o, s:o, s:o}", "totals", totals, "datasets", list, "months", mlist);
}

static json_t *quality_part(const SilaQualityRecord *q, size_t nq, const char *from,
                            const char *to, const char *asof, json_int_t *problems) {
  json_t *list = json_array();
  for (size_t i = 0; i < nq;) {
    size_t j = i;
    const SilaQualityRecord *start = NULL, *end = NULL;
    for (; j < nq && !strcmp(q[j].slug, q[i].slug); j++) {
      if (strcmp(q[j].date, from) < 0)
        start = &q[j];
      if (strcmp(q[j].date, to) <= 0)
        end = &q[j];
    }
    i = j;
    if (!end)
      continue;
    long age = 0;
    bool late = sila_quality_is_late(end, asof, &age);
    bool problem = late || !end->published || end->errors || end->warnings ||
                   end->completeness < 100;
    *problems += problem;
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:i, s:i, s:I, s:I, s:i, s:s, s:s, s:b, s:I, s:b, s:b, s:s}", "slug",
        end->slug, "title", end->title, "office", end->office, "stars", end->stars,
        "completeness", end->completeness, "errors", (json_int_t)end->errors, "warnings",
        (json_int_t)end->warnings, "linked_pct", end->linked_pct, "frequency", end->frequency,
        "modified", end->modified, "late", late, "age_days", (json_int_t)age, "problem", problem,
        "last_publish_ok", end->published, "last_publish", end->date);
    if (start) {
      json_object_set_new(o, "stars_before", json_integer(start->stars));
      json_object_set_new(o, "completeness_before", json_integer(start->completeness));
      json_object_set_new(o, "errors_before", json_integer((json_int_t)start->errors));
      json_object_set_new(o, "warnings_before", json_integer((json_int_t)start->warnings));
      json_object_set_new(o, "linked_pct_before", json_integer(start->linked_pct));
    }
    json_array_append_new(list, o);
  }
  return list;
}

json_t *sila_report_model(SilaTxn *txn, const char *base, const char *from, const char *to,
                          const char *today, SilaError *err) {
  if (!sila_plan_date_ok(from) || !sila_plan_date_ok(to) || strcmp(from, to) > 0) {
    sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                   "the period must be two dates YYYY-MM-DD, --from not after --to");
    return NULL;
  }
  const char *asof = strcmp(to, today) < 0 ? to : today;
  SilaQualityRecord *q = NULL;
  size_t nq = 0;
  SilaStatus st = sila_quality_history(txn, &q, &nq);
  json_int_t n_new = 0, n_upd = 0, n_pub = 0, usage_total = 0, problems = 0;
  json_t *offices = NULL, *plan = NULL, *req = NULL, *usage = NULL, *quality = NULL;
  if (!st) {
    offices = publications(q, nq, from, to, &n_new, &n_upd, &n_pub);
    plan = plan_part(txn, base, from, to, asof, &st);
  }
  if (!st)
    req = requests_part(txn, from, to, &st);
  if (!st)
    usage = usage_part(txn, q, nq, from, to, &usage_total, &st);
  if (!st)
    quality = quality_part(q, nq, from, to, asof, &problems);
  free(q);
  if (st || !offices || !plan || !req || !usage || !quality) {
    json_decref(offices), json_decref(plan), json_decref(req), json_decref(usage),
        json_decref(quality);
    sila_error_set(err, st ? st : SILA_ERR_NOMEM, 0, 0, "cannot build the report: %s",
                   sila_strerror(st ? st : SILA_ERR_NOMEM));
    return NULL;
  }
  json_int_t answered = json_integer_value(json_object_get(req, "answered")) +
                        json_integer_value(json_object_get(req, "linked"));
  char *text = NULL;
  if (asprintf(&text,
               /* label and number, so that no verb has to agree with a 1 */
               "Dataset del periodo: nuovi %lld, aggiornati %lld (pubblicazioni %lld). "
               "Piano di rilascio: previsti nel periodo %lld, pubblicati %lld, in ritardo "
               "%lld. Richieste di dati: ricevute %lld, con risposta o collegate al piano "
               "%lld, chiuse %lld, ancora aperte %lld. Utilizzi registrati: %lld. Dataset "
               "con problemi di qualità o di aggiornamento: %lld.",
               (long long)n_new, (long long)n_upd, (long long)n_pub,
               (long long)json_integer_value(json_object_get(plan, "due_in_period")),
               (long long)json_integer_value(json_object_get(plan, "published_in_period")),
               (long long)json_integer_value(json_object_get(plan, "late")),
               (long long)json_integer_value(json_object_get(req, "received")),
               (long long)answered,
               (long long)json_integer_value(json_object_get(req, "closed")),
               (long long)json_integer_value(json_object_get(req, "open")),
               (long long)usage_total, (long long)problems) < 0)
    text = NULL;
  json_t *summary = json_pack(
      "{s:I, s:I, s:I, s:O, s:O, s:O, s:O, s:I, s:O, s:O, s:I, s:I}", "datasets_new", n_new,
      "datasets_updated", n_upd, "publishes", n_pub, "plan_due",
      json_object_get(plan, "due_in_period"), "plan_published",
      json_object_get(plan, "published_in_period"), "plan_late", json_object_get(plan, "late"),
      "requests_received", json_object_get(req, "received"), "requests_answered", answered,
      "requests_closed", json_object_get(req, "closed"), "requests_open",
      json_object_get(req, "open"), "usage_total", usage_total, "datasets_with_problems",
      problems);
  json_t *model = json_pack("{s:{s:s, s:s, s:s}, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "period",
                            "from", from, "to", to, "asof", asof, "text", text ? text : "",
                            "summary", summary, "offices", offices, "plan", plan, "requests",
                            req, "usage", usage, "quality", quality);
  free(text);
  if (!model)
    sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  return model;
}
