/* cmd_prog.c — `sila plan` (the release plan) and `sila request` (data
 * requests and their moderation).
 *
 *   sila plan add ID --title T --office O --date YYYY-MM-DD [--priority 1-3]
 *                    [--description D]
 *   sila plan list [--format text|json] [--late]
 *   sila plan set ID [--title T] [--description D] [--office O] [--date D]
 *                    [--priority P] [--status planned|in-progress]
 *   sila plan publish ID DATASET-SLUG
 *   sila plan drop ID REASON
 *   sila request list [--format text|json] [--state open|answered|linked|closed]
 *   sila request add --what W --why Y [--contact C]
 *   sila request answer ID TEXT | link ID PLAN-ID | close ID REASON
 *
 * Every command takes --store DIR and --base IRI (default
 * https://dati.calabria.it).  Exit status 0, 1 on failure, 2 on a usage
 * error. */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_cli.h"
#include "sila_plan.h"
#include "sila_prog.h"

typedef struct {
  const char *store, *base, *format;
  const char *title, *description, *office, *date, *priority, *status, *what, *why, *contact,
      *reason, *state;
  bool late;
  const char *pos[5];
  const char *sub; /* the first positional argument */
  int npos;
} Args;

static int parse(const char *cmd, int argc, char **argv, Args *a) {
  memset(a, 0, sizeof *a);
  a->base = SILA_PUBLISH_DEFAULT_BASE;
  a->format = "text";
  static const struct {
    const char *name;
    size_t off;
  } opts[] = {
      {"--store", offsetof(Args, store)},     {"--base", offsetof(Args, base)},
      {"--format", offsetof(Args, format)},   {"--title", offsetof(Args, title)},
      {"--description", offsetof(Args, description)}, {"--office", offsetof(Args, office)},
      {"--date", offsetof(Args, date)},       {"--priority", offsetof(Args, priority)},
      {"--status", offsetof(Args, status)},   {"--what", offsetof(Args, what)},
      {"--why", offsetof(Args, why)},         {"--contact", offsetof(Args, contact)},
      {"--reason", offsetof(Args, reason)},   {"--state", offsetof(Args, state)},
  };
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--late")) {
      a->late = true;
      continue;
    }
    bool known = false;
    for (size_t k = 0; k < sizeof opts / sizeof *opts; k++)
      if (!strcmp(argv[i], opts[k].name)) {
        if (i + 1 >= argc) {
          fprintf(stderr, "sila %s: %s needs a value\n", cmd, argv[i]);
          return SILA_EXIT_USAGE;
        }
        *(const char **)((char *)a + opts[k].off) = argv[++i];
        known = true;
      }
    if (known)
      continue;
    if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "sila %s: unknown option '%s'\n", cmd, argv[i]);
      return SILA_EXIT_USAGE;
    }
    if (a->npos == 5) {
      fprintf(stderr, "sila %s: too many arguments\n", cmd);
      return SILA_EXIT_USAGE;
    }
    a->pos[a->npos++] = argv[i];
  }
  a->sub = a->npos ? a->pos[0] : "";
  for (int i = 1; i < a->npos; i++)
    a->pos[i - 1] = a->pos[i];
  if (a->npos)
    a->npos--;
  size_t bl = strlen(a->base);
  if (!bl || a->base[bl - 1] == '/') {
    fprintf(stderr, "sila %s: --base must be an IRI without a trailing '/'\n", cmd);
    return SILA_EXIT_USAGE;
  }
  if (strcmp(a->format, "text") && strcmp(a->format, "json")) {
    fprintf(stderr, "sila %s: --format is text or json\n", cmd);
    return SILA_EXIT_USAGE;
  }
  return SILA_EXIT_OK;
}

static int fail(const char *cmd, const SilaError *err) {
  char msg[1024];
  fprintf(stderr, "sila %s: %s\n", cmd, sila_error_format(err, msg, sizeof msg));
  return SILA_EXIT_FAIL;
}

