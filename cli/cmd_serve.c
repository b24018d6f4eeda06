/* cmd_serve.c — `sila serve`: the SPARQL endpoint and Graph Store over HTTP
 * until SIGTERM or SIGINT. */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sila_cli.h"
#include "sila_prog.h"
#include "sila_web.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: sila serve [--store DIR] [--bind 127.0.0.1] [--port 8080]\n"
          "                  [--base https://dati.calabria.it] [--no-union-default-graph]\n"
          "                  [--config FILE] [--timeout S] [--max-rows N] [--workers N]\n"
          "                  [--max-per-client N] [--max-body BYTES] [--max-url BYTES]\n"
          "                  [--assets DIR] [--service-allow URL-PREFIX]... [--service-allow-private]\n"
          "                  [--allow-load URL-PREFIX]... [--allow-load-private]\n"
          "                  [--assets DIR] [--max-connections N]\n"
          "                  [--max-conns-per-client N] [--header-timeout S]\n"
          "                  [--max-query-memory BYTES] [--trusted-proxy ADDRESS[/BITS]]...\n"
          "                  [--login-window S]\n"
          "Serves /sparql (SPARQL 1.1 Protocol), /update, /store (Graph Store Protocol)\n"
          "and /health, the linked-data pages, the query page /query and the files of\n"
          "--assets DIR under /static/ (default: the installed assets, when present;\n"
          "--assets '' serves none).  --port 0 picks a free port (printed on stderr).  Writes need\n"
          "'Authorization: Bearer TOKEN' with TOKEN from $CREDENTIALS_DIRECTORY/write_token (systemd's\n"
          "LoadCredential=), $SILA_WRITE_TOKEN or write_token\n"
          "in the configuration file (key = value lines; keys: store, bind, port, base,\n"
          "union_default_graph, write_token, timeout, max_rows, max_body, max_upload,\n"
          "max_url, workers, max_per_client, slow_after, slow_queries, slow_queries_idle, assets,\n"
          "access_log = off,\n"
          "service_allow, service_allow_private, load_allow, load_allow_private,\n"
          "tiles = URL of the map tiles, default OpenStreetMap's, tiles_attribution = HTML,\n"
          "max_connections, max_conns_per_client, header_timeout, min_body_rate, max_waiting,\n"
          "poll_threads, max_query_memory, trusted_proxies, login_window).\n"
          "SERVICE calls only endpoints under a --service-allow prefix (none by default), LOAD\n"
          "over /update fetches only under an --allow-load prefix; loopback/private addresses\n"
          "need --service-allow-private / --allow-load-private.  In the file, a list is\n"
          "prefixes separated by spaces or commas.  Options override the file.\n"
          "Connections: at most --max-connections (10000); per client address\n"
          "--max-conns-per-client (32) are served, as many more answered 503, others\n"
          "closed; a request's headers must arrive within --header-timeout (10 s), and its body,\n"
          "after that time, at min_body_rate bytes/s on average (1024; configuration file).\n"
          "Behind a reverse proxy: X-Forwarded-For, -Host and -Proto count only from a\n"
          "--trusted-proxy address (default 127.0.0.1 and ::1; 'none' for no proxy); the\n"
          "client is the right-most X-Forwarded-For address that is not a trusted proxy.\n"
          "The publishing area's logins: 5 failures per account or 20 per client address\n"
          "within --login-window S (login_window; 900) lock them out for the rest of it,\n"
          "counted in the store, so a restart keeps the lock.\n");
}

/* An allow-list of URL prefixes, NULL-terminated as the engine wants it.
 * Strings are owned when they come from the configuration file, borrowed
 * from argv otherwise. */
typedef struct {
  const char **items;
  size_t n;
  bool owned;
} AllowList;

static int allow_add(AllowList *l, const char *prefix) {
  const char **items = realloc(l->items, (l->n + 2) * sizeof *items);
  if (!items)
    return -1;
  l->items = items;
  items[l->n] = l->owned ? strdup(prefix) : prefix;
  if (!items[l->n])
    return -1;
  items[++l->n] = NULL;
  return 0;
}

