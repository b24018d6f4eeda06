/* http_client.c — one `sila serve` for a test runner, and its requests. */
#include "http_client.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_files.h"

pid_t http_server_start(const char *sila, const char *store, const char *log, const char *token,
                        const char *const *extra_args, char *base_url, size_t base_url_size) {
  const char *argv[40] = {sila, "serve", "--store", store, "--port", "0"};
  size_t n = 6;
  while (extra_args && *extra_args && n < 39)
    argv[n++] = *extra_args++;
  argv[n] = NULL;
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    int e = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = open("/dev/null", O_RDONLY);
    if (e < 0 || in < 0)
      _exit(126);
    dup2(in, 0), dup2(e, 1), dup2(e, 2);
    setenv("SILA_WRITE_TOKEN", token, 1);
    execv(sila, (char *const *)argv);
    _exit(127);
  }
  for (int i = 0; i < 200; i++) {
    size_t len;
    char *s = test_file_read(log, &len);
    const char *p = s ? strstr(s, "listening on http://127.0.0.1:") : NULL;
    if (p) {
      snprintf(base_url, base_url_size, "http://127.0.0.1:%d", atoi(p + 30));
      free(s);
      return pid;
    }
    free(s);
    if (waitpid(pid, NULL, WNOHANG) == pid)
      return -1; /* it ended: the log says why */
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  kill(pid, SIGTERM);
  waitpid(pid, NULL, 0);
  return -1;
}

bool http_server_stop(pid_t pid, const char *log) {
  kill(pid, SIGTERM);
  int st = 0;
  waitpid(pid, &st, 0);
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
    return true;
  size_t len;
  char *s = test_file_read(log, &len);
  printf("FAIL: sila serve ended with status %d:\n%s\n", st,
         s ? (len > 1999 ? s + len - 1999 : s) : "");
  free(s);
  return false;
}

static size_t curl_sink(char *data, size_t size, size_t n, void *buf) {
  return sila_buf_append(buf, data, size * n) ? 0 : size * n;
}

long http_request(CURL *curl, const char *base_url, const char *token, const char *method,
                  const char *path, const char *ctype, const char *accept,
                  const char *extra_header, const char *body, size_t len, SilaBuf *out) {
  SilaBuf url = SILA_BUF_INIT;
  char h1[200], h2[200], h3[200];
  sila_buf_puts(&url, base_url);
  sila_buf_puts(&url, path);
  struct curl_slist *hs = NULL;
  snprintf(h1, sizeof h1, "Authorization: Bearer %s", token);
  hs = curl_slist_append(hs, h1);
  if (ctype) {
    snprintf(h2, sizeof h2, "Content-Type: %s", ctype);
    hs = curl_slist_append(hs, h2);
  }
  if (accept) {
    snprintf(h3, sizeof h3, "Accept: %s", accept);
    hs = curl_slist_append(hs, h3);
  }
  if (extra_header)
    hs = curl_slist_append(hs, extra_header);
  hs = curl_slist_append(hs, "Expect:");
  curl_easy_reset(curl); /* options only: the connection stays open */
  curl_easy_setopt(curl, CURLOPT_URL, url.data ? url.data : "");
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hs);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, curl_sink);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
  if (body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)len);
  }
  long code = 0;
  if (curl_easy_perform(curl) == CURLE_OK)
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all(hs);
  sila_buf_free(&url);
  return code;
}

void http_url_encode(SilaBuf *b, const char *s) {
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
        strchr("-._~", ch))
      sila_buf_putc(b, (char)ch);
    else
      sila_buf_printf(b, "%%%02X", ch);
  }
}