/* The start of `sila plan` / `sila request`: help, or the arguments
 * parsed.  Returns an exit status; *done when there is nothing more to do. */
static int begin(const char *cmd, int argc, char **argv, void (*usage)(FILE *), Args *a,
                 bool *done) {
  *done = argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h");
  if (*done) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? SILA_EXIT_USAGE : SILA_EXIT_OK;
  }
  int rc = parse(cmd, argc, argv, a);
  *done = rc != SILA_EXIT_OK;
  return rc;
}

/* Opens the store (read-only for a list) and gives today's date. */
static int open_store(const Args *a, bool list, SilaStore **store, char today[11]) {
  sila_prog_today(today);
  return sila_cli_open_store(sila_cli_store_dir(a->store), list ? SILA_STORE_READONLY : 0, store);
}

/* Reads a list in a read transaction: read(txn, ctx). */
static int read_list(SilaStore *store, const char *cmd, const char *what,
                     SilaStatus (*read)(SilaTxn *txn, void *ctx), void *ctx) {
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_read(store, &txn);
  if (!st) {
    st = read(txn, ctx);
    sila_txn_abort(txn);
  }
  if (st) {
    fprintf(stderr, "sila %s: cannot read the %s: %s\n", cmd, what, sila_strerror(st));
    return SILA_EXIT_FAIL;
  }
  return SILA_EXIT_OK;
}

/* One entry of a list: appended to the JSON array (--format json), else
 * its text line printed.  Takes `obj` and `line` (malloc'd, may be NULL). */
static void list_entry(const Args *a, json_t *arr, json_t *obj, char *line) {
  if (!strcmp(a->format, "json"))
    json_array_append_new(arr, obj);
  else {
    json_decref(obj);
    puts(line ? line : "");
  }
  free(line);
}

/* Ends a list: prints the JSON array (--format json) and frees it. */
static int list_end(const Args *a, json_t *arr) {
  if (!strcmp(a->format, "json")) {
    char *s = json_dumps(arr, JSON_INDENT(2));
    if (s)
      puts(s);
    free(s);
  }
  json_decref(arr);
  return SILA_EXIT_OK;
}

static int priority_of(const char *s) {
  if (!s)
    return 0;
  if (!strcmp(s, "1") || !strcmp(s, "alta") || !strcmp(s, "high"))
    return 1;
  if (!strcmp(s, "2") || !strcmp(s, "media") || !strcmp(s, "medium"))
    return 2;
  if (!strcmp(s, "3") || !strcmp(s, "bassa") || !strcmp(s, "low"))
    return 3;
  return -1;
}

static void plan_usage(FILE *out) {
  fputs("usage: sila plan add ID --title T --office O --date YYYY-MM-DD [--priority 1|2|3]\n"
        "                       [--description D]\n"
        "       sila plan list [--format text|json] [--late]\n"
        "       sila plan set ID [--title T] [--description D] [--office O] [--date D]\n"
        "                       [--priority P] [--status planned|in-progress]\n"
        "       sila plan publish ID DATASET-SLUG\n"
        "       sila plan drop ID REASON\n"
        "The plan is the public graph {base}/piano (shown at /piano).  Options of every\n"
        "subcommand: --store DIR, --base IRI (default " SILA_PUBLISH_DEFAULT_BASE ").\n",
        out);
}

typedef struct {
  const char *base;
  SilaPlanItem *items;
  size_t n;
} PlanRead;

static SilaStatus plan_read(SilaTxn *txn, void *ctx) {
  PlanRead *p = ctx;
  return sila_plan_list(txn, p->base, &p->items, &p->n);
}

