/* csvw_httpd.c — libmicrohttpd server for the CSVW suite (see header). */
#include "csvw_httpd.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct CsvwHttpd {
  struct MHD_Daemon *d;
  char *root, *prefix, *well_known;
  unsigned short port;
  pthread_mutex_t lock;
  char *link_path, *link;
};

static const char *mime_of(const char *path) {
  const char *dot = strrchr(path, '.');
  if (!dot)
    return "application/octet-stream";
  if (!strcmp(dot, ".csv"))
    return "text/csv";
  if (!strcmp(dot, ".tsv"))
    return "text/tab-separated-values";
  if (!strcmp(dot, ".json"))
    return "application/csvm+json";
  if (!strcmp(dot, ".ttl"))
    return "text/turtle";
  return "text/plain";
}

static enum MHD_Result answer_404(struct MHD_Connection *c) {
  static const char body[] = "not found\n";
  struct MHD_Response *r =
      MHD_create_response_from_buffer(sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
  enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_NOT_FOUND, r);
  MHD_destroy_response(r);
  return ret;
}

static enum MHD_Result count_json_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value) {
  (void)kind;
  (void)value;
  size_t n = strlen(key);
  if (n >= 5 && !strcmp(key + n - 5, ".json"))
    ++*(int *)cls;
  return MHD_YES;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls) {
  (void)version;
  (void)upload;
  (void)upload_size;
  (void)con_cls;
  CsvwHttpd *h = cls;
  if (strcmp(method, "GET") && strcmp(method, "HEAD"))
    return answer_404(c);
  if (!strcmp(url, "/.well-known/csvm")) {
    if (!h->well_known)
      return answer_404(c);
    struct MHD_Response *r = MHD_create_response_from_buffer(
        strlen(h->well_known), h->well_known, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "text/plain");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
  }
  size_t pl = strlen(h->prefix);
  if (strncmp(url, h->prefix, pl) || strstr(url, ".."))
    return answer_404(c);
  /* a query string names another resource: "x.csv?query" is still the CSV
   * (tests 116/118), but "x.csv?query-metadata.json" does not exist */
  int json_args = 0;
  MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, count_json_arg, &json_args);
  if (json_args)
    return answer_404(c);
  char *path = malloc(strlen(h->root) + strlen(url) + 2);
  sprintf(path, "%s/%s", h->root, url + pl);
  int fd = open(path, O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0)
      close(fd);
    free(path);
    return answer_404(c);
  }
  struct MHD_Response *r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
  MHD_add_response_header(r, "Content-Type", mime_of(path));
  pthread_mutex_lock(&h->lock);
  if (h->link_path && !strcmp(h->link_path, url))
    MHD_add_response_header(r, "Link", h->link);
  pthread_mutex_unlock(&h->lock);
  enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
  MHD_destroy_response(r);
  free(path);
  return ret;
}

CsvwHttpd *csvw_httpd_start(const char *root, const char *prefix, const char *well_known) {
  CsvwHttpd *h = calloc(1, sizeof *h);
  if (!h)
    return NULL;
  h->root = strdup(root);
  h->prefix = strdup(prefix);
  h->well_known = well_known ? strdup(well_known) : NULL;
  pthread_mutex_init(&h->lock, NULL);
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = 0;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  h->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
                          handler, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_END);
  if (!h->d) {
    csvw_httpd_stop(h);
    return NULL;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
  h->port = info ? info->port : 0;
  return h;
}

unsigned short csvw_httpd_port(const CsvwHttpd *h) { return h->port; }

void csvw_httpd_set_link(CsvwHttpd *h, const char *path, const char *link) {
  pthread_mutex_lock(&h->lock);
  free(h->link_path);
  free(h->link);
  h->link_path = path ? strdup(path) : NULL;
  h->link = link ? strdup(link) : NULL;
  pthread_mutex_unlock(&h->lock);
}

void csvw_httpd_stop(CsvwHttpd *h) {
  if (!h)
    return;
  if (h->d)
    MHD_stop_daemon(h->d);
  pthread_mutex_destroy(&h->lock);
  free(h->root);
  free(h->prefix);
  free(h->well_known);
  free(h->link_path);
  free(h->link);
  free(h);
}