/* Adds each prefix of a configuration value ("a b", "a, b"). */
static int allow_add_all(AllowList *l, const char *value) {
  char *copy = strdup(value), *save = NULL;
  int rc = copy ? 0 : -1;
  for (char *t = copy ? strtok_r(copy, " ,\t", &save) : NULL; t && !rc; t = strtok_r(NULL, " ,\t", &save))
    rc = allow_add(l, t);
  free(copy);
  return rc;
}

static void allow_free(AllowList *l) {
  if (l->owned)
    for (size_t i = 0; i < l->n; i++)
      free((char *)l->items[i]);
  free(l->items);
  l->items = NULL;
  l->n = 0;
}

/* Strings read from the configuration file live until the server stops. */
typedef struct {
  char *store, *bind, *base, *token, *assets;
  bool token_from_credentials; /* token read from $CREDENTIALS_DIRECTORY */
  AllowList service_allow, load_allow; /* owned strings */
  AllowList trusted_proxies;           /* owned strings */
  char *tiles, *tiles_attribution;
} ConfStrings;

static void conf_free(ConfStrings *cs) {
  free(cs->store), free(cs->bind), free(cs->base), free(cs->token), free(cs->assets);
  free(cs->tiles), free(cs->tiles_attribution);
  allow_free(&cs->service_allow);
  allow_free(&cs->load_allow);
  allow_free(&cs->trusted_proxies);
}

static bool parse_bool(const char *v) {
  return !strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") ||
         !strcmp(v, "1");
}

static int read_config(const char *path, SilaWebConfig *cfg, ConfStrings *cs) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "sila serve: cannot read %s: %s\n", path, strerror(errno));
    return SILA_EXIT_FAIL;
  }
  char line[4096];
  unsigned long lineno = 0;
  int rc = SILA_EXIT_OK;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    char *s = line + strspn(line, " \t");
    s[strcspn(s, "\r\n")] = 0;
    if (!*s || *s == '#')
      continue;
    char *eq = strchr(s, '=');
    if (!eq) {
      fprintf(stderr, "%s:%lu: expected key = value\n", path, lineno);
      rc = SILA_EXIT_USAGE;
      break;
    }
    char *k = s, *v = eq + 1;
    *eq = 0;
    for (char *e = eq - 1; e >= k && (*e == ' ' || *e == '\t'); e--)
      *e = 0;
    v += strspn(v, " \t");
    for (char *e = v + strlen(v) - 1; e >= v && (*e == ' ' || *e == '\t'); e--)
      *e = 0;
    char **str = !strcmp(k, "store")         ? &cs->store
                 : !strcmp(k, "bind")        ? &cs->bind
                 : !strcmp(k, "base")        ? &cs->base
                 : !strcmp(k, "write_token") ? &cs->token
                 : !strcmp(k, "assets")      ? &cs->assets
                 : !strcmp(k, "tiles")       ? &cs->tiles
                 : !strcmp(k, "tiles_attribution") ? &cs->tiles_attribution
                                             : NULL;
    if (str) {
      free(*str);
      *str = strdup(v);
    } else if (!strcmp(k, "port"))
      cfg->port = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(k, "union_default_graph"))
      cfg->union_default_graph = parse_bool(v);
    else if (!strcmp(k, "timeout"))
      cfg->timeout = atof(v);
    else if (!strcmp(k, "max_rows"))
      cfg->max_rows = strtoull(v, NULL, 10);
    else if (!strcmp(k, "max_body"))
      cfg->max_body = strtoull(v, NULL, 10);
    else if (!strcmp(k, "max_upload"))
      cfg->max_upload = strtoull(v, NULL, 10);
    else if (!strcmp(k, "max_url"))
      cfg->max_url = strtoull(v, NULL, 10);
    else if (!strcmp(k, "workers"))
      cfg->workers = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(k, "max_per_client"))
      cfg->max_per_client = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(k, "slow_after"))
      cfg->slow_after = atof(v);
    else if (!strcmp(k, "slow_queries"))
      cfg->slow_slots = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(k, "slow_queries_idle"))
      cfg->slow_idle_slots = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(k, "max_connections"))
      cfg->max_connections = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(k, "max_conns_per_client"))
      cfg->max_conns_per_client = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(k, "header_timeout"))
      cfg->header_timeout = atof(v);
    else if (!strcmp(k, "min_body_rate"))
      cfg->min_body_rate = atof(v);
    else if (!strcmp(k, "max_query_memory"))
      cfg->max_query_memory = strtoull(v, NULL, 10);
    else if (!strcmp(k, "poll_threads"))
      cfg->poll_threads = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(k, "max_waiting"))
      cfg->max_waiting = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(k, "login_window"))
      cfg->login_window = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(k, "access_log"))
      cfg->access_log = parse_bool(v) ? stderr : NULL;
    else if (!strcmp(k, "service_allow") || !strcmp(k, "load_allow") ||
             !strcmp(k, "trusted_proxies")) {
      AllowList *l = !strcmp(k, "load_allow")        ? &cs->load_allow
                     : !strcmp(k, "trusted_proxies") ? &cs->trusted_proxies
                                                     : &cs->service_allow;
      if (allow_add_all(l, v)) {
        fprintf(stderr, "sila serve: out of memory\n");
        rc = SILA_EXIT_FAIL;
        break;
      }
    } else if (!strcmp(k, "service_allow_private"))
      cfg->service_allow_private = parse_bool(v);
    else if (!strcmp(k, "load_allow_private"))
      cfg->load_allow_private = parse_bool(v);
    else {
      fprintf(stderr, "%s:%lu: unknown key '%s'\n", path, lineno, k);
      rc = SILA_EXIT_USAGE;
      break;
    }
  }
  fclose(f);
  if (cs->bind)
    cfg->bind = cs->bind;
  if (cs->base)
    cfg->base = cs->base;
  if (cs->token)
    cfg->write_token = cs->token;
  if (cs->assets)
    cfg->assets = cs->assets;
  cfg->tiles = cs->tiles;
  cfg->tiles_attribution = cs->tiles_attribution;
  return rc;
}

