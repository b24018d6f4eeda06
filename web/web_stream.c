/* web_stream.c — a job's response: the status is decided ("committed")
 * when WEB_COMMIT_AT bytes are buffered or the job ends, so that an early
 * error still gets its status; after that the body streams through a
 * buffer of at most WEB_OUT_CAP unsent bytes (the job waits while it is
 * full; the content reader suspends the connection while it is empty).
 * Optional gzip on the way. */
#include <stdlib.h>
#include <string.h>

#include "prog_web.h"
#include "web_core.h"

#define WEB_COMMIT_AT (32 * 1024)
#define WEB_OUT_CAP (128 * 1024)

/* r->mu held: status and headers are decided; hand back to the handler. */
void web_commit_locked(WebReq *r) {
  r->phase = PH_COMMITTED;
  MHD_resume_connection(r->conn);
}

void web_begin(WebReq *r, unsigned status, const char *ctype) {
  pthread_mutex_lock(&r->mu);
  r->status = status;
  snprintf(r->ctype, sizeof r->ctype, "%s", ctype ? ctype : "");
  pthread_mutex_unlock(&r->mu);
}

static SilaStatus stream_append(WebReq *r, const char *data, size_t len) {
  SilaStatus st = SILA_OK;
  pthread_mutex_lock(&r->mu);
  if (r->gone) {
    st = SILA_ERR_INTERRUPTED;
    goto out;
  }
  if (r->head_only || r->not_modified) {
    r->head_len += len;
    goto out;
  }
  if (r->inline_run && r->out.len + len > WEB_COMMIT_AT) {
    /* a long answer: not on the polling thread (web_enqueue_inline) */
    r->restart = true;
    st = SILA_ERR_INTERRUPTED;
    goto out;
  }
  if (sila_buf_append(&r->out, data, len)) {
    st = SILA_ERR_NOMEM;
    goto out;
  }
  if (r->phase == PH_WAIT && r->out.len - r->out_off >= WEB_COMMIT_AT) {
    r->streaming = true;
    web_commit_locked(r);
  }
  if (r->streaming) {
    if (r->reader_waiting) {
      r->reader_waiting = false;
      MHD_resume_connection(r->conn);
    }
    while (!r->gone && r->out.len - r->out_off >= WEB_OUT_CAP)
      pthread_cond_wait(&r->cv, &r->mu);
    if (r->gone)
      st = SILA_ERR_INTERRUPTED;
  }
out:
  pthread_mutex_unlock(&r->mu);
  return st;
}

void web_allow_gzip(WebReq *r) {
  if (r->head_only || r->gz ||
      !web_accepts_gzip(web_req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING)))
    return;
  z_stream *z = calloc(1, sizeof *z);
  if (!z)
    return;
  if (deflateInit2(z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    free(z);
    return;
  }
  r->gz = z;
  web_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
  web_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
}

/* Compresses [data, data+len) (flush = Z_FINISH at the end) into the stream. */
static SilaStatus gz_write(WebReq *r, const char *data, size_t len, int flush) {
  char chunk[16384];
  z_stream *z = r->gz;
  z->next_in = (Bytef *)data;
  z->avail_in = (uInt)len;
  int zr;
  do {
    z->next_out = (Bytef *)chunk;
    z->avail_out = sizeof chunk;
    zr = deflate(z, flush);
    if (zr == Z_STREAM_ERROR)
      return SILA_ERR_IO;
    size_t n = sizeof chunk - z->avail_out;
    if (n) {
      SilaStatus st = stream_append(r, chunk, n);
      if (st != SILA_OK)
        return st;
    }
  } while (z->avail_out == 0 || (flush == Z_FINISH && zr != Z_STREAM_END));
  return SILA_OK;
}

SilaStatus web_write(void *ctx, const char *data, size_t len) {
  WebReq *r = ctx;
  /* A query whose answer streams is paced by its client from here on: a
   * slow reader must not keep a long-query place from the others.
   * (r->streaming is only written by this thread.) */
  if ((r->holds & HOLD_SLOW_PLACE) && r->streaming)
    web_slow_release(r);
  if (r->gz)
    return gz_write(r, data, len, Z_NO_FLUSH);
  return stream_append(r, data, len);
}

