/* test_files.c — reading test documents (test_files.h). */
#include "test_files.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sila_term.h"

char *test_file_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  SilaBuf b = SILA_BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (sila_buf_append(&b, chunk, n))
      break;
  bool failed = ferror(f) || sila_buf_failed(&b);
  fclose(f);
  if (failed || (!b.data && sila_buf_append(&b, "", 0))) {
    sila_buf_free(&b);
    return NULL;
  }
  *len = b.len;
  return b.data;
}

static void walk(const char *dir, size_t root_len, TestFileFn fn, void *ctx) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
      continue;
    struct stat sb;
    if (stat(path, &sb) != 0)
      continue;
    if (S_ISDIR(sb.st_mode))
      walk(path, root_len, fn, ctx);
    else
      fn(path, path + root_len + 1, ctx);
  }
  closedir(d);
}

void test_walk_files(const char *dir, TestFileFn fn, void *ctx) {
  walk(dir, strlen(dir), fn, ctx);
}

ssize_t test_chunk_read(void *ctx, char *buf, size_t size) {
  TestChunkReader *r = ctx;
  size_t n = r->len - r->pos;
  if (r->max_chunk) {
    r->seed = r->seed * 1664525u + 1013904223u;
    size_t want = 1 + (r->seed >> 24) % r->max_chunk;
    if (n > want)
      n = want;
  }
  if (n > size)
    n = size;
  memcpy(buf, r->data + r->pos, n);
  r->pos += n;
  return (ssize_t)n;
}