/* $CREDENTIALS_DIRECTORY/write_token, when present, into cs->token
 * (trailing white space dropped).  Returns an exit status. */
static int credential_token(ConfStrings *cs) {
  const char *dir = getenv("CREDENTIALS_DIRECTORY");
  if (!dir || !*dir)
    return SILA_EXIT_OK;
  char path[4096];
  snprintf(path, sizeof path, "%s/write_token", dir);
  FILE *f = fopen(path, "r");
  if (!f)
    return errno == ENOENT ? SILA_EXIT_OK : (fprintf(stderr, "sila serve: cannot read %s: %s\n",
                                                     path, strerror(errno)),
                                             SILA_EXIT_FAIL);
  char buf[1024];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  bool too_long = n == sizeof buf - 1 && fgetc(f) != EOF;
  fclose(f);
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' ||
                   buf[n - 1] == '\t'))
    n--;
  buf[n] = '\0';
  if (too_long || n == 0 || strlen(buf) != n) {
    fprintf(stderr, "sila serve: %s: %s\n", path,
            too_long ? "longer than 1023 bytes" : "empty or not text (no write token)");
    return SILA_EXIT_FAIL;
  }
  char *copy = strdup(buf);
  if (!copy)
    return SILA_EXIT_FAIL;
  free(cs->token);
  cs->token = copy;
  cs->token_from_credentials = true;
  return SILA_EXIT_OK;
}