void web_on_exec(void *ctx, SilaExec *ex) {
  WebReq *r = ctx;
  if (!ex && r->exec) /* ending: count the graphs it read (issue 17) */
    prog_web_count_query(r, r->exec);
  pthread_mutex_lock(&r->mu);
  r->exec = ex;
  if (ex && (r->gone || r->web->stopping))
    sila_exec_interrupt(ex);
  pthread_mutex_unlock(&r->mu);
}

static ssize_t content_reader(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  WebReq *r = cls;
  ssize_t ret;
  pthread_mutex_lock(&r->mu);
  size_t avail = r->out.len - r->out_off;
  if (avail) {
    size_t n = avail < max ? avail : max;
    memcpy(buf, r->out.data + r->out_off, n);
    r->out_off += n;
    if (r->out_off == r->out.len)
      r->out.len = r->out_off = 0;
    r->bytes += n;
    pthread_cond_broadcast(&r->cv);
    ret = (ssize_t)n;
  } else if (r->end != JOB_PENDING) {
    ret = r->end == JOB_FAILED ? MHD_CONTENT_READER_END_WITH_ERROR : MHD_CONTENT_READER_END_OF_STREAM;
  } else {
    /* nothing yet: sleep until the producer resumes us (never busy-wait) */
    r->reader_waiting = true;
    MHD_suspend_connection(r->conn);
    ret = 0;
  }
  pthread_mutex_unlock(&r->mu);
  return ret;
}

static void content_free(void *cls) {
  WebReq *r = cls;
  pthread_mutex_lock(&r->mu);
  if (r->end == JOB_PENDING) {
    r->gone = true; /* the client went away mid-stream: cancel */
    if (r->exec)
      sila_exec_interrupt(r->exec);
  }
  pthread_cond_broadcast(&r->cv);
  pthread_mutex_unlock(&r->mu);
  web_req_release(r);
}

ssize_t web_no_content(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)cls, (void)pos, (void)buf, (void)max;
  return MHD_CONTENT_READER_END_OF_STREAM;
}

/* A 304 whose 200 length is not known: libmicrohttpd 0.9.75 would say
 * "Content-Length: 0" for an empty buffer (a 304 may carry the real length
 * or none, RFC 9110 §8.6) and chunk an unknown length, so it is sent with
 * no length and no chunking, the connection closed after it. */
struct MHD_Response *web_no_length_response(void) {
  struct MHD_Response *resp =
      MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, web_no_content, NULL, NULL);
  if (resp)
    MHD_set_response_options(resp, MHD_RF_HTTP_1_0_COMPATIBLE_STRICT, MHD_RO_END);
  return resp;
}

enum MHD_Result web_queue_committed(WebReq *r) {
  struct MHD_Response *resp;
  pthread_mutex_lock(&r->mu);
  if (r->gone) {
    pthread_mutex_unlock(&r->mu);
    return MHD_NO;
  }
  if (r->streaming) {
    resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024, content_reader, r,
                                             content_free);
    if (resp)
      r->refs++;
  } else if (r->status == 304 && !r->not_modified) {
    resp = web_no_length_response();
    r->bytes = 0;
  } else if (r->head_only || r->not_modified) {
    /* HEAD: the length GET would send (MHD sends no body for HEAD); a 304
     * of a page says the length its 200 would have. */
    resp = MHD_create_response_from_callback(
        r->head_unsized && !r->not_modified ? MHD_SIZE_UNKNOWN : r->head_len, 1024,
        web_no_content, NULL, NULL);
    r->bytes = 0;
  } else {
    resp = MHD_create_response_from_buffer(r->out.len - r->out_off, r->out.data + r->out_off,
                                           MHD_RESPMEM_MUST_COPY);
    r->bytes = r->head_only ? 0 : r->out.len - r->out_off;
  }
  r->phase = PH_QUEUED;
  unsigned status = r->status;
  pthread_mutex_unlock(&r->mu);
  if (!resp)
    return MHD_NO;
  web_add_headers(r, resp);
  enum MHD_Result ret = MHD_queue_response(r->conn, status, resp);
  MHD_destroy_response(resp);
  return ret;
}


SilaStatus web_gzip_end(WebReq *r, SilaStatus st) {
  if (!r->gz)
    return st;
  if (st == SILA_OK) /* a failed stream gets no gzip trailer: it ends broken */
    st = gz_write(r, "", 0, Z_FINISH);
  deflateEnd(r->gz);
  free(r->gz);
  r->gz = NULL;
  return st;
}