static int plan_list(SilaStore *store, const Args *a) {
  PlanRead p = {a->base, NULL, 0};
  if (read_list(store, "plan", "plan", plan_read, &p))
    return SILA_EXIT_FAIL;
  char today[11];
  sila_prog_today(today);
  json_t *arr = json_array();
  for (size_t i = 0; i < p.n; i++) {
    SilaPlanItem *it = &p.items[i];
    bool late = sila_plan_is_late(it, today);
    if (a->late && !late)
      continue;
    char *line = NULL;
    if (asprintf(&line, "%-24s %-12s %-10s p%d %s%s  %s (%s)%s%s", it->id,
                 sila_plan_status_name(it->status), it->planned, it->priority,
                 late ? "LATE " : "", it->published[0] ? it->published : "", it->title,
                 it->office ? it->office : "", it->dataset ? " -> " : "",
                 it->dataset ? it->dataset : "") < 0)
      line = NULL;
    list_entry(a, arr,
               json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id",
                         it->id, "title", it->title, "description",
                         it->description ? it->description : "", "office",
                         it->office ? it->office : "", "priority", it->priority, "planned",
                         it->planned, "status", sila_plan_status_name(it->status), "created",
                         it->created, "published", it->published, "dataset",
                         it->dataset ? it->dataset : "", "reason",
                         it->reason ? it->reason : "", "late", late),
               line);
  }
  sila_plan_items_free(p.items, p.n);
  return list_end(a, arr);
}

int sila_cmd_plan(int argc, char **argv) {
  Args a;
  bool done;
  int rc = begin("plan", argc, argv, plan_usage, &a, &done);
  if (done)
    return rc;
  const char *sub = a.sub;
  bool list = !strcmp(sub, "list");
  int need = list ? 0 : !strcmp(sub, "add") || !strcmp(sub, "set") ? 1 : 2;
  if ((!list && strcmp(sub, "add") && strcmp(sub, "set") && strcmp(sub, "publish") &&
       strcmp(sub, "drop")) ||
      a.npos != need) {
    plan_usage(stderr);
    return SILA_EXIT_USAGE;
  }
  int prio = priority_of(a.priority);
  if (prio < 0) {
    fprintf(stderr, "sila plan: --priority is 1 (alta), 2 (media) or 3 (bassa)\n");
    return SILA_EXIT_USAGE;
  }
  SilaStore *store;
  char today[11];
  if ((rc = open_store(&a, list, &store, today)))
    return rc;
  SilaError err = {0};
  SilaStatus st = SILA_OK;
  if (list) {
    rc = plan_list(store, &a);
  } else if (!strcmp(sub, "add") || !strcmp(sub, "set")) {
    SilaPlanItem it;
    memset(&it, 0, sizeof it);
    snprintf(it.id, sizeof it.id, "%s", a.pos[0]);
    it.title = (char *)a.title;
    it.description = (char *)a.description;
    it.office = (char *)a.office;
    it.priority = !strcmp(sub, "add") && !prio ? 2 : prio;
    if (a.date)
      snprintf(it.planned, sizeof it.planned, "%s", a.date);
    if (a.date && !sila_plan_date_ok(it.planned))
      it.planned[0] = 'x'; /* refused below with the message */
    if (strlen(a.pos[0]) > SILA_PLAN_ID_MAX) {
      st = sila_error_set(&err, SILA_ERR_INVALID, 0, 0, "the id is longer than %d", SILA_PLAN_ID_MAX);
    } else if (!strcmp(sub, "add")) {
      st = sila_plan_add(store, a.base, &it, today, &err);
    } else {
      bool set_status = a.status != NULL;
      if (set_status && !sila_plan_status_parse(a.status, &it.status)) {
        fprintf(stderr, "sila plan: --status is planned or in-progress\n");
        sila_store_close(store);
        return SILA_EXIT_USAGE;
      }
      st = sila_plan_update(store, a.base, a.pos[0], &it, set_status, &err);
    }
  } else if (!strcmp(sub, "publish")) {
    st = sila_plan_publish(store, a.base, a.pos[0], a.pos[1], today, &err);
  } else {
    st = sila_plan_drop(store, a.base, a.pos[0], a.pos[1], &err);
  }
  sila_store_close(store);
  if (st)
    return fail("plan", &err);
  if (!list)
    printf("plan: %s %s\n", a.pos[0], sub);
  return rc;
}