int sila_cmd_serve(int argc, char **argv) {
  SilaWebConfig cfg;
  sila_web_config_init(&cfg);
  ConfStrings cs = {0};
  cs.service_allow.owned = cs.load_allow.owned = cs.trusted_proxies.owned = true;
  AllowList service_opt = {0}, load_opt = {0}, proxy_opt = {0}; /* from the command line */
  enum {
    OPT_SERVICE_ALLOW = 1000,
    OPT_SERVICE_PRIVATE,
    OPT_LOAD_ALLOW,
    OPT_LOAD_PRIVATE,
    OPT_TRUSTED_PROXY,
    OPT_LOGIN_WINDOW
  };
  const char *dir = NULL, *config = NULL;
  static const struct option opts[] = {
      {"store", required_argument, 0, 's'},       {"bind", required_argument, 0, 'B'},
      {"port", required_argument, 0, 'p'},        {"base", required_argument, 0, 'b'},
      {"no-union-default-graph", no_argument, 0, 'U'},
      {"config", required_argument, 0, 'c'},      {"timeout", required_argument, 0, 't'},
      {"max-rows", required_argument, 0, 'r'},    {"workers", required_argument, 0, 'w'},
      {"max-per-client", required_argument, 0, 'P'},
      {"max-body", required_argument, 0, 'm'},    {"max-url", required_argument, 0, 'u'},
      {"assets", required_argument, 0, 'A'},
      {"service-allow", required_argument, 0, OPT_SERVICE_ALLOW},
      {"service-allow-private", no_argument, 0, OPT_SERVICE_PRIVATE},
      {"allow-load", required_argument, 0, OPT_LOAD_ALLOW},
      {"allow-load-private", no_argument, 0, OPT_LOAD_PRIVATE},
      {"max-connections", required_argument, 0, 'C'},
      {"max-conns-per-client", required_argument, 0, 'K'},
      {"header-timeout", required_argument, 0, 'H'},
      {"max-query-memory", required_argument, 0, 'M'},
      {"trusted-proxy", required_argument, 0, OPT_TRUSTED_PROXY},
      {"login-window", required_argument, 0, OPT_LOGIN_WINDOW},
      {"help", no_argument, 0, 'h'},              {0, 0, 0, 0}};
  /* the configuration file first, so that options override it */
  for (int i = 1; i < argc - 1; i++)
    if (!strcmp(argv[i], "--config"))
      config = argv[i + 1];
    else if (!strncmp(argv[i], "--config=", 9))
      config = argv[i] + 9;
  if (config) {
    int rc = read_config(config, &cfg, &cs);
    if (rc) {
      conf_free(&cs);
      return rc;
    }
  }
  const char *env_token = getenv("SILA_WRITE_TOKEN");
  if (env_token && *env_token)
    cfg.write_token = env_token;
  /* systemd's LoadCredential=write_token:FILE (debian/sila.service): the
   * token in a file only this service reads, not in the environment. */
  int crc = credential_token(&cs);
  if (crc) {
    conf_free(&cs);
    return crc;
  }
  if (cs.token && cs.token_from_credentials)
    cfg.write_token = cs.token;
  int c, rc = SILA_EXIT_OK;
  optind = 1;
  while ((c = getopt_long(argc, argv, "s:B:p:b:Uc:t:r:w:P:m:u:A:C:K:H:M:h", opts, NULL)) != -1) {
    switch (c) {
    case 's': dir = optarg; break;
    case 'B': cfg.bind = optarg; break;
    case 'p': cfg.port = (unsigned)strtoul(optarg, NULL, 10); break;
    case 'b': cfg.base = optarg; break;
    case 'U': cfg.union_default_graph = false; break;
    case 'c': break;
    case 't': cfg.timeout = atof(optarg); break;
    case 'r': cfg.max_rows = strtoull(optarg, NULL, 10); break;
    case 'w': cfg.workers = (unsigned)strtoul(optarg, NULL, 10); break;
    case 'P': cfg.max_per_client = (unsigned)strtoul(optarg, NULL, 10); break;
    case 'm': cfg.max_body = strtoull(optarg, NULL, 10); break;
    case 'u': cfg.max_url = strtoull(optarg, NULL, 10); break;
    case 'A': cfg.assets = optarg; break;
    case OPT_SERVICE_ALLOW:
    case OPT_LOAD_ALLOW:
    case OPT_TRUSTED_PROXY:
      if (allow_add(c == OPT_LOAD_ALLOW      ? &load_opt
                    : c == OPT_TRUSTED_PROXY ? &proxy_opt
                                             : &service_opt,
                    optarg)) {
        fprintf(stderr, "sila serve: out of memory\n");
        rc = SILA_EXIT_FAIL;
        goto done;
      }
      break;
    case OPT_SERVICE_PRIVATE: cfg.service_allow_private = true; break;
    case OPT_LOAD_PRIVATE: cfg.load_allow_private = true; break;
    case 'C': cfg.max_connections = (unsigned)strtoul(optarg, NULL, 10); break;
    case 'K': cfg.max_conns_per_client = (unsigned)strtoul(optarg, NULL, 10); break;
    case 'H': cfg.header_timeout = atof(optarg); break;
    case 'M': cfg.max_query_memory = strtoull(optarg, NULL, 10); break;
    case OPT_LOGIN_WINDOW: cfg.login_window = (unsigned)strtoul(optarg, NULL, 10); break;
    case 'h': usage(stdout); goto done;
    default: usage(stderr); rc = SILA_EXIT_USAGE; goto done;
    }
  }
  if (optind < argc) {
    usage(stderr);
    rc = SILA_EXIT_USAGE;
    goto done;
  }
  /* a list given on the command line replaces the file's */
  const AllowList *services = service_opt.n ? &service_opt : &cs.service_allow;
  const AllowList *loads = load_opt.n ? &load_opt : &cs.load_allow;
  cfg.service_allow = services->items;
  cfg.nservice_allow = services->n;
  cfg.load_allow = loads->items;
  const AllowList *proxies = proxy_opt.n ? &proxy_opt : &cs.trusted_proxies;
  cfg.trusted_proxies = proxies->items; /* NULL when none given: loopback */
  size_t bl = cfg.base ? strlen(cfg.base) : 0;
  if (bl && cfg.base[bl - 1] == '/') {
    fprintf(stderr, "sila serve: --base takes no trailing '/'\n");
    rc = SILA_EXIT_USAGE;
    goto done;
  }
  /* the signals are taken by sigwait below, in no other thread */
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL);
  signal(SIGPIPE, SIG_IGN);
  SilaStore *store = NULL;
  const char *store_dir = sila_cli_store_dir(dir ? dir : cs.store);
  rc = sila_cli_open_store(store_dir, 0, &store);
  if (rc)
    goto done;
  /* glibc gives every thread that mallocs an arena of its own (up to 8 per
   * core) and keeps their free memory: after a load test the server held
   * ~1 GB.  Two arenas are enough for two cores' worth of contention
   * (issue 13 item 3; web_workers.c trims after long jobs). */
  mallopt(M_ARENA_MAX, 2);
  SilaWeb *web = NULL;
  SilaError err = {0};
  if (sila_web_start(store, &cfg, &web, &err) != SILA_OK) {
    char msg[1024];
    fprintf(stderr, "sila serve: %s\n", sila_error_format(&err, msg, sizeof msg));
    sila_store_close(store);
    rc = SILA_EXIT_FAIL;
    goto done;
  }
  /* usage statistics: counted in memory, written every SILA_STATS_FLUSH seconds */
  const char *flush_env = getenv("SILA_STATS_FLUSH");
  double flush_s = flush_env && atof(flush_env) > 0 ? atof(flush_env) : 60;
  if (sila_usage_start(store, flush_s) != SILA_OK)
    fprintf(stderr, "sila serve: usage statistics are not written (no timer thread)\n");
  fprintf(stderr, "sila serve: listening on http://%s:%u/ (store %s, writes %s, SERVICE %s)\n",
          cfg.bind, sila_web_port(web), store_dir,
          cfg.write_token && *cfg.write_token ? "with token" : "disabled",
          cfg.nservice_allow ? "to allowed endpoints" : "disabled");
  fflush(stderr);
  int sig = 0;
  sigwait(&sigs, &sig);
  fprintf(stderr, "sila serve: %s, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
  sila_web_stop(web);
  sila_usage_stop(); /* the last counters, after the last request */
  sila_store_close(store);
  fprintf(stderr, "sila serve: stopped\n");
done:
  conf_free(&cs);
  allow_free(&service_opt);
  allow_free(&load_opt);
  allow_free(&proxy_opt);
  return rc;
}