typedef struct {
  SilaRequest *r;
  size_t n;
} RequestRead;

static SilaStatus request_read(SilaTxn *txn, void *ctx) {
  RequestRead *q = ctx;
  return sila_request_list(txn, &q->r, &q->n);
}

static int request_list(SilaStore *store, const Args *a) {
  RequestRead q = {NULL, 0};
  if (read_list(store, "request", "requests", request_read, &q))
    return SILA_EXIT_FAIL;
  json_t *arr = json_array();
  for (size_t i = 0; i < q.n; i++) {
    const SilaRequest *r = &q.r[i];
    if (a->state && strcmp(a->state, sila_request_state_name(r->state)))
      continue;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id, "received",
                          r->received, "updated", r->updated, "state",
                          sila_request_state_name(r->state), "what", r->what, "why",
                          r->why ? r->why : "");
    const char *keys[] = {"contact", "answer", "plan", "reason"};
    const char *vals[] = {r->contact, r->answer, r->plan, r->reason};
    for (int k = 0; k < 4; k++)
      if (vals[k])
        json_object_set_new(o, keys[k], json_string(vals[k]));
    char *line = NULL;
    if (asprintf(&line, "%-5llu %s %-9s %s%s%s%s", (unsigned long long)r->id, r->received,
                 sila_request_state_name(r->state), r->what, r->contact ? "  <" : "",
                 r->contact ? r->contact : "", r->contact ? ">" : "") < 0)
      line = NULL;
    list_entry(a, arr, o, line);
  }
  sila_requests_free(q.r, q.n);
  return list_end(a, arr);
}

static void request_usage(FILE *out) {
  fputs("usage: sila request list [--format text|json] [--state open|answered|linked|closed]\n"
        "       sila request add --what W --why Y [--contact C]\n"
        "       sila request answer ID TEXT\n"
        "       sila request link ID PLAN-ID\n"
        "       sila request close ID REASON\n"
        "Requests come from the public form at /richieste; their state is public there\n"
        "(the contact never is).  Options: --store DIR, --base IRI.\n",
        out);
}

int sila_cmd_request(int argc, char **argv) {
  Args a;
  bool done;
  int rc = begin("request", argc, argv, request_usage, &a, &done);
  if (done)
    return rc;
  const char *sub = a.sub; /* list, add or a moderation */
  bool list = !strcmp(sub, "list"), add = !strcmp(sub, "add");
  bool mod = !strcmp(sub, "answer") || !strcmp(sub, "link") || !strcmp(sub, "close");
  if ((!list && !add && !mod) || a.npos != (mod ? 2 : 0)) {
    request_usage(stderr);
    return SILA_EXIT_USAGE;
  }
  uint64_t id = 0;
  if (mod) {
    char *e;
    id = strtoull(a.pos[0], &e, 10);
    if (*e || !id) {
      fprintf(stderr, "sila request: '%s' is not a request number\n", a.pos[0]);
      return SILA_EXIT_USAGE;
    }
  }
  SilaStore *store;
  char today[11];
  if ((rc = open_store(&a, list, &store, today)))
    return rc;
  SilaError err = {0};
  SilaStatus st = SILA_OK;
  if (list)
    rc = request_list(store, &a);
  else if (add)
    st = sila_request_add(store, a.what, a.why, a.contact, today, &id, &err);
  else if (!strcmp(sub, "answer"))
    st = sila_request_answer(store, id, a.pos[1], today, &err);
  else if (!strcmp(sub, "link"))
    st = sila_request_link(store, a.base, id, a.pos[1], today, &err);
  else
    st = sila_request_close(store, id, a.pos[1], today, &err);
  sila_store_close(store);
  if (st)
    return fail("request", &err);
  if (!list)
    printf("request %llu: %s\n", (unsigned long long)id, add ? "added" : sub);
  return rc;
}
